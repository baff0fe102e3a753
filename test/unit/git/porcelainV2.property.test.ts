/**
 * Property tests of the porcelain-v2 parser: records generated from a model, serialised as
 * `git status --porcelain=v2 --branch -z --show-stash` would, parse back to the model; arbitrary
 * bytes never make it throw anything but a PorcelainParseError.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodePath, encodePath } from '../../../src/common/pathEncoding';
import { parsePorcelainV2, PorcelainParseError, statusFromCode } from '../../../src/git/porcelainV2';

const RUNS = 2000;
const OID = 'a'.repeat(40);

/** Any bytes but NUL: what `-z` allows in a path, newlines and invalid UTF-8 included. */
const pathBytes = fc.uint8Array({ minLength: 1, maxLength: 24 }).map((b) => Buffer.from(b.map((x) => (x === 0 ? 0x0a : x))));
const refName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/._-]{0,20}$/);
const subField = fc.oneof(fc.constant('N...'), fc.tuple(fc.constantFrom('C', '.'), fc.constantFrom('M', '.'), fc.constantFrom('U', '.')).map((f) => `S${f.join('')}`));

type Entry =
	| { kind: '1'; xy: string; sub: string; path: Buffer }
	| { kind: '2'; xy: string; sub: string; score: string; path: Buffer; original: Buffer }
	| { kind: 'u'; xy: string; sub: string; path: Buffer }
	| { kind: '?'; path: Buffer }
	| { kind: '!'; path: Buffer };

const code = fc.constantFrom('.', 'M', 'T', 'A', 'D', 'R', 'C');
const entry: fc.Arbitrary<Entry> = fc.oneof(
	fc.record({ kind: fc.constant('1' as const), xy: fc.tuple(code, code).map((c) => c.join('')), sub: subField, path: pathBytes }),
	fc.record({ kind: fc.constant('2' as const), xy: fc.constantFrom('R.', 'C.', 'RM', 'R.'), sub: subField, score: fc.tuple(fc.constantFrom('R', 'C'), fc.integer({ min: 0, max: 100 })).map(([c, n]) => `${c}${n}`), path: pathBytes, original: pathBytes }),
	fc.record({ kind: fc.constant('u' as const), xy: fc.constantFrom('DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU'), sub: subField, path: pathBytes }),
	fc.record({ kind: fc.constantFrom('?' as const, '!' as const), path: pathBytes }),
);

const model = fc.record({
	oid: fc.option(fc.constant(OID)),
	branch: fc.option(refName),
	upstream: fc.option(refName),
	ab: fc.option(fc.tuple(fc.nat(10_000), fc.nat(10_000))),
	stash: fc.option(fc.integer({ min: 1, max: 500 })),
	entries: fc.array(entry, { maxLength: 12 }),
});
type Model = typeof model extends fc.Arbitrary<infer T> ? T : never;

/** Serialises a model the way git does: every record NUL-terminated, a rename's source as its own field. */
function format(m: Model): Buffer {
	const records: Buffer[] = [
		Buffer.from(`# branch.oid ${m.oid ?? '(initial)'}`),
		Buffer.from(`# branch.head ${m.branch ?? '(detached)'}`),
		...(m.upstream !== null ? [Buffer.from(`# branch.upstream ${m.upstream}`)] : []),
		...(m.upstream !== null && m.ab ? [Buffer.from(`# branch.ab +${m.ab[0]} -${m.ab[1]}`)] : []),
		...(m.stash !== null ? [Buffer.from(`# stash ${m.stash}`)] : []),
	];
	for (const e of m.entries) {
		switch (e.kind) {
			case '1':
				records.push(Buffer.concat([Buffer.from(`1 ${e.xy} ${e.sub} 100644 100644 100644 ${OID} ${OID} `), e.path]));
				break;
			case '2':
				records.push(Buffer.concat([Buffer.from(`2 ${e.xy} ${e.sub} 100644 100644 100644 ${OID} ${OID} ${e.score} `), e.path]), e.original);
				break;
			case 'u':
				records.push(Buffer.concat([Buffer.from(`u ${e.xy} ${e.sub} 100644 100644 100644 100644 ${OID} ${OID} ${OID} `), e.path]));
				break;
			default:
				records.push(Buffer.concat([Buffer.from(`${e.kind} `), e.path]));
		}
	}
	return Buffer.concat(records.flatMap((r) => [r, Buffer.of(0)]));
}

describe('git/porcelainV2 properties', () => {
	it(`decodes every path byte-faithfully: encodePath ∘ decodePath is the identity (${RUNS * 5} cases)`, () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
				assert.deepEqual(encodePath(decodePath(bytes)), Buffer.from(bytes));
			}),
			{ numRuns: RUNS * 5 },
		);
	});

	it(`parse ∘ format round-trips branch headers and every record kind (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(model, (m) => {
				const s = parsePorcelainV2(format(m));
				assert.equal(s.headSha, m.oid);
				assert.equal(s.unborn, m.oid === null);
				assert.equal(s.branch, m.branch);
				assert.equal(s.detached, m.branch === null);
				assert.equal(s.upstream, m.upstream);
				assert.equal(s.upstreamGone, m.upstream !== null && m.ab === null);
				assert.deepEqual([s.ahead, s.behind], m.upstream !== null && m.ab ? m.ab : [0, 0]);
				assert.equal(s.stashes, m.stash ?? 0);
				const changes = [...s.changes];
				const submoduleChanges = [...s.submoduleChanges];
				const submodules = [...s.submodules];
				for (const e of m.entries) {
					const isSubmodule = e.kind !== '?' && e.kind !== '!' && e.sub.startsWith('S');
					const change = isSubmodule ? submoduleChanges.shift() : changes.shift();
					assert.ok(change, 'one change per record');
					assert.deepEqual(encodePath(change.path), e.path, 'the path bytes survive');
					if (e.kind === '?' || e.kind === '!') {
						assert.deepEqual(change, { path: decodePath(e.path), originalPath: null, indexStatus: 'UNMODIFIED', worktreeStatus: e.kind === '?' ? 'UNTRACKED' : 'IGNORED', conflicted: false });
						continue;
					}
					const conflicted = e.kind === 'u';
					assert.deepEqual(change, {
						path: decodePath(e.path),
						originalPath: e.kind === '2' ? decodePath(e.original) : null,
						indexStatus: statusFromCode(e.xy[0], conflicted),
						worktreeStatus: statusFromCode(e.xy[1], conflicted),
						conflicted,
					});
					if (isSubmodule) {
						assert.deepEqual(submodules.shift(), { path: change.path, commitChanged: e.sub[1] === 'C', trackedChanges: e.sub[2] === 'M', untrackedChanges: e.sub[3] === 'U' });
					}
				}
				assert.deepEqual([changes.length, submoduleChanges.length, submodules.length], [0, 0, 0], 'no record is invented');
			}),
			{ numRuns: RUNS },
		);
	});

	/** Valid output cut short, bytes flipped or records spliced: only PorcelainParseError may escape. */
	const malformed = fc.oneof(
		fc.uint8Array({ maxLength: 200 }),
		fc.tuple(model, fc.nat(), fc.nat(255)).map(([m, at, byte]) => {
			const b = format(m);
			if (b.length > 0) {
				b[at % b.length] = byte;
			}
			return b;
		}),
		fc.tuple(model, fc.nat()).map(([m, cut]) => {
			const b = format(m);
			return b.subarray(0, cut % (b.length + 1));
		}),
		fc.array(fc.constantFrom('# branch.ab +1', '# branch.ab', '# stash x', '1 ', '2 R. N...', 'u UU', '? ', '#', '1 XY N... a b c d e f', '2 R. N... 1 2 3 4 5 R100 p'), { maxLength: 6 }).map((r) => Buffer.from(r.join('\0'))),
	);

	it(`never throws anything but a PorcelainParseError on malformed output, and what it returns is consistent (${RUNS * 2} cases)`, () => {
		fc.assert(
			fc.property(malformed, (bytes) => {
				try {
					const s = parsePorcelainV2(bytes);
					assert.equal(s.submodules.length, s.submoduleChanges.length);
					assert.ok(s.ahead >= 0 && s.behind >= 0);
					assert.ok(!s.unborn || s.headSha === null);
				} catch (err) {
					assert.ok(err instanceof PorcelainParseError, `unexpected ${String(err)}`);
				}
			}),
			{ numRuns: RUNS * 2 },
		);
	});
});
