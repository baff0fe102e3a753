import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import { isSourceError } from '../../../src/schema/contracts/sourceError';
import { createWorktree, discardWorktree, listWorktrees, mergeWorktree, worktreeChanges, worktreeDiff } from '../../../src/git/worktrees';
import { createGitSandbox, GitSandbox, runGit, TestRepo } from '../../support/repoBuilder';
import { treeFingerprint } from '../../support/treeFingerprint';

describe('git/worktrees', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let n = 0;
	let dir: string;
	let storage: string;

	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());
	beforeEach(() => {
		dir = path.join(sandbox.dir, `case-${++n}`);
		storage = path.join(dir, 'storage');
	});

	const opts = () => ({ env: sandbox.env });
	const repo = () => TestRepo.init(sandbox, path.join(dir, 'repo')).commit('initial', { 'README.md': '# hi\n', 'src/a.txt': 'a\n' });

	it('creates a branch in its own folder; work there leaves the user tree byte-identical', async () => {
		const r = repo().write({ 'wip.txt': 'user edit\n' });
		const before = treeFingerprint(r.path, { staged: sandbox });
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/abc123', parentDir: storage }, opts());
		assert.equal(wt.branch, 'agent/abc123');
		assert.equal(wt.baseCommit, r.head());
		assert.ok(wt.path.startsWith(storage + path.sep), wt.path);
		assert.equal(runGit(sandbox, wt.path, ['symbolic-ref', '--short', 'HEAD']).stdout.trim(), 'agent/abc123');
		TestRepo.open(sandbox, wt.path).write({ 'src/a.txt': 'changed\n', 'new.txt': 'new\n', 'README.md': null });
		assert.equal(treeFingerprint(r.path, { staged: sandbox }), before);
		const { files } = await worktreeChanges(wt, opts());
		assert.deepEqual(files, [
			{ path: 'README.md', status: 'DELETED' },
			{ path: 'new.txt', status: 'UNTRACKED' },
			{ path: 'src/a.txt', status: 'MODIFIED' },
		]);
		const diff = await worktreeDiff(wt, opts());
		assert.match(diff, /^\+changed$/m);
		assert.match(diff, /^\+\+\+ b\/new\.txt$/m);
	});

	it('counts committed and uncommitted work against the base, from a given ref', async () => {
		const r = repo();
		const first = r.head();
		r.commit('second', { 'second.txt': '2\n' });
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/from-first', base: first, parentDir: storage }, opts());
		assert.equal(wt.baseCommit, first);
		assert.ok(!existsSync(path.join(wt.path, 'second.txt')));
		TestRepo.open(sandbox, wt.path).commit('agent commit', { 'committed.txt': 'c\n' }).write({ 'src/a.txt': 'edited\n' });
		const { files } = await worktreeChanges(wt, opts());
		assert.deepEqual(files, [
			{ path: 'committed.txt', status: 'ADDED' },
			{ path: 'src/a.txt', status: 'MODIFIED' },
		]);
	});

	it('reads the diff and the changes at the same moment alike: a new file is in both, and left unstaged', async () => {
		const r = repo();
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/both', parentDir: storage }, opts());
		TestRepo.open(sandbox, wt.path).write({ 'new.txt': 'from the agent\n' });
		// A graph query resolves a run's changes and its diff side by side.
		for (let i = 0; i < 5; i++) {
			const [{ files }, diff] = await Promise.all([worktreeChanges(wt, opts()), worktreeDiff(wt, opts())]);
			assert.deepEqual(files, [{ path: 'new.txt', status: 'UNTRACKED' }]);
			assert.match(diff, /^\+from the agent$/m);
		}
		assert.equal(TestRepo.open(sandbox, wt.path).output('status', '--porcelain'), '?? new.txt', 'the worktree index is as the agent left it');
	});

	it('refuses a branch that exists and a base that is no commit, with codes', async () => {
		const r = repo().git('branch', 'taken');
		await assert.rejects(createWorktree({ repositoryPath: r.path, branch: 'taken', parentDir: storage }, opts()), (err) => isSourceError(err, 'REPOS', 'BAD_USER_INPUT'));
		await assert.rejects(createWorktree({ repositoryPath: r.path, branch: 'x', base: 'nope', parentDir: storage }, opts()), (err) => isSourceError(err, 'REPOS', 'BAD_USER_INPUT'));
		await assert.rejects(createWorktree({ repositoryPath: r.path, branch: 'bad..name', parentDir: storage }, opts()), (err) => isSourceError(err, 'REPOS', 'BAD_USER_INPUT'));
		assert.deepEqual(await listWorktrees(r.path, storage, opts()), []);
	});

	it('fast-forwards the user branch with the worktree commits, uncommitted work committed first', async () => {
		const r = repo();
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/ff', parentDir: storage }, opts());
		TestRepo.open(sandbox, wt.path).write({ 'agent.txt': 'from the agent\n' });
		const { commit } = await mergeWorktree(wt, 'fast-forward', { ...opts(), commitMessage: 'Agent work' });
		assert.equal(r.head(), commit);
		assert.equal(r.branch(), 'main');
		assert.equal(r.output('log', '-1', '--format=%s'), 'Agent work');
		assert.equal(readFileSync(path.join(r.path, 'agent.txt'), 'utf8'), 'from the agent\n');
		assert.equal(r.output('status', '--porcelain'), '');
	});

	it('fails fast-forward when the branch moved on, and merges with a merge commit instead', async () => {
		const r = repo();
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/mc', parentDir: storage }, opts());
		TestRepo.open(sandbox, wt.path).commit('agent', { 'agent.txt': 'a\n' });
		r.commit('user moved on', { 'user.txt': 'u\n' });
		const userHead = r.head();
		await assert.rejects(mergeWorktree(wt, 'fast-forward', opts()), (err) => isSourceError(err, 'REPOS', 'NOT_FAST_FORWARD'));
		assert.equal(r.head(), userHead);
		const { commit } = await mergeWorktree(wt, 'merge-commit', opts());
		assert.equal(r.head(), commit);
		assert.equal(r.output('rev-list', '--parents', '-n', '1', 'HEAD').split(' ').length, 3);
		assert.ok(existsSync(path.join(r.path, 'agent.txt')) && existsSync(path.join(r.path, 'user.txt')));
	});

	it('never forces: dirty files in the way and conflicts leave the user tree as it was', async () => {
		const r = repo();
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/dirty', parentDir: storage }, opts());
		TestRepo.open(sandbox, wt.path).commit('agent', { 'src/a.txt': 'agent\n' });
		r.write({ 'src/a.txt': 'user uncommitted\n' });
		const before = treeFingerprint(r.path, { staged: sandbox });
		const head = r.head();
		await assert.rejects(mergeWorktree(wt, 'fast-forward', opts()), (err) => isSourceError(err, 'REPOS', 'LOCAL_CHANGES_OVERWRITTEN'));
		await assert.rejects(mergeWorktree(wt, 'merge-commit', opts()), (err) => isSourceError(err, 'REPOS', 'LOCAL_CHANGES_OVERWRITTEN'));
		assert.equal(treeFingerprint(r.path, { staged: sandbox }), before);
		assert.equal(r.head(), head);
		r.write({ 'src/a.txt': 'a\n' }).commit('user conflicting', { 'src/a.txt': 'user\n' });
		const beforeConflict = treeFingerprint(r.path, { staged: sandbox });
		await assert.rejects(mergeWorktree(wt, 'merge-commit', opts()), (err) => isSourceError(err, 'REPOS', 'CONFLICT') && /src\/a\.txt/.test(err.message));
		assert.equal(treeFingerprint(r.path, { staged: sandbox }), beforeConflict);
		assert.ok(!existsSync(path.join(r.path, '.git', 'MERGE_HEAD')));
	});

	it('discards worktree and branch, or keeps the branch to open it', async () => {
		const r = repo();
		const wt = await createWorktree({ repositoryPath: r.path, branch: 'agent/gone', parentDir: storage }, opts());
		TestRepo.open(sandbox, wt.path).commit('agent', { 'x.txt': 'x\n' }).write({ 'dirty.txt': 'd\n' });
		await discardWorktree(wt, opts());
		assert.ok(!existsSync(wt.path));
		assert.equal(r.output('branch', '--list', 'agent/gone'), '');
		assert.deepEqual(await listWorktrees(r.path, storage, opts()), []);

		const kept = await createWorktree({ repositoryPath: r.path, branch: 'agent/kept', parentDir: storage }, opts());
		TestRepo.open(sandbox, kept.path).write({ 'k.txt': 'k\n' });
		await mergeWorktree(kept, 'fast-forward', opts()).catch(() => undefined);
		await discardWorktree(kept, { ...opts(), keepBranch: true });
		assert.ok(!existsSync(kept.path));
		r.git('checkout', '-q', 'agent/kept');
		assert.equal(r.branch(), 'agent/kept');
	});

	it('lists worktrees left behind, with their base, including one whose folder is gone', async () => {
		const r = repo();
		const other = TestRepo.init(sandbox, path.join(dir, 'other')).commit('o', { 'o.txt': 'o\n' });
		const a = await createWorktree({ repositoryPath: r.path, branch: 'agent/one', parentDir: storage }, opts());
		r.commit('later', { 'later.txt': 'l\n' });
		const b = await createWorktree({ repositoryPath: r.path, branch: 'agent/two', parentDir: storage }, opts());
		await createWorktree({ repositoryPath: other.path, branch: 'agent/one', parentDir: storage }, opts());
		// A worktree the user made elsewhere is not ours to list.
		r.git('worktree', 'add', '-q', '-b', 'feature', path.join(dir, 'feature'));
		renameSync(b.path, `${b.path}-moved-away`);
		const listed = (await listWorktrees(r.path, storage, opts())).sort((x, y) => x.branch.localeCompare(y.branch));
		assert.deepEqual(listed, [a, b]);
		await discardWorktree(listed[1], opts());
		assert.equal(r.output('branch', '--list', 'agent/two'), '');
		assert.deepEqual(await listWorktrees(r.path, storage, opts()), [a]);
	});

	it('initialises submodules from the local checkouts, never their remote', async () => {
		const crypto = TestRepo.init(sandbox, path.join(dir, 'src-crypto')).commit('c', { 'c.txt': 'crypto\n' });
		const cryptoRemote = crypto.publish(path.join(dir, 'remotes', 'crypto.git'));
		const lib = TestRepo.init(sandbox, path.join(dir, 'src-lib')).commit('l', { 'l.txt': 'lib\n' });
		lib.addSubmodule(cryptoRemote, 'vendor/crypto');
		const libRemote = lib.publish(path.join(dir, 'remotes', 'lib.git'));
		const lonely = TestRepo.init(sandbox, path.join(dir, 'src-lonely')).commit('x', { 'x.txt': 'x\n' });
		const lonelyRemote = lonely.publish(path.join(dir, 'remotes', 'lonely.git'));
		const parent = TestRepo.init(sandbox, path.join(dir, 'parent')).commit('p', { 'p.txt': 'p\n' });
		parent.addSubmodule(libRemote, 'libs/lib');
		parent.git('submodule', 'update', '--init', '--recursive', '-q');
		parent.git('submodule', 'add', '-q', lonelyRemote, 'libs/lonely').git('commit', '-q', '-m', 'lonely');
		parent.git('submodule', 'deinit', '-q', '-f', 'libs/lonely');
		// No network: the remotes are gone, only the user's checkouts remain.
		renameSync(path.join(dir, 'remotes'), path.join(dir, 'remotes-offline'));
		const configBefore = readFileSync(path.join(parent.path, '.git', 'config'), 'utf8');
		const wt = await createWorktree({ repositoryPath: parent.path, branch: 'agent/subs', parentDir: storage }, opts());
		assert.equal(readFileSync(path.join(wt.path, 'libs/lib/l.txt'), 'utf8'), 'lib\n');
		assert.equal(readFileSync(path.join(wt.path, 'libs/lib/vendor/crypto/c.txt'), 'utf8'), 'crypto\n');
		assert.deepEqual(readdirSync(path.join(wt.path, 'libs/lonely')), []);
		assert.equal(readFileSync(path.join(parent.path, '.git', 'config'), 'utf8'), configBefore);
		assert.deepEqual((await worktreeChanges(wt, opts())).files, []);
		await discardWorktree(wt, opts());
		assert.ok(!existsSync(wt.path));
		assert.equal(parent.output('branch', '--list', 'agent/subs'), '');
	});

	it('stops on cancel and leaves nothing behind', async () => {
		const r = repo();
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(createWorktree({ repositoryPath: r.path, branch: 'agent/never', parentDir: storage }, { ...opts(), signal: controller.signal }), (err) =>
			isSourceError(err, 'REPOS', 'CANCELLED'),
		);
		assert.equal(r.output('branch', '--list', 'agent/never'), '');
	});
});
