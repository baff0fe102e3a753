import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GitError, type GitErrorCode, GitModel, GitOperations, GitReposOperations, REPOS_CODE_OF, toReposError } from '../../../src/git';
import { isSourceError, REPOS_ERROR_CODES, type ReposErrorCode } from '../../../src/schema/contracts/sourceError';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

describe('git adapter edge: failures become repos codes', function () {
	this.timeout(60_000);
	const cases = useCaseFolders();
	let model: GitModel;
	let git: GitOperations;
	let ops: GitReposOperations;

	beforeEach(() => {
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env });
		git = new GitOperations(model);
		ops = new GitReposOperations(git);
	});
	afterEach(() => {
		ops.dispose();
		git.dispose();
		model.dispose();
	});

	const repo = (name = 'repo') => TestRepo.init(cases.sandbox, path.join(cases.root, name)).commit('initial', { 'README.md': '# hi\n' });

	/** What a failing write rejects with, as the graph would see it. */
	async function codeOf(work: Promise<unknown>): Promise<{ code: ReposErrorCode; retryable: boolean }> {
		try {
			await work;
		} catch (err) {
			assert.ok(isSourceError(err, 'REPOS'), `a SourceError, not ${String(err)}`);
			return { code: err.code, retryable: err.retryable };
		}
		assert.fail('expected the operation to fail');
	}

	it('maps every git failure kind to a contract code, and nothing else leaves the edge', () => {
		for (const [gitCode, code] of Object.entries(REPOS_CODE_OF)) {
			assert.ok((REPOS_ERROR_CODES as readonly string[]).includes(code), `${gitCode} → ${code} is a repos code`);
			const error = toReposError(new GitError({ code: gitCode as GitErrorCode, args: ['status'], cwd: '/r', exitCode: 1 }));
			assert.equal(error.code, code);
		}
		assert.equal(toReposError(new Error('boom')).code, 'GIT_FAILED');
		const secret = toReposError(new Error('fatal: unable to access https://x:ghp_0123456789abcdefghijABCDEF@example.com/r.git'));
		assert.ok(!secret.message.includes('ghp_'), 'credentials are gone from the message');
	});

	it('a rejecting hook is HOOK_REJECTED, nothing to commit is NOTHING_TO_COMMIT', async () => {
		const hooked = repo('hooked').hook('pre-commit', 'echo "lint failed" >&2; exit 1').write({ 'a.txt': 'a' });
		const clean = repo('clean');
		await model.scan();
		assert.deepEqual(await codeOf(ops.commit(hooked.path, 'm')), { code: 'HOOK_REJECTED', retryable: false });
		assert.deepEqual(await codeOf(ops.commit(clean.path, 'm')), { code: 'NOTHING_TO_COMMIT', retryable: false });
	});

	it('a held index.lock is INDEX_LOCKED and retryable', async () => {
		const r = repo().write({ 'a.txt': 'a' });
		await model.scan();
		writeFileSync(path.join(r.path, '.git', 'index.lock'), '');
		assert.deepEqual(await codeOf(ops.stage(r.path, ['a.txt'])), { code: 'INDEX_LOCKED', retryable: true });
	});

	it('push without upstream is NO_UPSTREAM, a diverged pull NOT_FAST_FORWARD, a rejected push PUSH_REJECTED, a dead remote REMOTE_UNREACHABLE', async () => {
		const local = repo('local');
		local.publish(path.join(cases.root, 'origin.git'));
		const other = TestRepo.clone(cases.sandbox, path.join(cases.root, 'origin.git'), path.join(cases.root, 'other'));
		other.commit('theirs', { 'theirs.txt': 'x' }).git('push', '-q');
		local.commit('ours', { 'ours.txt': 'y' }).git('fetch', '-q');
		const orphan = repo('orphan');
		orphan.git('checkout', '-q', '-b', 'topic');
		const dead = repo('dead');
		dead.git('remote', 'add', 'origin', path.join(cases.root, 'nowhere.git'));
		await model.scan();
		assert.equal((await codeOf(ops.push(orphan.path))).code, 'NO_UPSTREAM');
		assert.equal((await codeOf(ops.pull(local.path, { ffOnly: true }))).code, 'NOT_FAST_FORWARD');
		assert.equal((await codeOf(ops.push(local.path))).code, 'PUSH_REJECTED');
		assert.deepEqual(await codeOf(ops.fetch(dead.path)), { code: 'REMOTE_UNREACHABLE', retryable: true });
	});

	it('a cancelled write is CANCELLED; progress events carry the same code', async () => {
		const r = repo().write({ 'a.txt': 'a' });
		await model.scan();
		const ended: (string | undefined)[] = [];
		ops.onDidRunOperation((e) => e.phase === 'end' && ended.push(e.error?.code));
		const controller = new AbortController();
		controller.abort();
		assert.equal((await codeOf(ops.commit(r.path, 'm', { signal: controller.signal }))).code, 'CANCELLED');
		const hooked = repo('hooked').hook('pre-commit', 'exit 1').write({ 'b.txt': 'b' });
		await model.scan();
		await codeOf(ops.commit(hooked.path, 'm'));
		assert.ok(ended.includes('HOOK_REJECTED'), `end events: ${ended.join(', ')}`);
	});

	it("a batch commit reports each repository's code in its outcome", async () => {
		const good = repo('good').write({ 'a.txt': 'a' });
		const bad = repo('bad').hook('commit-msg', 'exit 1').write({ 'b.txt': 'b' });
		await model.scan();
		const outcomes = await ops.commitAll([{ path: good.path, message: 'm' }, { path: bad.path, message: 'm' }], { continueOnError: true });
		assert.equal(outcomes[0].status, 'committed');
		assert.ok(outcomes[1].status === 'failed' && outcomes[1].error.code === 'HOOK_REJECTED');
	});

	it('a repository git cannot read carries NOT_A_REPOSITORY, one whose folder is gone REPOSITORY_GONE, a missing git GIT_MISSING', async () => {
		const broken = repo('broken');
		writeFileSync(path.join(broken.path, '.git', 'HEAD'), 'garbage\n');
		const gone = repo('gone');
		await model.scan();
		const { rmSync } = await import('node:fs');
		rmSync(gone.path, { recursive: true, force: true });
		await model.refresh(gone.path);
		assert.equal(model.get(broken.path)?.errorCode, 'NOT_A_REPOSITORY');
		assert.equal(model.get(gone.path)?.errorCode, 'REPOSITORY_GONE');
		const noGit = new GitModel({ roots: [cases.root], env: cases.sandbox.env, gitPath: path.join(cases.root, 'no-such-git') });
		try {
			await noGit.scan();
			assert.ok(noGit.repositories.length > 0);
			assert.ok(noGit.repositories.every((r) => r.errorCode === 'GIT_MISSING'), JSON.stringify(noGit.repositories.map((r) => r.errorCode)));
		} finally {
			noGit.dispose();
		}
	});
});
