import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GitModel, GitOperations, isGitError } from '../../../src/git';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';
import { treeFingerprint } from '../../support/treeFingerprint';
import { waitUntil } from '../../support/waitUntil';

describe('git/GitOperations', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let root: string;
	let model: GitModel;
	let ops: GitOperations;
	let n = 0;

	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());
	beforeEach(() => {
		root = path.join(sandbox.dir, `ops-${++n}`);
		model = new GitModel({ roots: [root], env: sandbox.env });
		ops = new GitOperations(model);
	});
	afterEach(() => {
		ops.dispose();
		model.dispose();
	});

	function repo(name = 'repo'): TestRepo {
		return TestRepo.init(sandbox, path.join(root, name)).commit('initial', { 'README.md': '# hi\n', 'keep.txt': 'keep\n' });
	}

	it('stages and unstages paths, including odd names', async () => {
		const r = repo().write({ 'a b.txt': 'x', 'new\nline.txt': 'y' });
		r.writeRaw(Buffer.from([0x6e, 0xe9, 0x2e, 0x74, 0x78, 0x74]), 'z');
		await model.scan();
		const odd = model.get(r.path)?.changes.find((c) => c.path.includes('\udce9'));
		assert.ok(odd);
		await ops.stage(r.path, ['a b.txt', 'new\nline.txt', odd.path]);
		const staged = model.get(r.path)?.changes.filter((c) => c.indexStatus === 'ADDED').map((c) => c.path).sort();
		assert.deepEqual(staged, ['a b.txt', 'new\nline.txt', 'n\udce9.txt']);
		// core.quotePath shows the raw byte as octal: \351 is 0xE9, so git got the exact name.
		assert.match(r.output('-c', 'core.quotePath=true', 'ls-files'), /^"n\\351\.txt"$/m);
		await ops.unstage(r.path, ['a b.txt']);
		assert.equal(model.get(r.path)?.changes.find((c) => c.path === 'a b.txt')?.worktreeStatus, 'UNTRACKED');
	});

	it('treats paths literally, never as globs', async () => {
		const r = repo().write({ '*.txt': 'star', 'other.txt': 'o' });
		await model.scan();
		await ops.stage(r.path, ['*.txt']);
		const changes = model.get(r.path)?.changes.map((c) => [c.path, c.indexStatus]);
		assert.deepEqual(changes, [['*.txt', 'ADDED'], ['other.txt', 'UNMODIFIED']]);
	});

	it('unstages on an unborn branch', async () => {
		const r = TestRepo.init(sandbox, path.join(root, 'unborn')).write({ 'a.txt': 'a' });
		await model.scan();
		await ops.stage(r.path, ['a.txt']);
		assert.equal(model.get(r.path)?.changes[0].indexStatus, 'ADDED');
		await ops.unstage(r.path, ['a.txt']);
		assert.equal(model.get(r.path)?.changes[0].worktreeStatus, 'UNTRACKED');
	});

	it('commits everything, untracked files included, and returns the new HEAD', async () => {
		const r = repo().write({ 'keep.txt': 'changed\n', 'new.txt': 'new\n', 'README.md': null });
		await model.scan();
		const sha = await ops.commit(r.path, 'Everything');
		assert.equal(sha, r.head());
		assert.equal(r.output('log', '-1', '--format=%s'), 'Everything');
		assert.deepEqual(model.get(r.path)?.changes, []);
	});

	it('commits only selected files, leaving other staged changes staged', async () => {
		const r = repo().write({ 'keep.txt': 'changed\n', 'staged.txt': 'staged\n', 'picked.txt': 'picked\n' });
		r.git('add', 'staged.txt');
		await model.scan();
		await ops.commit(r.path, 'Picked', { paths: ['picked.txt', 'keep.txt'] });
		assert.equal(r.output('show', '--name-only', '--format=', 'HEAD'), 'keep.txt\npicked.txt');
		assert.deepEqual(model.get(r.path)?.changes.map((c) => [c.path, c.indexStatus, c.worktreeStatus]), [['staged.txt', 'ADDED', 'UNMODIFIED']]);
	});

	it('commits a selected file that was staged and then edited again, as git commit --only does', async () => {
		const r = repo().write({ 'keep.txt': 'staged\n', 'staged.txt': 'staged\n' });
		r.git('add', 'keep.txt', 'staged.txt').write({ 'keep.txt': 'edited again\n' });
		await model.scan();
		await ops.commit(r.path, 'Picked', { paths: ['keep.txt'] });
		assert.equal(r.output('show', 'HEAD:keep.txt'), 'edited again');
		assert.equal(r.output('show', '--name-only', '--format=', 'HEAD'), 'keep.txt');
		assert.deepEqual(model.get(r.path)?.changes.map((c) => [c.path, c.indexStatus, c.worktreeStatus]), [['staged.txt', 'ADDED', 'UNMODIFIED']]);
	});

	it('reports a commit cancelled after it moved HEAD (a slow post-commit hook) as made, with its index', async () => {
		const r = repo().write({ 'keep.txt': 'changed\n' });
		const marker = path.join(sandbox.dir, `post-commit-${n}`);
		r.hook('post-commit', `touch '${marker}'\nsleep 60`);
		await model.scan();
		const head = r.head();
		const cancel = new AbortController();
		const commit = ops.commit(r.path, 'Slow hook', { signal: cancel.signal });
		await waitUntil(() => existsSync(marker), 30_000);
		cancel.abort();
		const sha = await commit;
		assert.notEqual(sha, head);
		assert.equal(r.output('log', '-1', '--format=%s'), 'Slow hook');
		assert.equal(r.output('status', '--porcelain'), '', 'the index is the commit\'s: nothing staged in reverse');
		assert.ok(!readdirSync(path.join(r.path, '.git')).some((f) => f.startsWith('meta-gothic-') || f === 'index.lock'), 'no temp files left');
	});

	it('shutting down during a slow post-commit hook leaves the commit made and its index installed', async () => {
		const r = repo().write({ 'keep.txt': 'changed\n', 'new.txt': 'new\n' });
		const marker = path.join(sandbox.dir, `post-commit-${n}`);
		r.hook('post-commit', `touch '${marker}'\nsleep 60`);
		await model.scan();
		const head = r.head();
		const commit = ops.commit(r.path, 'Interrupted hook').catch((err: unknown) => err);
		await waitUntil(() => existsSync(marker), 30_000);
		ops.dispose();
		model.dispose();
		await commit;
		assert.notEqual(r.head(), head);
		assert.equal(r.output('status', '--porcelain'), '', 'the index is the commit\'s: nothing staged in reverse');
		assert.ok(!readdirSync(path.join(r.path, '.git')).some((f) => f.startsWith('meta-gothic-') || f === 'index.lock'), 'no temp files left');
	});

	it('refuses to commit unresolved conflicts (their markers), or some files only during a merge, and changes nothing', async () => {
		const r = repo('merging').conflict('clash.txt').write({ 'other.txt': 'also changed\n' });
		await model.scan();
		const before = { fp: treeFingerprint(r.path, 'file'), head: r.head() };
		await assert.rejects(ops.commit(r.path, 'Everything'), (err: unknown) => {
			assert.ok(isGitError(err, 'Conflict'), String(err));
			assert.match(err.message, /Resolve the merge conflicts in clash\.txt first/);
			return true;
		});
		assert.deepEqual({ fp: treeFingerprint(r.path, 'file'), head: r.head() }, before, 'index, working tree and HEAD as they were');
		// Resolved, but the merge is still to conclude: a commit of one file would drop the rest of its result.
		r.write({ 'clash.txt': 'both\n' }).git('add', 'clash.txt');
		await assert.rejects(ops.commit(r.path, 'Part', { paths: ['other.txt'] }), (err: unknown) => isGitError(err, 'Conflict') && /A merge is in progress/.test(err.message));
		assert.equal(r.head(), before.head);
		await ops.commit(r.path, 'Merge, resolved');
		assert.equal(r.output('rev-list', '--parents', '-n', '1', 'HEAD').split(' ').length, 3, 'the merge commit has both parents');
	});

	it('commits on an unborn branch', async () => {
		const r = TestRepo.init(sandbox, path.join(root, 'fresh')).write({ 'a.txt': 'a', 'b.txt': 'b' });
		await model.scan();
		await ops.commit(r.path, 'First', { paths: ['a.txt'] });
		assert.equal(r.output('show', '--name-only', '--format=', 'HEAD'), 'a.txt');
		assert.equal(model.get(r.path)?.changes[0].path, 'b.txt');
	});

	it('reports a rejecting pre-commit hook with its output and loses nothing', async () => {
		const r = repo().write({ 'keep.txt': 'work in progress\n', 'new.txt': 'n\n' });
		r.git('add', 'new.txt').hook('pre-commit', 'echo "lint: 3 problems in keep.txt" >&2\necho "on stdout too"\nexit 1');
		await model.scan();
		const before = treeFingerprint(r.path, 'file');
		const head = r.head();
		await assert.rejects(ops.commit(r.path, 'Nope'), (err: unknown) => {
			assert.ok(isGitError(err, 'HookRejected'), String(err));
			assert.match(err.message, /lint: 3 problems in keep\.txt/);
			assert.match(err.message, /on stdout too/);
			return true;
		});
		assert.equal(treeFingerprint(r.path, 'file'), before);
		assert.equal(r.head(), head);
		assert.ok(!readdirSync(path.join(r.path, '.git')).some((f) => f.startsWith('meta-gothic-') || f === 'index.lock'), 'no temp files left');
	});

	it('commit all with some failures loses nothing', async () => {
		const good1 = repo('good1').write({ 'keep.txt': 'g1\n', 'untracked.txt': 'u\n' });
		const bad = repo('bad').write({ 'keep.txt': 'b\n', 'untracked.txt': 'u\n', 'sub/dir/x.txt': 'x\n' });
		bad.git('add', 'sub').hook('pre-commit', 'echo rejected by policy; exit 1');
		const locked = repo('locked').write({ 'keep.txt': 'l\n' });
		const clean = repo('clean');
		const good2 = repo('good2').write({ 'README.md': 'g2\n' });
		await model.scan();
		const before = new Map([bad, locked, clean].map((r) => [r.path, { fp: treeFingerprint(r.path, 'file'), head: r.head() }]));
		// A lock held by "another process" for `locked`.
		const lockFile = path.join(locked.path, '.git', 'index.lock');
		writeFileSync(lockFile, '');

		const outcomes = await ops.commitAll(
			[good1, bad, locked, clean, good2].map((r) => ({ path: r.path, message: `Commit ${path.basename(r.path)}` })),
			{ continueOnError: true },
		);
		unlinkSync(lockFile);
		assert.deepEqual(outcomes.map((o) => [path.basename(o.path), o.status, o.status === 'failed' ? o.error.code : null]), [
			['good1', 'committed', null],
			['bad', 'failed', 'HookRejected'],
			['locked', 'failed', 'IndexLocked'],
			['clean', 'failed', 'NothingToCommit'],
			['good2', 'committed', null],
		]);
		for (const [p, { fp, head }] of before) {
			assert.equal(treeFingerprint(p, 'file'), fp, `${p} index/worktree unchanged`);
			assert.equal(TestRepo.open(sandbox, p).head(), head);
		}
		assert.equal(good1.output('status', '--porcelain'), '');
	});

	it('commitAll without continueOnError stops at the first failure', async () => {
		const a = repo('a').write({ 'keep.txt': 'a\n' });
		const b = repo('b').hook('pre-commit', 'exit 1').write({ 'keep.txt': 'b\n' });
		const c = repo('c').write({ 'keep.txt': 'c\n' });
		await model.scan();
		const outcomes = await ops.commitAll([a, b, c].map((r) => ({ path: r.path, message: 'm' })));
		assert.deepEqual(outcomes.map((o) => o.status), ['committed', 'failed', 'skipped']);
		assert.equal(c.output('status', '--porcelain'), 'M keep.txt');
	});

	it('commits a submodule hierarchy deepest first, then parents record the new pointers', async () => {
		const leafSrc = TestRepo.init(sandbox, path.join(sandbox.dir, `src-leaf-${n}`)).commit('leaf', { 'l.txt': 'l' });
		const midSrc = TestRepo.init(sandbox, path.join(sandbox.dir, `src-mid-${n}`)).commit('mid', { 'm.txt': 'm' });
		midSrc.addSubmodule(leafSrc.path, 'leaf');
		const top = TestRepo.init(sandbox, path.join(root, 'top')).commit('top', { 't.txt': 't' });
		top.addSubmodule(midSrc.path, 'mid');
		const mid = TestRepo.open(sandbox, path.join(top.path, 'mid'));
		const leaf = TestRepo.open(sandbox, path.join(mid.path, 'leaf'));
		leaf.git('checkout', '-q', '-b', 'work').write({ 'l.txt': 'changed leaf' });
		mid.git('checkout', '-q', '-b', 'work');
		top.write({ 't.txt': 'changed top' });
		await model.scan();
		const order: string[] = [];
		ops.onDidRunOperation((e) => e.phase === 'start' && e.operation === 'commit' && order.push(path.relative(root, e.path)));

		const outcomes = await ops.commitHierarchy([
			{ path: top.path, message: 'Top change' },
			{ path: leaf.path, message: 'Leaf change' },
		]);
		assert.deepEqual(order, ['top/mid/leaf', 'top/mid', 'top']);
		assert.deepEqual(outcomes.map((o) => o.status), ['committed', 'committed', 'committed']);
		assert.equal(mid.output('log', '-1', '--format=%s'), 'Update submodule leaf');
		assert.equal(mid.output('rev-parse', 'HEAD:leaf'), leaf.head());
		assert.equal(top.output('rev-parse', 'HEAD:mid'), mid.head());
		assert.equal(top.output('status', '--porcelain'), '');
	});

	it('commit all commits a parent after its submodules of the batch, so it records their new commits', async () => {
		const subSrc = TestRepo.init(sandbox, path.join(sandbox.dir, `src-sub-${n}`)).commit('sub', { 's.txt': 's' });
		const parent = TestRepo.init(sandbox, path.join(root, 'parent')).commit('parent', { 'p.txt': 'p' });
		parent.addSubmodule(subSrc.path, 'sub');
		const sub = TestRepo.open(sandbox, path.join(parent.path, 'sub'));
		sub.git('checkout', '-q', '-b', 'work').write({ 's.txt': 'changed sub' });
		// The parent's only change is its submodule's: what the parent commits depends on the order.
		await model.scan();
		const order: string[] = [];
		ops.onDidRunOperation((e) => e.phase === 'start' && e.operation === 'commit' && order.push(path.relative(root, e.path)));

		// The parent first in the list, as a pick lists it.
		const outcomes = await ops.commitAll([parent, sub].map((r) => ({ path: r.path, message: 'Change everything' })), { continueOnError: true });
		assert.deepEqual(order, ['parent/sub', 'parent']);
		assert.deepEqual(outcomes.map((o) => [path.relative(root, o.path), o.status]), [['parent', 'committed'], ['parent/sub', 'committed']]);
		assert.equal(parent.output('rev-parse', 'HEAD:sub'), sub.head(), 'the parent records the submodule\'s new commit');
		assert.equal(parent.output('status', '--porcelain'), '');
	});

	it('pushes, refuses without upstream unless asked, and reports a non-fast-forward rejection', async () => {
		const r = repo();
		const bare = r.publish(path.join(sandbox.dir, `remote-${n}.git`));
		r.git('checkout', '-q', '-b', 'topic').commit('topic work', { 'topic.txt': 't' });
		await model.scan();
		await assert.rejects(ops.push(r.path), (err) => isGitError(err, 'NoUpstream'));
		await ops.push(r.path, { setUpstream: true });
		assert.equal(model.get(r.path)?.upstream, 'origin/topic');
		assert.equal(TestRepo.open(sandbox, bare).output('rev-parse', 'topic'), r.head());

		r.git('checkout', '-q', 'main');
		r.diverge(1, 1);
		const remoteHead = TestRepo.open(sandbox, bare).output('rev-parse', 'main');
		await model.refresh(r.path);
		await assert.rejects(ops.push(r.path), (err: unknown) => {
			assert.ok(isGitError(err, 'PushRejected'), String(err));
			assert.match(err.message, /Pull/);
			assert.match(err.stderr, /\[rejected\]/);
			return true;
		});
		assert.equal(TestRepo.open(sandbox, bare).output('rev-parse', 'main'), remoteHead, 'never forced');
	});

	it('never forces, whatever the remote\'s push configuration (a + refspec, a mirror)', async () => {
		const r = repo();
		const bare = r.publish(path.join(sandbox.dir, `remote-${n}.git`));
		const other = TestRepo.clone(sandbox, bare, path.join(sandbox.dir, `other-${n}`));
		other.commit('theirs', { 'theirs.txt': 't' }).git('push', '-q');
		const remoteHead = TestRepo.open(sandbox, bare).output('rev-parse', 'main');
		r.commit('ours', { 'ours.txt': 'o' }).git('config', 'remote.origin.push', '+refs/heads/*:refs/heads/*');
		await model.scan();
		await assert.rejects(ops.push(r.path), (err) => isGitError(err, 'PushRejected'));
		assert.equal(TestRepo.open(sandbox, bare).output('rev-parse', 'main'), remoteHead, 'not forced by a + refspec');

		r.git('config', '--unset', 'remote.origin.push').git('config', 'remote.origin.mirror', 'true');
		await assert.rejects(ops.push(r.path), (err) => isGitError(err, 'PushRejected'));
		assert.equal(TestRepo.open(sandbox, bare).output('rev-parse', 'main'), remoteHead, 'not forced by a mirror');
		r.git('pull', '-q', '--no-rebase', '--no-edit').git('branch', 'local-only');
		await ops.push(r.path);
		const remote = TestRepo.open(sandbox, bare);
		assert.equal(remote.output('rev-parse', 'main'), r.head());
		assert.equal(remote.output('branch', '--list', 'local-only'), '', 'the branch only, not the mirror');
	});

	it('pulls fast-forward only and fetches with prune', async () => {
		const r = repo();
		const bare = r.publish(path.join(sandbox.dir, `remote-${n}.git`));
		const other = TestRepo.clone(sandbox, bare, path.join(sandbox.dir, `other-${n}`));
		other.commit('upstream', { 'up.txt': 'u' }).git('push', '-q').git('push', '-q', 'origin', 'HEAD:refs/heads/gone');
		await model.scan();
		await ops.fetch(r.path);
		assert.equal(model.get(r.path)?.behind, 1);
		await ops.pull(r.path);
		assert.equal(r.head(), other.head());
		other.git('push', '-q', 'origin', ':gone');
		await ops.fetch(r.path);
		assert.equal(r.output('branch', '-r', '--list', 'origin/gone'), '');

		other.commit('more upstream', { 'up.txt': 'u2' }).git('push', '-q');
		r.commit('local', { 'local.txt': 'l' });
		await assert.rejects(ops.pull(r.path), (err) => isGitError(err, 'NotFastForward'));
		assert.equal(r.output('log', '-1', '--format=%s'), 'local');
	});

	it('shows a file at HEAD, null for a new file, and works for non-UTF-8 names', async () => {
		const r = repo();
		r.writeRaw(Buffer.from([0x6e, 0xe9]), 'latin1 name\n').git('add', '-A').git('commit', '-q', '-m', 'odd');
		r.write({ 'keep.txt': 'edited\n', 'brand-new.txt': 'n' });
		await model.scan();
		assert.equal((await ops.show(r.path, 'keep.txt'))?.toString(), 'keep\n');
		assert.equal(await ops.show(r.path, 'brand-new.txt'), null);
		assert.equal((await ops.show(r.path, 'n\udce9'))?.toString(), 'latin1 name\n');
		const unborn = TestRepo.init(sandbox, path.join(root, 'unborn'));
		assert.equal(await ops.show(unborn.path, 'x.txt'), null);
	});

	it('serialises writes per repository', async () => {
		const r = repo();
		await model.scan();
		r.hook('pre-commit', 'sleep 0.3');
		const events: string[] = [];
		model.git.onDidRun((e) => e.args.includes('commit') && events.push(`end ${e.args.at(-1)}`));
		r.write({ 'one.txt': '1' });
		const first = ops.commit(r.path, 'first', { paths: ['one.txt'] });
		r.write({ 'two.txt': '2' });
		const second = ops.commit(r.path, 'second', { paths: ['two.txt'] });
		await Promise.all([first, second]);
		assert.deepEqual(events, ['end first', 'end second']);
		assert.equal(r.output('log', '-2', '--format=%s'), 'second\nfirst');
	});
});
