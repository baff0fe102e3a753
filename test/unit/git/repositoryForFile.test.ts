import { strict as assert } from 'node:assert';
import { IGNORED_GIT_PATHS, repositoryForFile } from '../../../src/git/repositoryForFile';
import { repoState } from '../../support/graph/memorySources';

const repos = [
	repoState('/w/meta'),
	repoState('/w/meta/libs/core', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'libs/core' }),
	repoState('/w/meta/services/auth', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'services/auth' }),
	repoState('/w/meta/services/auth/vendor/crypto', { kind: 'SUBMODULE', parentPath: '/w/meta/services/auth', name: 'vendor/crypto' }),
	repoState('/w/other'),
];

describe('repositoryForFile', () => {
	it('picks the deepest repository containing a working-tree file', () => {
		assert.equal(repositoryForFile('/w/meta/README.md', repos)?.path, '/w/meta');
		assert.equal(repositoryForFile('/w/meta/libs/core/src/index.ts', repos)?.path, '/w/meta/libs/core');
		assert.equal(repositoryForFile('/w/meta/services/auth/vendor/crypto/a.ts', repos)?.path, '/w/meta/services/auth/vendor/crypto');
		assert.equal(repositoryForFile('/w/metadata/x', repos), undefined, 'a shared prefix is not containment');
	});

	it("maps a submodule's git dir inside its parent's .git/modules to the submodule", () => {
		assert.equal(repositoryForFile('/w/meta/.git/modules/libs/core/index', repos)?.path, '/w/meta/libs/core');
		assert.equal(repositoryForFile('/w/meta/.git/modules/services/auth/modules/vendor/crypto/HEAD', repos)?.path, '/w/meta/services/auth/vendor/crypto');
		assert.equal(repositoryForFile('/w/meta/.git/index', repos)?.path, '/w/meta');
	});

	it('ignores what git writes while it runs', () => {
		for (const p of ['/w/meta/.git/objects/ab/cdef', '/w/meta/.git/index.lock', '/w/meta/.git/logs/HEAD', '/w/meta/.git/FETCH_HEAD']) {
			assert.ok(IGNORED_GIT_PATHS.test(p), p);
		}
		for (const p of ['/w/meta/.git/index', '/w/meta/.git/HEAD', '/w/meta/.git/refs/heads/main', '/w/meta/src/objects/a.ts']) {
			assert.ok(!IGNORED_GIT_PATHS.test(p), p);
		}
	});
});
