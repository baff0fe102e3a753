import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';
import { ClaudeAgentRuns } from '../../../src/claude/agentRunsModel';
import type { CommitMessageGit } from '../../../src/claude/commitMessageInput';
import { claimRuns, isOwnerAlive, processStartOf } from '../../../src/claude/runOwner';
import { RunQueue } from '../../../src/claude/runQueue';
import { RunStore } from '../../../src/claude/runStore';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import { startChildHost, storedStatus, type ChildHost } from '../../support/claude/childRun';
import { MessagesStandIn, stalledReply } from '../../support/claude/messagesStandIn';
import { liveProcesses, userTexts, waitUntil } from '../../support/claude/processes';

const noGit: CommitMessageGit = { exec: () => Promise.reject(new Error('git must not run')) };

function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('claude/runOwner: whose unfinished run is it, and is that process still there', () => {
	it('a queue of this process owns its runs until it is disposed', () => {
		const claim = claimRuns();
		assert.equal(claim.owner.pid, process.pid);
		assert.equal(isOwnerAlive(claim.owner), true);
		assert.equal(isOwnerAlive({ ...claim.owner, queueId: 'another-queue' }), false, 'a queue that is gone');
		claim.dispose();
		assert.equal(isOwnerAlive(claim.owner), false);
	});

	it('another process owns its runs while it lives, and not once its pid could be another process', async () => {
		const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
		try {
			const pid = child.pid as number;
			const processStart = processStartOf(pid);
			if (process.platform !== 'win32') {
				assert.ok(processStart, 'its start time can be read');
			}
			assert.equal(isOwnerAlive({ pid, processStart, queueId: 'q' }), true);
			assert.equal(isOwnerAlive({ pid, processStart: `${processStart ?? ''}-earlier`, queueId: 'q' }), false, 'the same pid, a later process');
		} finally {
			child.kill('SIGKILL');
			await exited(child);
		}
		assert.equal(isOwnerAlive({ pid: child.pid as number, queueId: 'q' }), false);
	});

	it('an owner that is absent or malformed (a history written before owners were kept) is not alive', () => {
		for (const owner of [undefined, null, {}, { pid: 'x', queueId: 'q' }, { pid: 0, queueId: 'q' }, { pid: process.pid }]) {
			assert.equal(isOwnerAlive(owner), false, JSON.stringify(owner));
		}
	});
});

describe('claude/RunQueue: a second process opening the history leaves live runs alone (real CLI)', function () {
	this.timeout(60_000);
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let queues: RunQueue[];

	before(async () => (standIn = await MessagesStandIn.start()));
	after(() => standIn.close());
	beforeEach(() => {
		standIn.reset();
		standIn.respondWith(() => stalledReply());
		cli = createCliSandbox(standIn.baseUrl);
		queues = [];
	});
	afterEach(async () => {
		await Promise.all(queues.map((q) => q.shutdown()));
		cli.dispose();
	});

	async function openQueue(folder: string, claude = false): Promise<RunQueue> {
		const q = await RunQueue.open({ store: new RunStore({ folder, saveDelayMs: 20 }), ...(claude ? { claudePath: claudeBinary, env: cli.env, killGraceMs: 1500 } : {}) });
		queues.push(q);
		return q;
	}

	function mainRequestWith(marker: string): Promise<unknown> {
		return standIn.waitForRequest((r) => r.kind === 'main' && userTexts(r.body?.messages).some((t) => t.includes(marker)));
	}

	it('two queues over one store: the second sees the first\'s run RUNNING, cannot cancel it, and takes its final record', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-two-queues-'));
		try {
			const first = await openQueue(folder, true);
			const run = first.start(cli.repo, 'wait TWO-QUEUES-MARKER');
			await mainRequestWith('TWO-QUEUES-MARKER');
			await waitUntil(() => storedStatus(folder, run.id) === 'RUNNING', 10_000, 'the run RUNNING on disk');

			const second = await openQueue(folder);
			assert.equal(second.get(run.id)?.status, 'RUNNING');
			assert.equal(second.isForeign(run.id), true);
			assert.equal(second.cancel(run.id), false, 'only its owner can stop it');
			await second.checkForeignRuns();
			assert.equal(second.get(run.id)?.status, 'RUNNING', 'still RUNNING while its owner lives');

			await first.shutdown();
			assert.equal(storedStatus(folder, run.id), 'CANCELLED');
			await second.checkForeignRuns();
			assert.equal(second.get(run.id)?.status, 'CANCELLED', 'the owner\'s final record, not "Interrupted"');
			assert.equal((await second.whenFinished(run.id)).status, 'CANCELLED');
		} finally {
			fs.rmSync(folder, { recursive: true, force: true });
		}
	});

	describe('a run held by another process', () => {
		let sandbox: GitSandbox;
		let host: ChildHost | undefined;
		const marker = 'OWNER-GONE-MARKER';

		beforeEach(() => (sandbox = createGitSandbox('mg-run-owner-')));
		afterEach(async () => {
			if (host && host.child.exitCode === null && host.child.signalCode === null) {
				host.child.kill('SIGKILL');
				await host.exited;
			}
			// A host killed with SIGKILL cannot stop its CLI: end that one (found by its prompt) here.
			for (const line of liveProcesses().filter((l) => l.args.includes(marker))) {
				try {
					process.kill(-line.pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
			sandbox.dispose();
		});

		it('is not FAILED while its process lives; once that is killed, the second marks it interrupted', async () => {
			const root = path.join(sandbox.dir, 'meta');
			const storageDir = path.join(sandbox.dir, 'storage');
			const repo = TestRepo.init(sandbox, path.join(root, 'alpha')).commit('Add alpha', { 'README.md': '# alpha\n' });
			host = startChildHost('test/support/claude/apiRunHost.ts', [root, storageDir, repo.path, `wait ${marker}`], { ...process.env, ...cli.env, ...sandbox.env, META_GOTHIC_CLAUDE_PATH: claudeBinary });
			const h = host;
			await Promise.race([mainRequestWith(marker), h.exited.then(() => assert.fail(`host ended early: ${h.stderr()}`))]);
			await waitUntil(() => storedStatus(storageDir) === 'RUNNING', 20_000, 'the run RUNNING on disk');

			const second = await openQueue(storageDir);
			const [run] = second.runs;
			assert.equal(run.status, 'RUNNING', run.error);
			assert.equal(run.owner?.pid, h.child.pid);
			await second.checkForeignRuns();
			assert.equal(second.get(run.id)?.status, 'RUNNING');
			const graphSource = await ClaudeAgentRuns.open({ storageDir, git: noGit, claudePath: claudeBinary });
			try {
				assert.equal(graphSource.get(run.id)?.status, 'RUNNING');
				await assert.rejects(graphSource.cancel(run.id), { code: 'CONFLICT', message: new RegExp(`another process \\(pid ${h.child.pid}\\)`) });
			} finally {
				await graphSource.shutdown();
			}

			h.child.kill('SIGKILL');
			await h.exited;
			await second.checkForeignRuns();
			const interrupted = second.get(run.id);
			assert.equal(interrupted?.status, 'FAILED');
			assert.match(interrupted?.error ?? '', /^Interrupted/);
			await second.shutdown();
			assert.equal(storedStatus(storageDir), 'FAILED', 'written for the next reader');
		});
	});
});
