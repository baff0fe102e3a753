import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pnpmWorkspacePatterns, readRepositoryManifests } from '../../../src/npm/manifests';

function write(root: string, files: Record<string, unknown>): void {
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
	}
}

describe('package.json files of a repository', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-manifests-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('reads the root package and its workspace packages (globs, ** and exclusions), with every dependency block', async () => {
		write(dir, {
			'package.json': { name: 'root', version: '1.0.0', private: true, workspaces: ['packages/*', 'apps/**', '!packages/skipped'] },
			'packages/a/package.json': { name: '@x/a', version: '1.2.3', dependencies: { '@x/b': '^1.0.0' }, devDependencies: { mocha: '^10' }, peerDependencies: { react: '*' }, optionalDependencies: { fsevents: '2' } },
			'packages/b/package.json': { name: '@x/b', version: '1.0.0' },
			'packages/skipped/package.json': { name: '@x/skipped', version: '1.0.0' },
			'packages/no-manifest/README.md': '',
			'apps/web/site/package.json': { name: 'site', version: '0.1.0', private: true },
			'apps/web/site/node_modules/dep/package.json': { name: 'dep', version: '9.9.9' },
		});
		const records = await readRepositoryManifests(dir);
		assert.deepEqual(records.map((r) => [r.directory, r.name, r.version, r.private]), [
			['', 'root', '1.0.0', true],
			['apps/web/site', 'site', '0.1.0', true],
			['packages/a', '@x/a', '1.2.3', false],
			['packages/b', '@x/b', '1.0.0', false],
		]);
		assert.deepEqual(records[2].dependencies, [
			{ name: '@x/b', range: '^1.0.0', kind: 'PROD' },
			{ name: 'mocha', range: '^10', kind: 'DEV' },
			{ name: 'react', range: '*', kind: 'PEER' },
			{ name: 'fsevents', range: '2', kind: 'OPTIONAL' },
		]);
	});

	it('reads pnpm-workspace.yaml, skips a nameless root, and reports a package.json that is not JSON', async () => {
		write(dir, {
			'package.json': { private: true, scripts: { build: 'x' } },
			'pnpm-workspace.yaml': "packages:\n  - 'libs/*' # the libraries\n  - \"tools/cli\"\ncatalog:\n  - ignored\n",
			'libs/one/package.json': { name: 'one', version: '1.0.0' },
			'libs/broken/package.json': '{ "name": ',
			'tools/cli/package.json': { name: 'cli', version: '2.0.0' },
		});
		assert.deepEqual(pnpmWorkspacePatterns("packages:\n  - 'libs/*'\n  - tools/cli\n"), ['libs/*', 'tools/cli']);
		const records = await readRepositoryManifests(dir);
		assert.deepEqual(records.map((r) => [r.directory, r.name, r.error?.code ?? null]), [
			['libs/broken', 'broken', 'MANIFEST_INVALID'],
			['libs/one', 'one', null],
			['tools/cli', 'cli', null],
		]);
	});

	it('a repository without a package.json has no packages', async () => {
		assert.deepEqual(await readRepositoryManifests(dir), []);
	});
});
