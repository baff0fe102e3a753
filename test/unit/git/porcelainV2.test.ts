import { strict as assert } from 'node:assert';
import { parsePorcelainV2, PorcelainParseError, statusFromCode } from '../../../src/git/porcelainV2';
import { decodePath, encodePath } from '../../../src/common/pathEncoding';

const OID = 'a'.repeat(40);
const OID2 = 'b'.repeat(40);
const MODES = '100644 100644 100644';

/** Joins records the way `-z` does: each one NUL-terminated. */
function z(...records: (string | Buffer)[]): Buffer {
	return Buffer.concat(records.flatMap((r) => [typeof r === 'string' ? Buffer.from(r, 'utf8') : r, Buffer.of(0)]));
}

function ordinary(xy: string, path: string | Buffer, sub = 'N...'): Buffer {
	return Buffer.concat([Buffer.from(`1 ${xy} ${sub} ${MODES} ${OID} ${OID2} `), typeof path === 'string' ? Buffer.from(path) : path]);
}

function unmerged(xy: string, path: string): string {
	return `u ${xy} N... 100644 100644 100644 100644 ${OID} ${OID2} ${OID} ${path}`;
}

describe('git/porcelainV2', () => {
	describe('branch headers', () => {
		it('reads oid, head, upstream and ahead/behind', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head main', '# branch.upstream origin/main', '# branch.ab +3 -2'));
			assert.equal(s.headSha, OID);
			assert.equal(s.branch, 'main');
			assert.equal(s.detached, false);
			assert.equal(s.unborn, false);
			assert.equal(s.upstream, 'origin/main');
			assert.equal(s.upstreamGone, false);
			assert.equal(s.ahead, 3);
			assert.equal(s.behind, 2);
		});

		it('reads an unborn branch: oid (initial), branch still named', () => {
			const s = parsePorcelainV2(z('# branch.oid (initial)', '# branch.head main'));
			assert.equal(s.headSha, null);
			assert.equal(s.unborn, true);
			assert.equal(s.branch, 'main');
		});

		it('reads a detached HEAD', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head (detached)'));
			assert.equal(s.detached, true);
			assert.equal(s.branch, null);
			assert.equal(s.headSha, OID);
		});

		it('reads no upstream', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head main'));
			assert.equal(s.upstream, null);
			assert.equal(s.upstreamGone, false);
			assert.equal(s.ahead, 0);
			assert.equal(s.behind, 0);
		});

		it('reads an upstream that is gone (no branch.ab line)', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head topic', '# branch.upstream origin/topic'));
			assert.equal(s.upstream, 'origin/topic');
			assert.equal(s.upstreamGone, true);
		});

		it('reads the stash count and ignores unknown headers', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head main', '# stash 4', '# future.header 1'));
			assert.equal(s.stashes, 4);
		});

		it('keeps branch names with slashes and non-ASCII', () => {
			const s = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head feature/größe'));
			assert.equal(s.branch, 'feature/größe');
		});

		it('parses empty output as a blank status', () => {
			const s = parsePorcelainV2(Buffer.alloc(0));
			assert.deepEqual(s.changes, []);
			assert.equal(s.branch, null);
		});
	});

	describe('ordinary entries', () => {
		const cases: [string, string, string][] = [
			['M.', 'MODIFIED', 'UNMODIFIED'],
			['.M', 'UNMODIFIED', 'MODIFIED'],
			['MM', 'MODIFIED', 'MODIFIED'],
			['A.', 'ADDED', 'UNMODIFIED'],
			['AM', 'ADDED', 'MODIFIED'],
			['AD', 'ADDED', 'DELETED'],
			['D.', 'DELETED', 'UNMODIFIED'],
			['.D', 'UNMODIFIED', 'DELETED'],
			['T.', 'TYPE_CHANGED', 'UNMODIFIED'],
			['.T', 'UNMODIFIED', 'TYPE_CHANGED'],
		];
		for (const [xy, index, worktree] of cases) {
			it(`maps ${xy} to ${index}/${worktree}`, () => {
				const [change] = parsePorcelainV2(z(ordinary(xy, 'file.txt'))).changes;
				assert.deepEqual(change, { path: 'file.txt', originalPath: null, indexStatus: index, worktreeStatus: worktree, conflicted: false });
			});
		}

		it('keeps spaces in paths', () => {
			const [change] = parsePorcelainV2(z(ordinary('.M', 'dir with space/a  b .txt'))).changes;
			assert.equal(change.path, 'dir with space/a  b .txt');
		});

		it('keeps newlines in paths', () => {
			const [change] = parsePorcelainV2(z(ordinary('.M', 'line\nbreak.txt'), '? other\nnew')).changes;
			assert.equal(change.path, 'line\nbreak.txt');
		});

		it('keeps invalid UTF-8 in paths, reversibly', () => {
			const raw = Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]);
			const [change] = parsePorcelainV2(z(ordinary('.M', raw))).changes;
			assert.equal(change.path, 'bad\udcff\udcfe.txt');
			assert.deepEqual(encodePath(change.path), raw);
		});

		it('keeps valid multi-byte UTF-8 untouched', () => {
			const [change] = parsePorcelainV2(z(ordinary('A.', 'ünïcødé/日本語/😀.md'))).changes;
			assert.equal(change.path, 'ünïcødé/日本語/😀.md');
		});
	});

	describe('renames and copies', () => {
		it('reads a staged rename with its original path as the next NUL field', () => {
			const s = parsePorcelainV2(z(`2 R. N... ${MODES} ${OID} ${OID} R100 new name.txt`, 'old name.txt', ordinary('.M', 'after.txt')));
			assert.deepEqual(s.changes[0], { path: 'new name.txt', originalPath: 'old name.txt', indexStatus: 'RENAMED', worktreeStatus: 'UNMODIFIED', conflicted: false });
			assert.equal(s.changes[1].path, 'after.txt');
		});

		it('reads a rename then modified in the worktree', () => {
			const [change] = parsePorcelainV2(z(`2 RM N... ${MODES} ${OID} ${OID} R87 b.txt`, 'a.txt')).changes;
			assert.equal(change.indexStatus, 'RENAMED');
			assert.equal(change.worktreeStatus, 'MODIFIED');
		});

		it('reads a copy', () => {
			const [change] = parsePorcelainV2(z(`2 C. N... ${MODES} ${OID} ${OID} C75 copy.txt`, 'source.txt')).changes;
			assert.deepEqual(change, { path: 'copy.txt', originalPath: 'source.txt', indexStatus: 'COPIED', worktreeStatus: 'UNMODIFIED', conflicted: false });
		});

		it('reads renames whose paths hold newlines and spaces', () => {
			const [change] = parsePorcelainV2(z(`2 R. N... ${MODES} ${OID} ${OID} R100 to\nhere x`, 'from\nthere y')).changes;
			assert.equal(change.path, 'to\nhere x');
			assert.equal(change.originalPath, 'from\nthere y');
		});

		it('throws when the original path is missing', () => {
			assert.throws(() => parsePorcelainV2(z(`2 R. N... ${MODES} ${OID} ${OID} R100 new.txt`)), PorcelainParseError);
		});
	});

	describe('unmerged entries', () => {
		const combos: [string, string, string][] = [
			['DD', 'DELETED', 'DELETED'],
			['AU', 'ADDED', 'UNMERGED'],
			['UD', 'UNMERGED', 'DELETED'],
			['UA', 'UNMERGED', 'ADDED'],
			['DU', 'DELETED', 'UNMERGED'],
			['AA', 'ADDED', 'ADDED'],
			['UU', 'UNMERGED', 'UNMERGED'],
		];
		for (const [xy, index, worktree] of combos) {
			it(`reads ${xy} as a conflict (${index}/${worktree})`, () => {
				const [change] = parsePorcelainV2(z(unmerged(xy, 'both changed.txt'))).changes;
				assert.deepEqual(change, { path: 'both changed.txt', originalPath: null, indexStatus: index, worktreeStatus: worktree, conflicted: true });
			});
		}
	});

	describe('untracked and ignored', () => {
		it('reads untracked and ignored paths', () => {
			const s = parsePorcelainV2(z('? new file.txt', '? dir/', '! build/out.js'));
			assert.deepEqual(
				s.changes.map((c) => [c.path, c.indexStatus, c.worktreeStatus, c.conflicted]),
				[
					['new file.txt', 'UNMODIFIED', 'UNTRACKED', false],
					['dir/', 'UNMODIFIED', 'UNTRACKED', false],
					['build/out.js', 'UNMODIFIED', 'IGNORED', false],
				],
			);
		});
	});

	describe('submodule entries', () => {
		it('separates submodule changes from file changes, with their S<c><m><u> flags', () => {
			const s = parsePorcelainV2(
				z(
					ordinary('.M', 'README.md'),
					`1 .M SC.. 160000 160000 160000 ${OID} ${OID} libs/core`,
					`1 .M S.MU 160000 160000 160000 ${OID} ${OID} libs/ui`,
					`1 M. SC.. 160000 160000 160000 ${OID} ${OID2} services/api`,
				),
			);
			assert.deepEqual(s.changes.map((c) => c.path), ['README.md']);
			assert.deepEqual(s.submoduleChanges.map((c) => [c.path, c.indexStatus, c.worktreeStatus]), [
				['libs/core', 'UNMODIFIED', 'MODIFIED'],
				['libs/ui', 'UNMODIFIED', 'MODIFIED'],
				['services/api', 'MODIFIED', 'UNMODIFIED'],
			]);
			assert.deepEqual(s.submodules, [
				{ path: 'libs/core', commitChanged: true, trackedChanges: false, untrackedChanges: false },
				{ path: 'libs/ui', commitChanged: false, trackedChanges: true, untrackedChanges: true },
				{ path: 'services/api', commitChanged: true, trackedChanges: false, untrackedChanges: false },
			]);
		});

		it('reads a newly added submodule and a renamed one', () => {
			const s = parsePorcelainV2(
				z(`1 A. S... 000000 160000 160000 ${'0'.repeat(40)} ${OID} vendor/lib`, `2 R. S... 160000 160000 160000 ${OID} ${OID} R100 new/place`, 'old/place'),
			);
			assert.deepEqual(s.submoduleChanges.map((c) => [c.path, c.originalPath, c.indexStatus]), [
				['vendor/lib', null, 'ADDED'],
				['new/place', 'old/place', 'RENAMED'],
			]);
			assert.equal(s.changes.length, 0);
		});
	});

	describe('malformed input', () => {
		it('throws a PorcelainParseError on an unknown record type', () => {
			assert.throws(() => parsePorcelainV2(z('X what')), PorcelainParseError);
		});

		it('throws on a truncated record', () => {
			assert.throws(() => parsePorcelainV2(z('1 .M N... 100644')), PorcelainParseError);
		});

		it('throws on a malformed branch.ab', () => {
			assert.throws(() => parsePorcelainV2(z('# branch.ab 3 2')), PorcelainParseError);
		});

		it('throws on an unknown XY code', () => {
			assert.throws(() => statusFromCode('Z'), PorcelainParseError);
		});

		it('accepts output without a trailing NUL', () => {
			const output = Buffer.concat([z('# branch.head main'), Buffer.from('? last')]);
			assert.equal(parsePorcelainV2(output).changes[0].path, 'last');
		});
	});

	describe('path encoding', () => {
		it('round-trips every single byte value', () => {
			for (let b = 1; b < 256; b++) {
				const raw = Buffer.from([0x61, b, 0x62]);
				assert.deepEqual(encodePath(decodePath(raw)), raw, `byte ${b}`);
			}
		});

		it('round-trips overlong, surrogate and truncated sequences', () => {
			for (const raw of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]) {
				const bytes = Buffer.from(raw);
				const decoded = decodePath(bytes);
				assert.ok(!decoded.includes('\ufffd'), 'no lossy replacement');
				assert.deepEqual(encodePath(decoded), bytes);
			}
		});

		it('encodes astral characters (surrogate pairs) as UTF-8, not as escapes', () => {
			// U+10080 is the pair D800 DC80: its low half must not be mistaken for an escaped byte.
			const text = '\u{10080}\udc81';
			assert.deepEqual(encodePath(text), Buffer.concat([Buffer.from('\u{10080}', 'utf8'), Buffer.of(0x81)]));
		});
	});
});
