/**
 * Property tests of the repository-group matcher: any setting value compiles without throwing
 * (a bad group carries its error); a plain path matches exactly its repository, however it is
 * spelled, and never the repositories inside it; `**` matches every repository.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { compileGroup, RepositoryGroups } from '../../../src/common/repositoryGroups';

const RUNS = 1000;
const ROOT = '/w/meta';

/** Folder names without glob syntax, so a path of them names one folder and nothing else. */
const segment = fc.stringMatching(/^[A-Za-z0-9_ .,=~#%&'$-]{1,10}$/).filter((s) => s !== '.' && s !== '..' && s.trim() === s);
const relPath = fc.array(segment, { minLength: 1, maxLength: 4 });
/** Spellings of the same entry: `./a/b/`, `a//b`, surrounding blanks. */
const spelled = (parts: string[]) =>
	fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()).map(([dot, slash, doubled, blank]) => {
		const body = parts.join(doubled ? '//' : '/');
		const entry = `${dot ? './' : ''}${body}${slash ? '/' : ''}`;
		return blank ? ` ${entry} ` : entry;
	});

describe('common/repositoryGroups properties', () => {
	it(`compiles any setting value without throwing; an invalid group says why and matches nothing (${RUNS * 2} cases)`, () => {
		const entry = fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue(), fc.constantFrom('[', '{a', '!x', '..', '/', '**', '.', '', 'a/**/b', '[!a]', '\\', '(', '+(a', 'x'.repeat(70_000)), fc.constant({ toString: 1 }));
		const setting = fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.array(entry, { maxLength: 5 }), fc.jsonValue())), fc.jsonValue());
		fc.assert(
			fc.property(setting, relPath, (value, repo) => {
				const groups = RepositoryGroups.fromSetting(value, [ROOT]);
				for (const group of groups.all) {
					const included = group.includes(`${ROOT}/${repo.join('/')}`);
					if (group.error !== null) {
						assert.equal(included, false);
						assert.ok(group.error.split('\n').every((line) => line.startsWith(`Repository group "${group.name}"`)), group.error);
						assert.throws(() => groups.require(group.name), (err: Error) => err.name === 'RepositoryGroupError');
					}
				}
			}),
			{ numRuns: RUNS * 2 },
		);
	});

	it(`matches a plain path, however spelled, to exactly its repository and not the ones inside or beside it (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(
				relPath.chain((parts) => fc.tuple(fc.constant(parts), spelled(parts), segment, relPath)),
				([parts, entry, child, other]) => {
					const group = compileGroup('g', [entry], [ROOT]);
					assert.equal(group.error, null);
					assert.equal(group.includes(`${ROOT}/${parts.join('/')}`), true, 'its own repository');
					assert.equal(group.includes(`${ROOT}/${parts.join('/')}/${child}`), false, 'not a submodule inside it');
					assert.equal(group.includes(ROOT), false, 'not the workspace folder');
					assert.equal(group.includes(`${ROOT}/${other.join('/')}`), other.join('/') === parts.join('/'));
				},
			),
			{ numRuns: RUNS },
		);
	});

	it(`matches every repository with **, the workspace folder with . only, and everything below with p/** (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(relPath, relPath, (parts, other) => {
				const repo = `${ROOT}/${parts.join('/')}`;
				assert.equal(compileGroup('all', ['**'], [ROOT]).includes(repo), true);
				assert.equal(compileGroup('all', ['**'], [ROOT]).includes(ROOT), true);
				assert.equal(compileGroup('root', ['.'], [ROOT]).includes(repo), false);
				assert.equal(compileGroup('root', ['.'], [ROOT]).includes(ROOT), true);
				const below = compileGroup('below', [`${parts[0]}/**`], [ROOT]);
				assert.equal(below.includes(repo), true);
				assert.equal(below.includes(`${ROOT}/${other.join('/')}`), other[0] === parts[0]);
				assert.equal(compileGroup('abs', [repo], ['/elsewhere']).includes(repo), true, 'an absolute entry outside every root');
			}),
			{ numRuns: RUNS },
		);
	});
});
