import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, GitError, isGitError } from '../../../src/git';
import { ProcessPool } from '../../../src/git/pool';
import { RepositoryQueue } from '../../../src/git/queue';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitUntil(condition: () => boolean, ms = 20_000): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (!condition() && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 25));
	}
	return condition();
}

for (const spawnMode of ['direct', 'helper'] as const) {
	describe(`git/Git process runner (${spawnMode} spawn)`, function () {
		this.timeout(30_000);
		let sandbox: GitSandbox;
		let repo: TestRepo;
		let git: Git;

		before(() => {
			sandbox = createGitSandbox();
			repo = TestRepo.init(sandbox, path.join(sandbox.dir, `repo-${spawnMode}`)).commit('initial', { 'a.txt': 'a\n' });
		});
		after(() => sandbox.dispose());
		beforeEach(() => {
			git = new Git({ env: sandbox.env, concurrency: 2, spawnMode });
		});
		afterEach(() => git.dispose());

		it('runs git with argv (no shell) and returns raw stdout', async () => {
			const { stdout, exitCode } = await git.exec(['log', '--format=%s;$HOME `x`'], { cwd: repo.path, readOnly: true });
			assert.equal(exitCode, 0);
			assert.equal(stdout.toString('utf8'), 'initial;$HOME `x`\n');
			assert.equal(git.spawnCount, 1);
		});

		it('sets GIT_OPTIONAL_LOCKS=0 for reads and LC_ALL=C always', async () => {
			const env = await git.exec(['-c', 'alias.env=!env', 'env'], { cwd: repo.path, readOnly: true });
			const vars = env.stdout.toString('utf8');
			assert.match(vars, /^GIT_OPTIONAL_LOCKS=0$/m);
			assert.match(vars, /^LC_ALL=C$/m);
			const write = await git.exec(['-c', 'alias.env=!env', 'env'], { cwd: repo.path });
			assert.doesNotMatch(write.stdout.toString('utf8'), /^GIT_OPTIONAL_LOCKS=/m);
		});

		it('never passes on GIT_DIR or GIT_WORK_TREE from its own environment', async () => {
			const saved = process.env.GIT_DIR;
			process.env.GIT_DIR = path.join(sandbox.dir, 'elsewhere');
			try {
				const isolated = new Git({ env: sandbox.env, spawnMode });
				const { stdout } = await isolated.exec(['rev-parse', '--show-toplevel'], { cwd: repo.path, readOnly: true });
				assert.equal(stdout.toString('utf8').trim(), repo.path);
				isolated.dispose();
			} finally {
				if (saved === undefined) {
					delete process.env.GIT_DIR;
				} else {
					process.env.GIT_DIR = saved;
				}
			}
		});

		it('rejects with a GitError carrying exit code, stderr and a code', async () => {
			await assert.rejects(git.exec(['rev-parse', 'no-such-ref'], { cwd: repo.path, readOnly: true }), (err: unknown) => {
				assert.ok(err instanceof GitError);
				assert.equal(err.exitCode, 128);
				assert.match(err.stderr, /no-such-ref/);
				assert.match(err.message, /^git rev-parse failed \(exit 128\): /);
				assert.deepEqual(err.args, ['rev-parse', 'no-such-ref']);
				return true;
			});
		});

		it('writes input to stdin', async () => {
			const { stdout } = await git.exec(['hash-object', '--stdin'], { cwd: repo.path, readOnly: true, input: 'hello\n' });
			assert.equal(stdout.toString('utf8').trim(), 'ce013625030ba8dba906f756967f9e9ca394464a');
		});

		it('never runs more processes than the pool allows', async () => {
			let peak = 0;
			const timer = setInterval(() => (peak = Math.max(peak, git.runningCount)), 1);
			await Promise.all(Array.from({ length: 12 }, () => git.exec(['status', '--porcelain'], { cwd: repo.path, readOnly: true })));
			clearInterval(timer);
			assert.ok(peak <= 2, `peak ${peak}`);
			assert.equal(git.spawnCount, 12);
		});

		it('kills the process (and the hook it started) on abort', async () => {
			const pidFile = path.join(sandbox.dir, `hook-${spawnMode}-abort.pid`);
			repo.hook('pre-commit', `echo $$ > "${pidFile}"; exec sleep 30`);
			const controller = new AbortController();
			const started = Date.now();
			const commit = git.exec(['commit', '--allow-empty', '-m', 'slow'], { cwd: repo.path, signal: controller.signal });
			// Abort once the hook runs (its pid is written), however long a loaded machine takes to get there.
			assert.ok(await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== ''), 'the hook started');
			controller.abort();
			await assert.rejects(commit, (err) => isGitError(err, 'Cancelled'));
			// The hook sleeps 30 s: ending well before that means it was killed, not waited for.
			assert.ok(Date.now() - started < 25_000);
			assert.equal(git.runningCount, 0);
			const hookPid = Number(readFileSync(pidFile, 'utf8'));
			assert.ok(await waitUntil(() => !alive(hookPid)), 'the hook process was killed too');
			repo.hook('pre-commit', 'exit 0');
		});

		it('drops a queued call when aborted before it starts', async () => {
			const one = new Git({ env: sandbox.env, concurrency: 1, spawnMode });
			repo.hook('pre-commit', 'sleep 1');
			const first = one.exec(['commit', '--allow-empty', '-m', 'hold the slot'], { cwd: repo.path });
			const controller = new AbortController();
			const queued = one.exec(['status'], { cwd: repo.path, readOnly: true, signal: controller.signal });
			controller.abort();
			await assert.rejects(queued, (err) => isGitError(err, 'Cancelled'));
			await first;
			assert.equal(one.spawnCount, 1);
			one.dispose();
			repo.hook('pre-commit', 'exit 0');
		});

		it('kills every running process on dispose', async () => {
			const pidFile = path.join(sandbox.dir, `hook-${spawnMode}-dispose.pid`);
			repo.hook('pre-commit', `echo $$ > "${pidFile}"; exec sleep 30`);
			const started = Date.now();
			const running = git.exec(['commit', '--allow-empty', '-m', 'never'], { cwd: repo.path });
			const queued = git.exec(['status'], { cwd: repo.path, readOnly: true });
			const queued2 = git.exec(['status'], { cwd: repo.path, readOnly: true });
			// Dispose once the hook runs (its pid is written), however long a loaded machine takes to get there.
			assert.ok(await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== ''), 'the hook started');
			git.dispose();
			await assert.rejects(running, (err) => isGitError(err, 'Disposed'));
			await Promise.allSettled([queued, queued2]);
			// The hook sleeps 30 s: ending well before that means it was killed, not waited for.
			assert.ok(Date.now() - started < 25_000);
			assert.equal(git.runningCount, 0);
			await assert.rejects(git.exec(['status'], { cwd: repo.path }), (err) => isGitError(err, 'Disposed'));
			const hookPid = Number(readFileSync(pidFile, 'utf8'));
			assert.ok(await waitUntil(() => !alive(hookPid)), 'the hook process was killed too');
			repo.hook('pre-commit', 'exit 0');
		});
	});
}

describe('git/ProcessPool', () => {
	it('hands slots over in FIFO order', async () => {
		const pool = new ProcessPool(1, () => new Error('disposed'));
		const order: number[] = [];
		const gate = deferred();
		const first = pool.run(async () => {
			await gate.promise;
			order.push(1);
		});
		const second = pool.run(async () => {
			order.push(2);
		});
		const third = pool.run(async () => {
			order.push(3);
		});
		assert.equal(pool.queued, 2);
		gate.resolve();
		await Promise.all([first, second, third]);
		assert.deepEqual(order, [1, 2, 3]);
		assert.equal(pool.running, 0);
	});
});

describe('git/RepositoryQueue', () => {
	it('runs reads together and writes alone, in arrival order', async () => {
		const queue = new RepositoryQueue();
		const log: string[] = [];
		const gates = [deferred(), deferred(), deferred()];
		const read1 = queue.run('read', async () => {
			log.push('r1 start');
			await gates[0].promise;
			log.push('r1 end');
		});
		const read2 = queue.run('read', async () => {
			log.push('r2 start');
			await gates[1].promise;
			log.push('r2 end');
		});
		const write = queue.run('write', async () => {
			log.push('w start');
			await gates[2].promise;
			log.push('w end');
		});
		const read3 = queue.run('read', async () => {
			log.push('r3');
		});
		await new Promise((r) => setImmediate(r));
		assert.deepEqual(log, ['r1 start', 'r2 start']);
		gates[0].resolve();
		gates[1].resolve();
		await new Promise((r) => setImmediate(r));
		assert.deepEqual(log.slice(-1), ['w start']);
		gates[2].resolve();
		await Promise.all([read1, read2, write, read3]);
		assert.deepEqual(log.slice(-2), ['w end', 'r3']);
		assert.equal(queue.size, 0);
	});

	it('releases the slot when an operation throws, so the queue never hangs', async () => {
		const queue = new RepositoryQueue();
		await assert.rejects(queue.run('write', async () => Promise.reject(new Error('boom'))));
		await assert.rejects(
			queue.run('write', () => {
				throw new Error('sync boom');
			}),
		);
		assert.equal(await queue.run('write', async () => 42), 42);
	});
});
