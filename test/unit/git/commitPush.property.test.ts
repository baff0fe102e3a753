/**
 * Property test of Commit All then Push across repositories where anything may fail: a hook that
 * rejects the commit, an index locked by another process, nothing to commit, a remote that
 * refuses the push, a remote with commits the branch lacks. Whatever the mix, a repository whose
 * commit failed is exactly as it was; one whose commit went through holds every change of its
 * working tree (the newest content of a file staged and then edited again, untracked files too);
 * a push that failed leaves the remote where it was and keeps the commit; and no lock or
 * temporary index is left anywhere. Real git, in temporary folders.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { GitModel, GitOperations, isGitError } from '../../../src/git';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';
import { treeFingerprint } from '../../support/treeFingerprint';

type Fault = 'none' | 'hookRejects' | 'indexLocked' | 'nothingToCommit' | 'remoteRejects' | 'remoteAhead';

interface RepoPlan {
	readonly fault: Fault;
	/** keep.txt is staged before the commit… */
	readonly staged: boolean;
	/** …and edited again after that, so index and working tree differ. */
	readonly editedAgain: boolean;
	readonly untracked: boolean;
}

const plan: fc.Arbitrary<RepoPlan> = fc.record({
	fault: fc.constantFrom<Fault>('none', 'hookRejects', 'indexLocked', 'nothingToCommit', 'remoteRejects', 'remoteAhead'),
	staged: fc.boolean(),
	editedAgain: fc.boolean(),
	untracked: fc.boolean(),
});

const COMMIT_FAILURE: Partial<Record<Fault, string>> = { hookRejects: 'HookRejected', indexLocked: 'IndexLocked', nothingToCommit: 'NothingToCommit' };
const PUSH_FAILURE: Partial<Record<Fault, string>> = { remoteRejects: 'PushRejected', remoteAhead: 'PushRejected' };

describe('git/GitOperations: Commit All then Push with random failures (property)', function () {
	this.timeout(240_000);
	let sandbox: GitSandbox;
	let run = 0;

	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());

	it('loses nothing, reports each failure with its code, and leaves no lock or temporary index', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(plan, { minLength: 2, maxLength: 4 }), async (plans) => {
				const root = path.join(sandbox.dir, `run-${++run}`);
				const repos = plans.map((p, i) => {
					const repo = TestRepo.init(sandbox, path.join(root, `r${i}`)).commit('initial', { 'keep.txt': 'keep\n' });
					const bare = repo.publish(path.join(sandbox.dir, `remotes-${run}`, `r${i}.git`));
					if (p.fault === 'remoteRejects') {
						TestRepo.open(sandbox, bare).hook('pre-receive', 'echo "refused by policy" >&2; exit 1');
					}
					if (p.fault === 'remoteAhead') {
						repo.diverge(0, 1);
					}
					if (p.fault === 'hookRejects') {
						repo.hook('pre-commit', 'echo "rejected by policy"; exit 1');
					}
					if (p.fault !== 'nothingToCommit') {
						repo.write({ 'keep.txt': 'changed\n' });
						if (p.staged) {
							repo.git('add', 'keep.txt');
							if (p.editedAgain) {
								repo.write({ 'keep.txt': 'changed again after staging\n' });
							}
						}
						if (p.untracked) {
							repo.write({ 'new file.txt': 'untracked\n' });
						}
					}
					return { plan: p, repo, bare, head: repo.head(), remoteHead: TestRepo.open(sandbox, bare).head() };
				});
				const model = new GitModel({ roots: [root], env: sandbox.env });
				const ops = new GitOperations(model);
				try {
					await model.scan();
					const before = new Map(repos.map((r) => [r.repo.path, treeFingerprint(r.repo.path, 'file')]));
					const locks = repos.filter((r) => r.plan.fault === 'indexLocked').map((r) => path.join(r.repo.path, '.git', 'index.lock'));
					locks.forEach((lock) => writeFileSync(lock, ''));
					const outcomes = await ops.commitAll(repos.map((r) => ({ path: r.repo.path, message: 'Commit all' })), { continueOnError: true });
					locks.forEach((lock) => unlinkSync(lock));

					for (const [i, r] of repos.entries()) {
						const outcome = outcomes[i];
						const expected = COMMIT_FAILURE[r.plan.fault];
						const name = `r${i} (${JSON.stringify(r.plan)})`;
						if (expected) {
							assert.deepEqual([outcome.status, outcome.status === 'failed' ? outcome.error.code : null], ['failed', expected], name);
							assert.equal(treeFingerprint(r.repo.path, 'file'), before.get(r.repo.path), `${name}: index and working tree as they were`);
							assert.equal(r.repo.head(), r.head, `${name}: HEAD did not move`);
							continue;
						}
						assert.equal(outcome.status, 'committed', name);
						assert.equal(r.repo.output('rev-parse', 'HEAD~1'), r.head, `${name}: one new commit`);
						assert.equal(r.repo.output('status', '--porcelain'), '', `${name}: every change is in the commit`);
						assert.equal(r.repo.output('show', 'HEAD:keep.txt') + '\n', readFileSync(path.join(r.repo.path, 'keep.txt'), 'utf8'), `${name}: the newest content, not the staged one`);
						assert.equal(r.repo.output('ls-tree', '--name-only', 'HEAD').split('\n').includes('new file.txt'), r.plan.untracked, `${name}: an untracked file is committed too`);
					}

					for (const [i, r] of repos.entries()) {
						if (outcomes[i].status !== 'committed') {
							continue;
						}
						const name = `r${i} (${JSON.stringify(r.plan)})`;
						const committed = r.repo.head();
						let code: string | undefined;
						try {
							await ops.push(r.repo.path);
						} catch (err) {
							assert.ok(isGitError(err), `${name}: ${String(err)}`);
							code = err.code;
						}
						assert.equal(code, PUSH_FAILURE[r.plan.fault], `${name}: push outcome`);
						const remoteHead = TestRepo.open(sandbox, r.bare).head();
						assert.equal(remoteHead, code ? r.remoteHead : committed, `${name}: the remote has the commit only when the push went through`);
						assert.equal(r.repo.head(), committed, `${name}: the commit stays`);
					}

					for (const r of repos) {
						const gitDir = path.join(r.repo.path, '.git');
						assert.ok(!existsSync(path.join(gitDir, 'index.lock')), `${r.repo.path}: no index.lock`);
						assert.deepEqual(readdirSync(gitDir).filter((f) => f.startsWith('meta-gothic-')), [], `${r.repo.path}: no temporary index`);
					}
				} finally {
					ops.dispose();
					model.dispose();
				}
			}),
			{ numRuns: 12, seed: Number(process.env.META_GOTHIC_PROPERTY_SEED ?? 20261203), endOnFailure: true },
		);
	});
});
