import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodePath, GitModel, isGitError, RepositoryState } from '../../../src/git';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

/**
 * Each fault ends in a correct status or a clear per-repository error: never an exception from
 * scan/refresh, never a queue that stops answering.
 */
describe('git/GitModel fault cases', function () {
	this.timeout(60_000);
	const cases = useCaseFolders();
	let model: GitModel;

	beforeEach(() => {
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env });
	});
	afterEach(() => model.dispose());

	function repo(name = 'repo'): TestRepo {
		return TestRepo.init(cases.sandbox, path.join(cases.root, name)).commit('initial', { 'README.md': '# hi\n' });
	}

	async function scanOne(p: string): Promise<RepositoryState> {
		await model.scan();
		const state = model.get(p);
		assert.ok(state, `no repository at ${p}`);
		return state;
	}

	it('reads status while another process holds index.lock', async () => {
		const r = repo().write({ 'README.md': 'changed\n' });
		writeFileSync(path.join(r.path, '.git', 'index.lock'), '');
		const state = await scanOne(r.path);
		assert.equal(state.error, null);
		assert.deepEqual(state.changes.map((c) => c.path), ['README.md']);
		// The read did not take (or remove) the user's lock.
		assert.ok(existsSync(path.join(r.path, '.git', 'index.lock')));
	});

	it('reports a repository folder deleted during a scan, and drops it on the next scan', async () => {
		const repos = [repo('a'), repo('b')];
		model.dispose();
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 1 });
		// With one slot the two are read one after the other, in the order discovery found them
		// (folders are walked in parallel): once the first has been read, delete the other.
		let doomed: TestRepo | undefined;
		const subscription = model.git.onDidRun((run) => {
			doomed ??= repos.find((r) => r.path !== run.cwd);
			rmSync(doomed!.path, { recursive: true, force: true });
		});
		await model.scan();
		subscription.dispose();
		assert.ok(doomed, 'git ran');
		const kept = repos.find((r) => r !== doomed)!;
		assert.equal(model.get(kept.path)?.error, null);
		assert.match(model.get(doomed.path)?.error ?? '', /no longer exists/);
		await model.scan();
		assert.equal(model.get(doomed.path), undefined);
		assert.equal((await model.refresh(kept.path))?.error, null, 'the queue still answers');
	});

	it('reports a corrupt .git/HEAD, also for a repo nested in another (no silent parent status)', async () => {
		const outer = repo('outer');
		const inner = TestRepo.init(cases.sandbox, path.join(outer.path, 'inner')).commit('inner', { 'x.txt': 'x' });
		writeFileSync(path.join(inner.path, '.git', 'HEAD'), 'garbage\n');
		await model.scan();
		const state = model.get(inner.path);
		assert.equal(state?.kind, 'NESTED');
		assert.match(state?.error ?? '', /HEAD is corrupt/);
		assert.equal(state?.branch, null);
		assert.equal(model.get(outer.path)?.error, null);
	});

	it('a FIFO inside .git costs only its own repository\'s row, batched or not, and leaves no git behind', async () => {
		const repos = ['a', 'b', 'c', 'd', 'e'].map((name) => repo(name));
		// git reads info/exclude and config while it runs status; config is also read by the scan itself.
		const [, excludeFifo, configFifo] = repos;
		for (const [r, file] of [[excludeFifo, 'info/exclude'], [configFifo, 'config']] as const) {
			rmSync(path.join(r.path, '.git', file));
			execFileSync('mkfifo', [path.join(r.path, '.git', file)]);
		}
		model.dispose();
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, readTimeoutMs: 2000 });
		await model.scan();
		for (const r of [excludeFifo, configFifo]) {
			assert.match(model.get(r.path)?.error ?? '', /did not finish within 2 s/);
			assert.equal(model.get(r.path)?.errorCode, 'GIT_FAILED');
		}
		for (const r of [repos[0], repos[3], repos[4]]) {
			assert.equal(model.get(r.path)?.error, null);
			assert.equal(model.get(r.path)?.branch, 'main');
		}
		assert.deepEqual(processesIn(cases.root), [], 'no git left waiting on a FIFO');
	});

	it('reads a detached HEAD', async () => {
		const r = repo().commit('second', { 'b.txt': 'b' });
		const first = r.output('rev-parse', 'HEAD~1');
		r.detach(first);
		const state = await scanOne(r.path);
		assert.deepEqual([state.detached, state.branch, state.headSha, state.error], [true, null, first, null]);
	});

	it('reads an unborn branch', async () => {
		const r = TestRepo.init(cases.sandbox, path.join(cases.root, 'empty'), { branch: 'trunk' }).write({ 'a.txt': 'a' });
		const state = await scanOne(r.path);
		assert.deepEqual([state.branch, state.headSha, state.detached, state.error], ['trunk', null, false, null]);
		assert.deepEqual(state.changes.map((c) => [c.path, c.worktreeStatus]), [['a.txt', 'UNTRACKED']]);
	});

	it('reads no upstream, an upstream, ahead/behind and a gone upstream', async () => {
		const r = repo();
		assert.equal((await scanOne(r.path)).upstream, null);
		r.publish(path.join(cases.sandbox.dir, `remote-${path.basename(cases.root)}.git`));
		r.diverge(2, 3);
		const state = await model.refresh(r.path);
		assert.deepEqual([state?.upstream, state?.ahead, state?.behind], ['origin/main', 2, 3]);
		r.git('update-ref', '-d', 'refs/remotes/origin/main');
		const gone = await model.refresh(r.path);
		assert.deepEqual([gone?.upstream, gone?.ahead, gone?.behind, gone?.error], ['origin/main', 0, 0, null]);
	});

	it('reads a merge conflict', async () => {
		const r = repo().conflict('both.txt');
		const state = await scanOne(r.path);
		assert.deepEqual(state.changes.map((c) => [c.path, c.conflicted, c.indexStatus, c.worktreeStatus]), [['both.txt', true, 'UNMERGED', 'UNMERGED']]);
	});

	it('reads stashes and a staged rename', async () => {
		const r = repo().stash(2).commit('add file', { 'old.txt': 'content that is long enough\n' });
		r.git('mv', 'old.txt', 'new name.txt');
		const state = await scanOne(r.path);
		assert.equal(state.stashes, 2);
		assert.deepEqual(state.changes, [{ path: 'new name.txt', originalPath: 'old.txt', indexStatus: 'RENAMED', worktreeStatus: 'UNMODIFIED', conflicted: false }]);
	});

	it('reads 10,000 untracked files', async () => {
		const r = repo();
		for (let d = 0; d < 100; d++) {
			const dir = path.join(r.path, 'bulk', `d${d}`);
			mkdirSync(dir, { recursive: true });
			for (let f = 0; f < 100; f++) {
				writeFileSync(path.join(dir, `f${f}.txt`), '');
			}
		}
		const state = await scanOne(r.path);
		assert.equal(state.error, null);
		assert.equal(state.changes.length, 10_000);
		assert.ok(state.changes.every((c) => c.worktreeStatus === 'UNTRACKED'));
	});

	it('keeps file names with newlines and invalid UTF-8 byte-exact', async () => {
		const r = repo();
		const invalid = Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "latin\xe9.txt"
		r.write({ 'new\nline.txt': 'x', 'tab\there.txt': 'x' }).writeRaw(invalid, 'x');
		r.git('add', '-A').git('commit', '-q', '-m', 'odd names');
		r.write({ 'new\nline.txt': 'changed' }).writeRaw(invalid, 'changed');
		const state = await scanOne(r.path);
		const paths = state.changes.map((c) => c.path).sort();
		assert.deepEqual(paths, ['latin\udce9.txt', 'new\nline.txt']);
		assert.deepEqual(encodePath('latin\udce9.txt'), invalid);
	});

	it('reports a missing git executable per repository', async () => {
		const r = repo();
		model.dispose();
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, gitPath: path.join(cases.sandbox.dir, 'no-such-git') });
		const state = await scanOne(r.path);
		assert.match(state.error ?? '', /Git was not found/);
	});

	it('rejects a cancelled scan and leaves no process running', async () => {
		for (let i = 0; i < 6; i++) {
			repo(`r${i}`);
		}
		const controller = new AbortController();
		const scan = model.scan(controller.signal);
		setImmediate(() => controller.abort());
		await assert.rejects(scan, (err) => isGitError(err, 'Cancelled'));
		assert.equal(model.git.runningCount, 0);
		await model.scan();
		assert.equal(model.repositories.length, 6, 'a later scan still works');
	});

	it('survives a repository folder renamed away between scan and refresh', async () => {
		const r = repo();
		await model.scan();
		renameSync(r.path, `${r.path}-moved`);
		const state = await model.refresh(r.path);
		assert.match(state?.error ?? '', /no longer exists/);
	});
});

/** Processes whose working folder is inside `dir` (Linux `/proc`), as "pid args". */
function processesIn(dir: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const cwd = readlinkSync(`/proc/${pid}/cwd`);
			if (cwd === dir || cwd.startsWith(`${dir}/`)) {
				found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
			}
		} catch {
			// Gone meanwhile, or not ours to read.
		}
	}
	return found;
}
