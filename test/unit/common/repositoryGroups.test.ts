import { strict as assert } from 'node:assert';
import { compileEntry, compileGroup, RepositoryGroupError, RepositoryGroups } from '../../../src/common/repositoryGroups';

const ROOT = '/w/meta';
/** A meta-repository: the root, submodules at several depths, a nested repository and a dot-folder. */
const REPOS = [
	'/w/meta',
	'/w/meta/apps/web',
	'/w/meta/apps/web/vendor/ui',
	'/w/meta/apps/admin',
	'/w/meta/apps-legacy/old',
	'/w/meta/libs/core',
	'/w/meta/libs/core/deps/zlib',
	'/w/meta/libs/c0re',
	'/w/meta/.tools/lint',
	'/w/meta/weird name [1]',
];

/** The repositories (relative to the root, the root as `.`) that `patterns` select. */
function members(patterns: unknown, roots: readonly string[] = [ROOT], repos: readonly string[] = REPOS): string[] {
	const group = compileGroup('g', patterns, roots);
	assert.equal(group.error, null, `unexpected error: ${group.error}`);
	return repos.filter((r) => group.includes(r)).map((r) => (r === ROOT ? '.' : r.slice(ROOT.length + 1)));
}

function problem(patterns: unknown): string {
	const group = compileGroup('g', patterns, [ROOT]);
	assert.ok(group.error, `expected ${JSON.stringify(patterns)} to be invalid`);
	assert.equal(group.includes('/w/meta/apps/web'), false, 'an invalid group matches nothing');
	return group.error;
}

describe('repository groups', () => {
	describe('plain paths', () => {
		it('match the repository whose folder they name', () => {
			assert.deepEqual(members(['apps/web']), ['apps/web']);
			assert.deepEqual(members(['libs/core', 'apps/admin']), ['apps/admin', 'libs/core']);
		});

		it('are normalised: leading ./, trailing and doubled slashes, surrounding spaces', () => {
			for (const entry of ['./apps/web', 'apps/web/', 'apps//web', ' apps/web ', './apps/./web/']) {
				assert.deepEqual(members([entry]), ['apps/web'], entry);
			}
		});

		it('name the workspace folder itself with "."', () => {
			assert.deepEqual(members(['.']), ['.']);
			assert.deepEqual(members(['./']), ['.']);
		});

		it('do not include the submodules or nested repositories below the repository they name', () => {
			assert.deepEqual(members(['libs/core']), ['libs/core']);
			assert.deepEqual(members(['.']), ['.'], 'the root of a meta-repository alone');
		});

		it('match a folder whose name holds glob characters literally', () => {
			assert.deepEqual(members(['weird name [1]']), ['weird name [1]']);
		});

		it('never match by prefix alone', () => {
			assert.deepEqual(members(['apps']), []);
			assert.deepEqual(members(['apps/we']), []);
			assert.deepEqual(members(['libs/core/deps']), []);
		});

		it('match a folder that holds no repository with nothing (not an error)', () => {
			assert.deepEqual(members(['does/not/exist']), []);
		});
	});

	describe('globs', () => {
		it('* stays within one folder level', () => {
			assert.deepEqual(members(['apps/*']), ['apps/web', 'apps/admin']);
			assert.deepEqual(members(['*']), ['weird name [1]']);
			assert.deepEqual(members(['*/*']), ['apps/web', 'apps/admin', 'apps-legacy/old', 'libs/core', 'libs/c0re', '.tools/lint']);
		});

		it('* does not match the workspace folder itself', () => {
			assert.ok(!members(['*']).includes('.'));
		});

		it('** spans levels and includes the folder it starts from', () => {
			assert.deepEqual(members(['apps/**']), ['apps/web', 'apps/web/vendor/ui', 'apps/admin']);
			assert.deepEqual(members(['libs/core/**']), ['libs/core', 'libs/core/deps/zlib'], 'a repository and everything below it');
			assert.deepEqual(members(['**/vendor/*']), ['apps/web/vendor/ui']);
		});

		it('** alone matches every repository, the workspace folder included', () => {
			assert.deepEqual(members(['**']), REPOS.map((r) => (r === ROOT ? '.' : r.slice(ROOT.length + 1))));
		});

		it('? matches one character, never a separator', () => {
			assert.deepEqual(members(['libs/c?re']), ['libs/core', 'libs/c0re']);
			assert.deepEqual(members(['apps?web']), []);
		});

		it('match dot-folders like any other folder', () => {
			assert.deepEqual(members(['.tools/*']), ['.tools/lint']);
			assert.deepEqual(members(['*/lint']), ['.tools/lint']);
		});

		it('support braces and brackets', () => {
			assert.deepEqual(members(['apps/{web,admin}']), ['apps/web', 'apps/admin']);
			assert.deepEqual(members(['libs/c[0o]re']), ['libs/core', 'libs/c0re']);
		});

		it('anchor at the start: apps* is not **/apps*', () => {
			assert.deepEqual(members(['apps*/*']), ['apps/web', 'apps/admin', 'apps-legacy/old']);
			assert.deepEqual(members(['web']), []);
		});

		it('union across entries, each repository once', () => {
			assert.deepEqual(members(['apps/*', 'apps/web', 'libs/**']), ['apps/web', 'apps/admin', 'libs/core', 'libs/core/deps/zlib', 'libs/c0re']);
		});
	});

	describe('workspace folders', () => {
		const roots = ['/w/front', '/w/back'];
		const repos = ['/w/front', '/w/front/apps/web', '/w/back', '/w/back/apps/api', '/w/elsewhere/wt'];

		function multi(patterns: string[]): string[] {
			const group = compileGroup('g', patterns, roots);
			return repos.filter((r) => group.includes(r));
		}

		it('try a relative entry against every folder', () => {
			assert.deepEqual(multi(['apps/*']), ['/w/front/apps/web', '/w/back/apps/api']);
			assert.deepEqual(multi(['.']), ['/w/front', '/w/back']);
		});

		it('match absolute entries against absolute paths, also outside the workspace', () => {
			assert.deepEqual(multi(['/w/elsewhere/wt']), ['/w/elsewhere/wt']);
			assert.deepEqual(multi(['/w/back/**']), ['/w/back', '/w/back/apps/api']);
			assert.deepEqual(multi(['/w/front/']), ['/w/front']);
		});

		it('never match a relative entry for a repository outside every folder', () => {
			assert.deepEqual(multi(['wt', 'elsewhere/wt', '**/wt']), []);
		});

		it('accept repository paths in any spelling', () => {
			const group = compileGroup('g', ['apps/web'], ['/w/front/']);
			assert.ok(group.includes('/w/front/apps/web/'));
			assert.ok(group.includes('/w/front/apps/./web'));
			assert.ok(!group.includes('/w/frontend/apps/web'), 'a shared prefix is not containment');
		});

		it('without folders, only absolute entries can match', () => {
			const group = compileGroup('g', ['apps/web', '/w/x'], []);
			assert.ok(!group.includes('/w/front/apps/web'));
			assert.ok(group.includes('/w/x'));
		});
	});

	describe('invalid entries', () => {
		it('name the group, the entry and the reason', () => {
			assert.equal(problem(['']), 'Repository group "g": "" is empty');
			assert.match(problem(['   ']), /is empty/);
			assert.match(problem(['apps/[web']), /^Repository group "g": "apps\/\[web" is not a valid glob: Missing closing: "\]"/);
			assert.match(problem(['apps/{web']), /is not a valid glob: Missing closing: "\}"/);
			assert.match(problem(['apps/(web']), /is not a valid glob/);
			assert.match(problem(['!apps/web']), /is a negation, which groups do not support/);
			assert.match(problem(['../sibling']), /leaves the workspace folder/);
			assert.match(problem(['apps/../../x']), /leaves the workspace folder/);
			assert.match(problem([42]), /"42" is not a string/);
			assert.match(problem([null]), /"null" is not a string/);
		});

		it('reject a group that is not a list', () => {
			assert.equal(problem('apps/*'), 'Repository group "g" must be a list of paths or globs, e.g. ["apps/*"]');
			assert.match(problem({ apps: '*' }), /must be a list/);
			assert.match(problem(null), /must be a list/);
		});

		it('collect every problem of a group, one per line, and keep the written entries', () => {
			const group = compileGroup('g', ['apps/*', '', '[', 7], [ROOT]);
			assert.equal(group.error?.split('\n').length, 3);
			assert.deepEqual(group.patterns, ['apps/*', '', '[']);
		});

		it('allow ".." that stays inside the folder once normalised only in absolute entries', () => {
			assert.ok(compileGroup('g', ['/w/meta/x/../apps/web'], [ROOT]).includes('/w/meta/apps/web'));
		});

		it('compileEntry throws a RepositoryGroupError carrying the group and entry', () => {
			assert.throws(
				() => compileEntry('front', '['),
				(err: unknown) => err instanceof RepositoryGroupError && err.group === 'front' && err.pattern === '[' && /not a valid glob/.test(err.reason),
			);
		});

		it('an empty list is a valid group with no repository', () => {
			const group = compileGroup('g', [], [ROOT]);
			assert.equal(group.error, null);
			assert.ok(!group.includes(ROOT));
		});
	});

	describe('RepositoryGroups', () => {
		const setting = { frontend: ['apps/*'], core: ['libs/core/**'], broken: ['[', 'apps/web'], empty: [] };
		const groups = RepositoryGroups.fromSetting(setting, [ROOT]);
		const items = REPOS.map((path) => ({ path }));

		it('keeps the setting order and every group, valid or not', () => {
			assert.deepEqual(groups.names, ['frontend', 'core', 'broken', 'empty']);
			assert.deepEqual(groups.all.map((g) => g.error !== null), [false, false, true, false]);
			assert.deepEqual(groups.get('frontend')?.patterns, ['apps/*']);
		});

		it('filters items by group, or passes them through without one', () => {
			assert.deepEqual(groups.filter(items, 'frontend').map((i) => i.path), ['/w/meta/apps/web', '/w/meta/apps/admin']);
			assert.deepEqual(groups.filter(items, 'empty'), []);
			assert.equal(groups.filter(items, null), items);
			assert.equal(groups.filter(items, undefined), items);
		});

		it('refuses an unknown group, naming the known ones', () => {
			assert.throws(
				() => groups.filter(items, 'backend'),
				(err: unknown) =>
					err instanceof RepositoryGroupError &&
					err.message === 'Repository group "backend" is not defined in the setting metaGothic.repos.groups; the groups are "frontend", "core", "broken", "empty"',
			);
			assert.throws(() => RepositoryGroups.EMPTY.require('x'), /none is defined/);
		});

		it('refuses an invalid group with its problems', () => {
			assert.throws(() => groups.require('broken'), /Repository group "broken" is invalid .*\n.*"\[" is not a valid glob/);
		});

		it('treats a setting that is not an object as no groups', () => {
			for (const value of [undefined, null, [], 'apps/*', 3]) {
				assert.deepEqual(RepositoryGroups.fromSetting(value, [ROOT]).names, [], JSON.stringify(value));
			}
		});

		it('does not treat inherited object keys as groups', () => {
			const parsed = JSON.parse('{"__proto__": ["apps/*"], "toString": ["libs/*"]}') as unknown;
			const g = RepositoryGroups.fromSetting(parsed, [ROOT]);
			assert.deepEqual([...g.names].sort(), ['__proto__', 'toString']);
			assert.equal(g.get('constructor'), undefined);
			assert.deepEqual(g.filter(items, 'toString').map((i) => i.path), ['/w/meta/libs/core', '/w/meta/libs/c0re']);
		});
	});
});
