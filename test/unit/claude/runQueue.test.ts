import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRun, type AgentRun, type RunEvent, type RunStatus } from '../../../src/claude/runModel';
import { RunQueue, type RunQueueOptions } from '../../../src/claude/runQueue';
import { RunStore } from '../../../src/claude/runStore';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import {
	cutReply, MessagesStandIn, overloadedReply, slowReply, textReply, toolUseReply, unauthorizedReply,
} from '../../support/claude/messagesStandIn';
import { liveCommandLines, userTexts, waitUntil } from '../../support/claude/processes';

describe('claude/RunQueue with the real CLI', function () {
	this.timeout(30_000);
	let standIn: MessagesStandIn;
	let sandbox: CliSandbox;
	let queue: RunQueue;

	before(async () => (standIn = await MessagesStandIn.start()));
	after(() => standIn.close());
	beforeEach(() => {
		standIn.reset();
		sandbox = createCliSandbox(standIn.baseUrl);
	});
	afterEach(async () => {
		await queue?.shutdown();
		sandbox.dispose();
	});

	function makeQueue(options: RunQueueOptions = {}): RunQueue {
		queue = new RunQueue({ claudePath: claudeBinary, env: sandbox.env, killGraceMs: 1500, defaults: { maxTurns: 1 }, ...options });
		return queue;
	}

	it('runs to SUCCEEDED with session, cost, duration, turns and result recorded', async () => {
		standIn.enqueue(textReply('All good.'));
		const q = makeQueue();
		const statuses: RunStatus[] = [];
		q.onDidChangeRun((r) => statuses[statuses.length - 1] !== r.status && statuses.push(r.status));
		const events: RunEvent[] = [];
		q.onDidReceiveEvent((e) => events.push(e));
		const run = q.start(sandbox.repo, 'check the repo', { model: 'claude-stand-in-1' });
		const done = await q.whenFinished(run.id);
		assert.deepEqual(statuses, ['QUEUED', 'RUNNING', 'SUCCEEDED']);
		assert.equal(done.result, 'All good.');
		assert.equal(done.output, 'All good.');
		assert.match(done.sessionId ?? '', /^[0-9a-f-]{36}$/);
		assert.ok((done.costUsd ?? 0) > 0, 'cost recorded');
		assert.ok((done.durationMs ?? 0) > 0, 'duration recorded');
		assert.equal(done.numTurns, 1);
		assert.equal(done.model, 'claude-stand-in-1');
		assert.ok(done.startedAt !== undefined && done.finishedAt !== undefined && done.finishedAt >= done.startedAt && done.startedAt >= done.createdAt);
		assert.deepEqual([...new Set(events.map((e) => e.runId))], [run.id]);
		// Numbered by the line the CLI printed; deltas that came together are handed on as one, numbered as the last.
		assert.deepEqual([events[0].seq, events.every((e, i) => i === 0 || e.seq > events[i - 1].seq)], [0, true]);
		assert.equal(events.filter((e) => e.event.type === 'stream_event').map((e) => (e.event.type === 'stream_event' && e.event.textDelta) || '').join(''), 'All good.', 'the text streamed, once');
		assert.equal(standIn.mainRequests[0].body?.model, 'claude-stand-in-1');
		assert.ok(userTexts(standIn.mainRequests[0].body?.messages).includes('check the repo'));
	});

	it('streams tool_use and tool_result events of a tool-using run', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'ls', description: 'List files' }, 'Listing files.'), textReply('There is a README.'));
		const q = makeQueue();
		const events: RunEvent[] = [];
		q.onDidReceiveEvent((e) => events.push(e));
		const run = q.start(sandbox.repo, 'what files are there?', { maxTurns: 3, allowedTools: ['Bash'] });
		const done = await q.whenFinished(run.id);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		const toolUse = events.flatMap(({ event }) => (event.type === 'assistant' ? event.content : [])).find((b) => b.type === 'tool_use');
		assert.deepEqual(toolUse && toolUse.type === 'tool_use' && { name: toolUse.name, input: toolUse.input }, { name: 'Bash', input: { command: 'ls', description: 'List files' } });
		const toolResult = events.flatMap(({ event }) => (event.type === 'user' ? event.content : [])).find((b) => b.type === 'tool_result');
		assert.ok(toolResult && toolResult.type === 'tool_result' && toolResult.content.includes('README.md') && !toolResult.isError);
		assert.equal(standIn.mainRequests.length, 2);
		assert.ok(userTexts(standIn.mainRequests[1].body?.messages).some((t) => t.includes('README.md')), 'tool_result reached the API');
		assert.equal(done.output, 'Listing files.\n\nThere is a README.');
		assert.equal(done.numTurns, 2);
	});

	it('cancel mid-stream ends CANCELLED, keeps the partial output and leaves no process', async () => {
		const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(8);
		standIn.enqueue(slowReply(text, 60, 4));
		const q = makeQueue();
		const run = q.start(sandbox.repo, 'stream slowly CANCEL-MARKER-7', { includePartialMessages: true });
		await new Promise<void>((resolve) => q.onDidChangeRun((r) => r.id === run.id && r.output.length >= 12 && resolve()));
		assert.equal(q.processesAlive, 1, 'the streaming run is a live process');
		assert.equal(q.cancel(run.id), true);
		const done = await q.whenFinished(run.id);
		assert.equal(done.status, 'CANCELLED');
		assert.equal(q.processesAlive, 0, 'none once the run is over');
		assert.ok(done.output.length >= 12 && done.output.length < text.length, `partial output kept (${done.output.length} chars)`);
		assert.ok(text.startsWith(done.output));
		assert.ok(done.sessionId, 'session id kept');
		assert.equal(q.cancel(run.id), false, 'a finished run cannot be cancelled again');
		assert.deepEqual(liveCommandLines().filter((l) => l.includes('CANCEL-MARKER-7')), []);
	});

	// The output is what the assistant wrote, never the CLI's error message: for a cut stream, at most the words that came before the cut
	// (the CLI may drop those it read together with the reset).
	const failures: [string, () => void, RegExp, number | undefined, string][] = [
		['529 overloaded', () => standIn.enqueue(overloadedReply()), /529 Overloaded/, 529, ''],
		['401 unauthorized', () => standIn.enqueue(unauthorizedReply()), /Invalid API key/, 401, ''],
		// After a cut the CLI repeats the request without streaming; that one is dropped too.
		['a stream cut mid-way', () => standIn.enqueue(cutReply('partial answer that never ends', 2), cutReply('', 0)), /ECONNRESET|connect/i, undefined, 'partial '],
	];
	for (const [name, script, reason, status, output] of failures) {
		it(`ends FAILED with the reason on ${name}`, async () => {
			script();
			const q = makeQueue();
			const done = await q.whenFinished(q.start(sandbox.repo, 'hello').id);
			assert.equal(done.status, 'FAILED');
			assert.match(done.error ?? '', reason);
			assert.equal(done.apiErrorStatus, status);
			assert.ok(output.startsWith(done.output) && !reason.test(done.output), `the CLI-made error message is not output: ${JSON.stringify(done.output)}`);
		});
	}

	it('recovers from a cut stream through the CLI\'s non-streaming fallback', async () => {
		standIn.enqueue(cutReply('partial answer that never ends', 2), textReply('Recovered.'));
		const q = makeQueue();
		const done = await q.whenFinished(q.start(sandbox.repo, 'hello').id);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.equal(done.result, 'Recovered.');
		assert.deepEqual(standIn.mainRequests.map((r) => r.body?.stream === true), [true, false]);
	});

	it('retry starts a new run linked to the failed one', async () => {
		standIn.enqueue(overloadedReply(), textReply('Second time lucky.'));
		const q = makeQueue();
		const first = await q.whenFinished(q.start(sandbox.repo, 'try me', { maxTurns: 1 }).id);
		assert.equal(first.status, 'FAILED');
		const second = q.retry(first.id);
		assert.deepEqual([second.origin, second.parentId, second.prompt, second.options], ['retry', first.id, 'try me', first.options]);
		assert.equal((await q.whenFinished(second.id)).status, 'SUCCEEDED');
		assert.throws(() => q.retry('nope'), /No run/);
	});

	it('resume continues the same session with --resume', async () => {
		standIn.enqueue(textReply('First answer.'), textReply('Second answer.'));
		const q = makeQueue();
		const first = await q.whenFinished(q.start(sandbox.repo, 'first question').id);
		assert.equal(first.status, 'SUCCEEDED', first.error);
		const second = q.resume(first.id, 'follow-up question');
		assert.deepEqual([second.origin, second.parentId, second.sessionId], ['resume', first.id, first.sessionId]);
		const done = await q.whenFinished(second.id);
		assert.equal(done.status, 'SUCCEEDED', done.error);
		assert.equal(done.sessionId, first.sessionId);
		const history = standIn.mainRequests[1].body?.messages ?? [];
		assert.ok(userTexts(history).includes('first question') && userTexts(history).includes('follow-up question'));
		assert.ok(JSON.stringify(history).includes('First answer.'), 'the earlier reply is in the resumed conversation');
	});

	it('resuming a session the CLI does not know ends FAILED with its reason', async () => {
		const lost = { ...createRun({ id: 'lost-run', repositoryPath: sandbox.repo, prompt: 'old', sessionId: '00000000-0000-4000-8000-000000000000' }, new Date()), status: 'SUCCEEDED' as const };
		const q = makeQueue({ initialRuns: [lost] });
		const done = await q.whenFinished(q.resume(lost.id, 'again').id);
		assert.equal(done.status, 'FAILED');
		assert.match(done.error ?? '', /No conversation found with session ID/);
		assert.throws(() => q.resume(q.start(sandbox.repo, 'busy').id, 'x'), /still going/);
	});

	it('runs at most `concurrency` runs at once (3 of 5)', async () => {
		for (let i = 0; i < 5; i++) {
			standIn.enqueue(slowReply('x'.repeat(24), 100, 4));
		}
		const q = makeQueue({ concurrency: 3 });
		let maxRunning = 0;
		q.onDidChangeRun(() => (maxRunning = Math.max(maxRunning, q.runs.filter((r) => r.status === 'RUNNING').length)));
		const runs = Array.from({ length: 5 }, (_, i) => q.start(sandbox.repo, `task ${i}`));
		assert.deepEqual(q.runs.map((r) => r.status), ['RUNNING', 'RUNNING', 'RUNNING', 'QUEUED', 'QUEUED']);
		const done = await Promise.all(runs.map((r) => q.whenFinished(r.id)));
		assert.deepEqual(done.map((r) => r.status), Array(5).fill('SUCCEEDED'));
		assert.equal(maxRunning, 3);
	});

	it('a missing CLI ends the run FAILED with a clear message', async () => {
		const q = makeQueue({ claudePath: path.join(sandbox.home, 'missing-claude') });
		const done = await q.whenFinished(q.start(sandbox.repo, 'hi').id);
		assert.equal(done.status, 'FAILED');
		assert.match(done.error ?? '', /Claude Code CLI was not found/);
	});

	it('keeps at most maxRuns finished runs in memory', async () => {
		const q = makeQueue({ claudePath: path.join(sandbox.home, 'missing-claude'), maxRuns: 2 });
		const ids = [0, 1, 2, 3].map((i) => q.start(sandbox.repo, `r${i}`).id);
		await Promise.all(ids.map((id) => q.whenFinished(id)));
		assert.deepEqual(q.runs.map((r) => r.id), ids.slice(2));
	});

	it('a prompt the OS cannot pass ends FAILED and the queue moves on', async () => {
		standIn.enqueue(textReply('fine'));
		const q = makeQueue({ concurrency: 1 });
		const bad = q.start(sandbox.repo, 'nul \0 byte');
		const good = q.start(sandbox.repo, 'fine prompt');
		assert.equal((await q.whenFinished(bad.id)).status, 'FAILED');
		assert.equal((await q.whenFinished(good.id)).status, 'SUCCEEDED');
	});

	it('keeps history and events across a reload', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-runs-'));
		try {
			standIn.enqueue(textReply('Persisted.'));
			const store = new RunStore({ folder, saveDelayMs: 20 });
			const q = makeQueue({ store });
			const done = await q.whenFinished(q.start(sandbox.repo, 'remember me').id);
			await q.shutdown();
			store.dispose();

			const store2 = new RunStore({ folder });
			queue = await RunQueue.open({ store: store2, claudePath: claudeBinary, env: sandbox.env });
			const reloaded = queue.get(done.id) as AgentRun;
			assert.deepEqual(reloaded, done);
			const stored = await store2.readEvents(done.id);
			assert.deepEqual(stored.map((e) => e.event.type), ['system', 'assistant', 'result']);
			const seqs = stored.map((e) => e.seq);
			// Numbered by the line the CLI printed: the partial-message lines between them are not kept.
			assert.deepEqual([seqs[0], seqs.every((n, i) => i === 0 || n > seqs[i - 1])], [0, true], `seqs ${seqs}`);
			assert.ok(stored.every((e) => e.runId === done.id && e.at >= done.createdAt));
			store2.dispose();
		} finally {
			fs.rmSync(folder, { recursive: true, force: true });
		}
	});

	it('dispose stops running and queued runs and kills their processes', async () => {
		standIn.enqueue(slowReply('y'.repeat(400), 100), slowReply('y'.repeat(400), 100));
		const q = makeQueue({ concurrency: 2 });
		const runs = [0, 1, 2].map((i) => q.start(sandbox.repo, `DISPOSE-MARKER-${i}`));
		await waitUntil(() => standIn.mainRequests.length >= 2, 15_000, 'two runs to reach the API');
		await q.shutdown();
		assert.deepEqual(runs.map((r) => q.get(r.id)?.status), ['CANCELLED', 'CANCELLED', 'CANCELLED']);
		assert.deepEqual(liveCommandLines().filter((l) => l.includes('DISPOSE-MARKER')), []);
		assert.throws(() => q.start(sandbox.repo, 'late'), /shut down/);
	});
});
