import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, GitModel, isGitError, RepositoryState } from '../../../src/git';
import { discoverRepositories } from '../../../src/git/discovery';
import { readRepositoryState } from '../../../src/git/statusReader';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(10);
	}
}

/** Reads /proc: on another system a check that no process is left could not see one, so it fails. */
function assertProcFs(): void {
	assert.ok(existsSync('/proc/self/stat'), 'these checks read /proc (Linux): without it they could not see a process left behind');
}

/** Processes whose working folder is inside `dir`. */
function processesIn(dir: string): string[] {
	assertProcFs();
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const cwd = readlinkSync(`/proc/${pid}/cwd`);
			if (cwd === dir || cwd.startsWith(dir + path.sep)) {
				found.push(`${pid} ${cwd}`);
			}
		} catch {
			// Gone, or not ours to look at.
		}
	}
	return found;
}

/** Pids of the git helper processes this process started. */
function helperPids(): number[] {
	assertProcFs();
	return readdirSync('/proc')
		.filter((p) => /^\d+$/.test(p))
		.filter((pid) => {
			try {
				const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
				return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes("process.on('disconnect'");
			} catch {
				return false;
			}
		})
		.map(Number);
}

describe('git/GitModel scan in batches', function () {
	this.timeout(60_000);
	const cases = useCaseFolders();
	let model: GitModel | undefined;

	afterEach(() => model?.dispose());

	function repos(count: number): TestRepo[] {
		return Array.from({ length: count }, (_, i) => TestRepo.init(cases.sandbox, path.join(cases.root, `r${String(i).padStart(2, '0')}`)).commit('initial', { 'README.md': `# ${i}\n` }));
	}

	/** Makes `git status` in `repo` run a hook that marks its start and sleeps (it reads the working tree through it). */
	function slowStatus(repo: TestRepo, seconds: number): string {
		const marker = path.join(cases.root, `${path.basename(repo.path)}.status-running`);
		const hook = path.join(cases.root, `${path.basename(repo.path)}-fsmonitor.sh`);
		writeFileSync(hook, `#!/bin/sh\n: > '${marker}'\nsleep ${seconds}\n`, { mode: 0o755 });
		repo.git('config', 'core.fsmonitor', hook);
		return marker;
	}

	it('reads many repositories with one process per pool slot, in the states single reads give', async () => {
		const all = repos(24);
		all.forEach((r, i) => {
			if (i % 3 === 0) {
				r.write({ 'README.md': 'changed\n', 'notes.txt': 'x' });
			}
			if (i % 4 === 1) {
				r.stash(1);
			}
			if (i % 5 === 2) {
				r.commit('second', { 'b.txt': 'b' }).detach('HEAD~1');
			}
		});
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 3 });
		await model.scan();
		assert.equal(model.spawnCount, 3);
		assert.equal(model.repositories.length, 24);

		const single = new Git({ env: cases.sandbox.env });
		try {
			const expected: RepositoryState[] = [];
			for (const repo of await discoverRepositories([cases.root])) {
				expected.push(await readRepositoryState(single, repo));
			}
			const strip = (states: readonly RepositoryState[]) => states.map((s) => ({ ...s, updatedAt: 0 }));
			assert.deepEqual(strip(model.repositories), strip(expected));
		} finally {
			single.dispose();
		}
	});

	it('reads a repository with a write running after that write, and batches the others', async () => {
		const all = repos(8);
		const busy = all[1];
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2 });
		const m = model;
		let finishWrite: () => void = () => undefined;
		const write = m.run(busy.path, 'write', () => new Promise<void>((resolve) => (finishWrite = resolve)));
		const batchArgs: string[][] = [];
		const batchEnded = new Promise<void>((resolve) =>
			m.git.onDidRun((e) => {
				if (e.args.includes('for-each-repo')) {
					batchArgs.push([...e.args]);
					resolve();
				}
			}),
		);
		const scan = m.scan();
		await batchEnded;
		busy.write({ 'written.txt': 'by the write\n' });
		finishWrite();
		await Promise.all([write, scan]);
		assert.deepEqual(m.get(busy.path)?.changes.map((c) => c.path), ['written.txt'], 'read after the write');
		assert.ok(batchArgs.every((args) => !args.some((a) => a.endsWith(`=${busy.path}`))), 'not in a batch');
		assert.ok(all.every((r) => m.get(r.path)?.error === null));
	});

	it('holds the read slots of a running batch: a write queued meanwhile waits for it', async () => {
		const all = repos(6);
		const marker = slowStatus(all[2], 1);
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 1 });
		const m = model;
		let batchEnd = 0;
		m.git.onDidRun((e) => {
			if (e.args.includes('for-each-repo')) {
				batchEnd = Date.now();
			}
		});
		const scan = m.scan();
		await waitFor(() => existsSync(marker), 'the batch to run');
		let writeStart = 0;
		await m.run(all[4].path, 'write', async () => {
			writeStart = Date.now();
		});
		await scan;
		assert.ok(batchEnd > 0 && writeStart >= batchEnd, `write started ${writeStart - batchEnd} ms after the batch ended`);
		assert.equal(m.spawnCount, 1);
	});

	it('cancelling mid-scan kills the batch and every process it started', async () => {
		const all = repos(6);
		const marker = slowStatus(all[1], 30);
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2 });
		const controller = new AbortController();
		const scan = model.scan(controller.signal);
		await waitFor(() => existsSync(marker), 'the batch to run');
		assert.ok(processesIn(cases.root).length > 0, 'the hook runs in the repository');
		const started = Date.now();
		controller.abort();
		await assert.rejects(scan, (err) => isGitError(err, 'Cancelled'));
		assert.ok(Date.now() - started < 10_000, 'did not wait for the hook');
		assert.equal(model.git.runningCount, 0);
		await waitFor(() => processesIn(cases.root).length === 0, `no process left in ${cases.root}: ${processesIn(cases.root).join(', ')}`, 3000);
	});

	it('a git helper killed from outside mid-scan leaves no git of its running', async () => {
		const all = repos(6);
		const marker = slowStatus(all[4], 30);
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2, spawnMode: 'helper' });
		// The scan reads the repository again once the batch failed (slowly, through a new helper): not waited for.
		void model.scan().catch(() => undefined);
		await waitFor(() => existsSync(marker), 'the batch to run');
		const [helper] = helperPids();
		assert.ok(helper, 'the scan runs git through a helper');
		const batch = processesIn(cases.root).map((p) => Number(p.split(' ')[0]));
		assert.ok(batch.length > 0, 'the batch and its hook run in the repository');
		// The OOM killer or a user's kill -9: the helper cannot end its gits, which run in groups of their own.
		process.kill(helper, 'SIGKILL');
		await waitFor(() => batch.every((pid) => !existsSync(`/proc/${pid}/cwd`)), `the batch's processes ${batch.join(', ')} ended`, 10_000);
	});

	it('disposing mid-scan kills the batch and every process it started', async () => {
		const all = repos(6);
		const marker = slowStatus(all[4], 30);
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2, spawnMode: 'helper' });
		const scan = model.scan();
		await waitFor(() => existsSync(marker), 'the batch to run');
		model.dispose();
		await assert.rejects(scan, (err) => isGitError(err, 'Disposed'));
		await waitFor(() => processesIn(cases.root).length === 0, `no process left in ${cases.root}: ${processesIn(cases.root).join(', ')}`, 3000);
	});
});
