import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import { startChildHost, storedStatus, type ChildHost } from '../../support/claude/childRun';
import { MessagesStandIn, stalledReply } from '../../support/claude/messagesStandIn';
import { liveCommandLines, userTexts, waitUntil } from '../../support/claude/processes';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';

describe('claude/hostExit: a Node API host never leaves its agent runs behind (real CLI)', function () {
	this.timeout(60_000);
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let sandbox: GitSandbox;
	let root: string;
	let storageDir: string;
	let repo: TestRepo;
	let host: ChildHost | undefined;

	before(async () => (standIn = await MessagesStandIn.start()));
	after(() => standIn.close());
	beforeEach(() => {
		standIn.reset();
		// Every main request stalls: the run stays RUNNING until its CLI is stopped.
		standIn.respondWith(() => stalledReply());
		cli = createCliSandbox(standIn.baseUrl);
		sandbox = createGitSandbox('mg-host-exit-');
		root = path.join(sandbox.dir, 'meta');
		storageDir = path.join(sandbox.dir, 'storage');
		repo = TestRepo.init(sandbox, path.join(root, 'alpha')).commit('Add alpha', { 'README.md': '# alpha\n' });
	});
	afterEach(async () => {
		if (host && host.child.exitCode === null && host.child.signalCode === null) {
			host.child.kill('SIGKILL');
			await host.exited;
		}
		host = undefined;
		cli.dispose();
		sandbox.dispose();
	});

	/** Starts the host script and waits until its run is RUNNING: on disk, and its CLI mid-request. */
	async function startRunning(marker: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildHost> {
		const env = { ...process.env, ...cli.env, ...sandbox.env, META_GOTHIC_CLAUDE_PATH: claudeBinary, ...extraEnv };
		host = startChildHost('test/support/claude/apiRunHost.ts', [root, storageDir, repo.path, `wait here ${marker}`], env);
		const h = host;
		await Promise.race([
			standIn.waitForRequest((r) => r.kind === 'main' && userTexts(r.body?.messages).some((t) => t.includes(marker))),
			h.exited.then(() => assert.fail(`host ended early: ${h.stderr()}`)),
		]);
		await waitUntil(() => storedStatus(storageDir) === 'RUNNING', 20_000, 'the run RUNNING on disk');
		assert.equal(liveCommandLines().filter((l) => l.includes(marker)).length > 0, true, 'its CLI is live');
		return h;
	}

	for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
		it(`${signal} cancels the run, persists CANCELLED, kills the CLI and exits ${code}`, async () => {
			const marker = `HOST-${signal}-MARKER`;
			const h = await startRunning(marker);
			h.child.kill(signal);
			const exit = await h.exited;
			assert.deepEqual(exit, { code, signal: null }, h.stderr());
			assert.deepEqual(liveCommandLines().filter((l) => l.includes(marker)), []);
			assert.equal(storedStatus(storageDir), 'CANCELLED');
		});
	}

	it('a host that handles SIGTERM itself keeps control: no exit of ours, its dispose() stops the run', async () => {
		const marker = 'HOST-OWN-HANDLER-MARKER';
		const h = await startRunning(marker, { HOST_HANDLES_SIGTERM: '1' });
		h.child.kill('SIGTERM');
		const exit = await h.exited;
		assert.deepEqual(exit, { code: 0, signal: null }, h.stderr());
		assert.deepEqual(liveCommandLines().filter((l) => l.includes(marker)), []);
		assert.equal(storedStatus(storageDir), 'CANCELLED');
	});

	it('dispose() cancels the run, persists CANCELLED, and the host then exits by itself', async () => {
		const marker = 'HOST-DISPOSE-MARKER';
		const h = await startRunning(marker);
		// Ending stdin too: an open pipe would keep the host alive, runs or not.
		h.child.stdin?.end('dispose\n');
		const exit = await h.exited;
		assert.deepEqual(exit, { code: 0, signal: null }, h.stderr());
		assert.deepEqual(liveCommandLines().filter((l) => l.includes(marker)), []);
		assert.equal(storedStatus(storageDir), 'CANCELLED');
	});

	it('process.exit() right after dispose() still leaves no CLI process', async () => {
		const marker = 'HOST-EXIT-MARKER';
		const h = await startRunning(marker);
		h.child.stdin?.write('exit\n');
		const exit = await h.exited;
		assert.deepEqual(exit, { code: 0, signal: null }, h.stderr());
		await waitUntil(() => liveCommandLines().every((l) => !l.includes(marker)), 5000, 'the CLI gone');
	});
});
