/**
 * Token-by-token output of agent runs through the graph, with the real CLI against the Messages
 * API stand-in: the text grows in `agentRunUpdated` and `agentRunEvents` before the message is
 * complete, and the complete message then stands for it without a character lost or repeated.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { MetaGothicGraph } from '../../../src/api';
import type { SubscriptionResult } from '../../../src/schema/gateway';
import { textReply, toolUseReply } from '../../support/claude/messagesStandIn';
import { liveCommandLines, waitUntil } from '../../support/claude/processes';
import { useRealClaude } from '../../support/claude/realClaudeSuite';
import { TestRepo } from '../../support/repoBuilder';

interface RunUpdate {
	readonly id: string;
	readonly status: string;
	readonly output: string | null;
}

interface RunEventRow {
	readonly seq: number;
	readonly type: string;
	readonly text: string | null;
	readonly json: string;
}

/** Reads a subscription into `into` until `until` says stop; returns once it has. */
async function follow<T>(sub: SubscriptionResult, field: string, into: T[], until: (value: T) => boolean): Promise<void> {
	for (let next = await sub.next(); !next.done; next = await sub.next()) {
		const value = (next.value.data as Record<string, T> | null | undefined)?.[field];
		assert.ok(value, `subscription error: ${JSON.stringify(next.value.errors)}`);
		into.push(value);
		if (until(value)) {
			return;
		}
	}
}

describe('claude agent runs stream their text token by token, with the real CLI', function () {
	this.timeout(30_000);
	const claude = useRealClaude('mg-streaming-');
	let repo: string;
	let graph: MetaGothicGraph | undefined;

	beforeEach(async () => {
		repo = path.join(claude.root, 'alpha');
		TestRepo.init(claude.sandbox, repo).commit('Add alpha', { 'README.md': '# alpha\n' });
		graph = await claude.open();
	});

	async function start(g: MetaGothicGraph, prompt: string, options: Record<string, unknown>): Promise<string> {
		const result = await g.execute({
			query: 'mutation($r: String!, $p: String!, $o: AgentRunOptions) { startAgentRun(repository: $r, prompt: $p, options: $o) { id } }',
			variables: { r: repo, p: prompt, o: options },
		});
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		return (result.data as { startAgentRun: { id: string } }).startAgentRun.id;
	}

	async function subscribe(g: MetaGothicGraph, query: string, variables: Record<string, unknown> = {}): Promise<SubscriptionResult> {
		const sub = await g.subscribe({ query, variables });
		assert.ok(Symbol.asyncIterator in sub, JSON.stringify(sub));
		return sub as SubscriptionResult;
	}

	it('shows the text of a message still being written: the run is RUNNING with part of it, and no complete message yet', async () => {
		// Three words are sent, then the stream holds until the CLI goes away: the message never completes.
		claude.standIn.enqueue(textReply('Reading the files one by one, slowly.', { stallAfterDeltas: 3 }));
		const g = graph!;
		const updates = await subscribe(g, 'subscription { agentRunUpdated { id status output } }');
		const id = await start(g, 'read the files STREAM-PARTIAL-MARKER', { maxTurns: 1 });
		const events = await subscribe(g, 'subscription($id: ID!) { agentRunEvents(id: $id) { seq type text json } }', { id });
		const received: RunEventRow[] = [];
		const reading = follow<RunEventRow>(events, 'agentRunEvents', received, () => false);
		const seen: RunUpdate[] = [];
		await follow<RunUpdate>(updates, 'agentRunUpdated', seen, (r) => r.id === id && r.output === 'Reading the files ');
		await updates.return?.();
		const now = await g.execute({ query: 'query($id: ID!) { agentRun(id: $id) { status output events { type } } }', variables: { id } });
		const run = (now.data as { agentRun: { status: string; output: string; events: { type: string }[] } }).agentRun;
		assert.equal(run.status, 'RUNNING');
		assert.equal(run.output, 'Reading the files ', 'the output is the words sent so far');
		assert.ok(!run.events.some((e) => e.type === 'assistant'), 'no complete message has been printed');
		const outputs = seen.filter((r) => r.id === id && r.output).map((r) => r.output);
		assert.ok(outputs.every((o) => 'Reading the files '.startsWith(o!)), `each state is a prefix of the text: ${JSON.stringify(outputs)}`);

		// The transcript's live stream carries the same text as deltas.
		const deltas = () => received.filter((e) => e.type === 'stream_event').map((e) => e.text ?? '').join('');
		await waitUntil(() => deltas() === 'Reading the files ', 10_000, `the deltas in agentRunEvents (${JSON.stringify(deltas())})`);
		assert.deepEqual(received.map((e) => e.seq), [...received.map((e) => e.seq)].sort((a, b) => a - b), 'in the order printed');
		await events.return?.();
		await reading;
		await g.execute({ query: 'mutation($id: ID!) { cancelAgentRun(id: $id) { status } }', variables: { id } });
		const done = await g.agentRuns!.whenFinished(id);
		assert.deepEqual([done.status, done.output], ['CANCELLED', 'Reading the files '], 'a cancelled run keeps what it got');
		assert.deepEqual(liveCommandLines().filter((l) => l.includes('STREAM-PARTIAL-MARKER')), []);
	});

	it('grows the text delta by delta, then the complete messages stand for it: nothing lost or repeated, tool calls in between', async () => {
		const first = 'Looking around the repository before I answer you.';
		const second = 'There is only a README here, with a title and nothing else.';
		claude.standIn.enqueue(toolUseReply('Bash', { command: 'ls', description: 'List files' }, first), textReply(second));
		const g = graph!;
		const updates = await subscribe(g, 'subscription { agentRunUpdated { id status output } }');
		const id = await start(g, 'what is here?', { maxTurns: 3, allowedTools: ['Bash'] });
		const events = await subscribe(g, 'subscription($id: ID!) { agentRunEvents(id: $id) { seq type text json } }', { id });
		const seen: RunUpdate[] = [];
		const received: RunEventRow[] = [];
		await Promise.all([
			follow<RunUpdate>(updates, 'agentRunUpdated', seen, (r) => r.id === id && r.status === 'SUCCEEDED'),
			follow<RunEventRow>(events, 'agentRunEvents', received, (e) => e.type === 'result'),
		]);
		await updates.return?.();
		await events.return?.();
		const expected = `${first}\n\n${second}`;
		const outputs = seen.filter((r) => r.id === id && r.output).map((r) => r.output!);
		assert.equal(outputs.at(-1), expected, 'the final output is the two messages, once each');
		assert.ok(outputs.every((o) => expected.startsWith(o)), `every state is a prefix of the final text: ${JSON.stringify(outputs)}`);
		const partial = outputs.filter((o) => o.length > 0 && o.length < first.length);
		assert.ok(partial.length > 0, `the first message was seen part-written: ${JSON.stringify(outputs)}`);

		// Deltas come before the complete message of their block, and add up to it.
		const firstAssistant = received.findIndex((e) => e.type === 'assistant');
		const before = received.slice(0, firstAssistant).filter((e) => e.type === 'stream_event' && e.text).map((e) => e.text).join('');
		assert.equal(before, first);
		assert.equal(received[firstAssistant].text, first);
		const tool = received.find((e) => e.type === 'assistant' && (JSON.parse(e.json) as { content: { type: string }[] }).content.some((b) => b.type === 'tool_use'));
		assert.equal(tool?.text, 'Bash: ls', 'the tool call arrives whole, with its input');
		assert.match(received.find((e) => e.type === 'user')?.text ?? '', /README\.md/, 'and its result');
		assert.equal(received.filter((e) => e.type === 'stream_event').map((e) => e.text ?? '').join(''), `${first}${second}`, 'every delta once');

		// The stored transcript keeps the complete events only.
		const read = await g.execute({ query: 'query($id: ID!) { agentRun(id: $id) { events { type } } }', variables: { id } });
		const stored = (read.data as { agentRun: { events: { type: string }[] } }).agentRun.events.map((e) => e.type);
		assert.ok(!stored.includes('stream_event'));
		assert.deepEqual(stored, ['system', 'assistant', 'assistant', 'user', 'assistant', 'result']);
	});
});
