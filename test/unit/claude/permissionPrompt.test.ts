import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PermissionBridge, type PermissionServerLaunch } from '../../../src/claude/permissionBridge';
import { PermissionInbox, type PermissionRequest } from '../../../src/claude/permissionInbox';
import { RunQueue } from '../../../src/claude/runQueue';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import { MessagesStandIn, textReply, toolUseReply } from '../../support/claude/messagesStandIn';
import { bundlePermissionServer } from '../../support/claude/permissionServerBundle';

describe('claude/permission prompt with the real CLI', function () {
	this.timeout(60_000);
	let standIn: MessagesStandIn;
	let sandbox: CliSandbox;
	let bundle: { readonly launch: PermissionServerLaunch; dispose(): void };
	let inbox: PermissionInbox;
	let bridge: PermissionBridge;
	let queue: RunQueue;

	before(async () => {
		standIn = await MessagesStandIn.start();
		bundle = await bundlePermissionServer();
	});
	after(async () => {
		bundle.dispose();
		await standIn.close();
	});
	beforeEach(() => {
		standIn.reset();
		sandbox = createCliSandbox(standIn.baseUrl);
		inbox = new PermissionInbox({ timeoutSeconds: 30 });
		bridge = new PermissionBridge(inbox, bundle.launch);
		queue = new RunQueue({ claudePath: claudeBinary, env: sandbox.env, killGraceMs: 1500, defaults: { maxTurns: 3 }, permissions: bridge });
	});
	afterEach(async () => {
		await queue.shutdown();
		bridge.dispose();
		inbox.dispose();
		sandbox.dispose();
	});

	/** The agent asks to create `made.txt` with Bash, which the run does not allow. */
	function startUnallowedBash(): { runId: string; made: string } {
		standIn.enqueue(toolUseReply('Bash', { command: 'touch made.txt', description: 'Create a file' }), textReply('Finished.'));
		const run = queue.start(sandbox.repo, 'create the file');
		return { runId: run.id, made: path.join(sandbox.repo, 'made.txt') };
	}

	function nextRequest(): Promise<PermissionRequest> {
		return new Promise((resolve) => {
			const sub = inbox.onDidAddRequest((r) => {
				sub.dispose();
				resolve(r);
			});
		});
	}

	it('puts the unallowed Bash call in the inbox, and Allow Once lets the run run it and succeed', async () => {
		const asked = nextRequest();
		const { runId, made } = startUnallowedBash();
		const request = await asked;
		assert.deepEqual(
			{ runId: request.runId, repositoryPath: request.repositoryPath, tool: request.tool, inputSummary: request.inputSummary },
			{ runId, repositoryPath: sandbox.repo, tool: 'Bash', inputSummary: 'touch made.txt' },
		);
		assert.deepEqual(inbox.requests.map((r) => r.id), [request.id]);
		assert.equal(queue.get(runId)?.status, 'RUNNING', 'the run waits for the answer');
		assert.equal(fs.existsSync(made), false, 'nothing ran before the answer');
		assert.equal(inbox.answer(request.id, 'ALLOW_ONCE'), true);
		const done = await queue.whenFinished(runId);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.equal(done.result, 'Finished.');
		assert.equal(fs.existsSync(made), true, 'the command ran');
		assert.deepEqual(inbox.requests, []);
	});

	it('Deny ends the run cleanly and the command never runs', async () => {
		const asked = nextRequest();
		const { runId, made } = startUnallowedBash();
		inbox.answer((await asked).id, 'DENY');
		const done = await queue.whenFinished(runId);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.equal(fs.existsSync(made), false, 'the command did not run');
		const toolResult = JSON.stringify(standIn.mainRequests[1]?.body?.messages?.at(-1));
		assert.match(toolResult, /Denied in VS Code/, 'the agent was told it was denied');
		assert.deepEqual(inbox.requests, []);
	});

	it('a request nobody answers is denied at the timeout', async () => {
		inbox.setTimeoutSeconds(1);
		const asked = nextRequest();
		const { runId, made } = startUnallowedBash();
		await asked;
		const done = await queue.whenFinished(runId);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.equal(fs.existsSync(made), false, 'the command did not run');
		assert.match(JSON.stringify(standIn.mainRequests[1]?.body?.messages?.at(-1)), /in time; denied/);
	});

	it('cancelling the run denies its pending request', async () => {
		const asked = nextRequest();
		const { runId, made } = startUnallowedBash();
		const request = await asked;
		assert.equal(queue.cancel(runId), true);
		const done = await queue.whenFinished(runId);
		assert.equal(done.status, 'CANCELLED');
		assert.deepEqual(inbox.requests, []);
		assert.equal(inbox.answer(request.id, 'ALLOW_ONCE'), false, 'a late answer finds nothing');
		assert.equal(fs.existsSync(made), false);
	});

	it('asks nobody for a tool the run allows', async () => {
		let asked = 0;
		inbox.onDidAddRequest(() => asked++);
		standIn.enqueue(toolUseReply('Bash', { command: 'touch made.txt', description: 'Create a file' }), textReply('Finished.'));
		const run = queue.start(sandbox.repo, 'create the file', { allowedTools: ['Bash'] });
		const done = await queue.whenFinished(run.id);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.ok(fs.existsSync(path.join(sandbox.repo, 'made.txt')));
		assert.equal(asked, 0);
	});

	it('answers a connection without the run\'s token with a deny, not a question', async () => {
		await bridge.ready();
		const reply = await new Promise<string>((resolve, reject) => {
			let text = '';
			const socket = net.connect(bridge.socketPath, () => socket.write(`${JSON.stringify({ token: 'guessed', tool: 'Bash', input: { command: 'rm -rf /' } })}\n`));
			socket.setEncoding('utf8');
			socket.on('data', (c: string) => (text += c));
			socket.on('close', () => resolve(text));
			socket.on('error', reject);
		});
		assert.equal(JSON.parse(reply).behavior, 'deny');
		assert.deepEqual(inbox.requests, []);
	});
});
