import { strict as assert } from 'node:assert';
import { toEventRecord } from '../../../src/claude/agentRunRecords';
import { joinDeltas } from '../../../src/claude/deltaCoalescer';
import { parseStreamJsonLine } from '../../../src/claude/streamJson';
import { MAX_RUNS, promptSummary, type RunFacts, runActions, runElapsedMs, runFactsText, runMark, runsReducer } from '../../../src/webview/agents/runFacts';
import { addEvents, EMPTY_TRANSCRIPT, partialToolInputSummary, toolInputSummary, type TranscriptEvent } from '../../../src/webview/agents/transcript';
import { assistantLine, block, initLine, resultLine, streamEventLine, userLine } from '../../support/claude/streamJsonBuilders';

/**
 * The events the graph sends for these CLI lines, numbered from `from`: each line goes through
 * the CLI parser and the record the graph serves, as in a run.
 */
function events(lines: readonly string[], from = 0): TranscriptEvent[] {
	return lines.map((line, i) => {
		const event = parseStreamJsonLine(line);
		assert.ok(event, line);
		return toEventRecord({ runId: 'r1', seq: from + i, at: 0, event });
	});
}

const READ = block.toolUse('Read', { file_path: '/repo/README.md' }, 'toolu_read');

describe('the Agents page: a run\'s transcript', () => {
	it('shows assistant text, a tool call with its input summary and its result, then the end with cost and turns', () => {
		const t = addEvents(EMPTY_TRANSCRIPT, events([initLine(), assistantLine([block.text('Let me look first.'), READ]), userLine([block.toolResult('# fixture', false, 'toolu_read')]), assistantLine([block.text('It is a fixture.')]), resultLine({ numTurns: 2, costUsd: 0.0123 })]));
		assert.deepEqual(
			t.items.map((i) => [i.kind, i.kind === 'tool' ? `${i.name}: ${i.summary} → ${i.result?.text}` : i.text]),
			[
				['text', 'Let me look first.'],
				['tool', 'Read: /repo/README.md → # fixture'],
				['text', 'It is a fixture.'],
				['finished', 'Finished ($0.0123 · 2 turns)'],
			],
		);
		const tool = t.items[1];
		assert.ok(tool?.kind === 'tool');
		assert.deepEqual(tool.input, { file_path: '/repo/README.md' });
	});

	it('marks a failed tool call and a failed run as errors, with why', () => {
		const t = addEvents(EMPTY_TRANSCRIPT, events([assistantLine([block.toolUse('Bash', { command: 'npm test' }, 'toolu_b')]), userLine([block.toolResult('exit 1: 3 failing', true, 'toolu_b')]), resultLine({ isError: true, subtype: 'error_max_turns', result: '', numTurns: 5, costUsd: 0.5 })]));
		const tool = t.items[0];
		assert.ok(tool?.kind === 'tool');
		assert.deepEqual(tool.result, { text: 'exit 1: 3 failing', isError: true });
		assert.deepEqual(t.items.slice(1).map((i) => [i.kind, i.kind === 'tool' ? '' : i.text]), [['error', 'error max turns ($0.5000 · 5 turns)']]);
	});

	it('reports the error message the CLI makes up for a failed API request as an error, not as Claude\'s text, and once', () => {
		const t = addEvents(EMPTY_TRANSCRIPT, events([assistantLine([block.text('API Error: 529 Overloaded')], { model: '<synthetic>' })]));
		assert.deepEqual(t.items.map((i) => [i.kind, i.kind === 'tool' ? '' : i.text]), [['error', 'API Error: 529 Overloaded']]);
		// The result repeats it: one error, with the run's cost.
		const ended = addEvents(t, events([resultLine({ isError: true, subtype: 'success', result: 'API Error: 529 Overloaded', numTurns: 1, costUsd: 0 })], 1));
		assert.deepEqual(ended.items.map((i) => [i.kind, i.kind === 'tool' ? '' : i.text]), [['error', 'API Error: 529 Overloaded ($0.0000 · 1 turn)']]);
	});

	it('streams text deltas as a draft that the complete message replaces, so no text is shown twice', () => {
		const deltas = events([streamEventLine({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }), streamEventLine({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }), streamEventLine({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } })]);
		const streaming = addEvents(EMPTY_TRANSCRIPT, deltas);
		assert.equal(streaming.draft, 'Hello');
		assert.equal(streaming.items.length, 0);
		const done = addEvents(streaming, events([assistantLine([block.text('Hello')])], 3));
		assert.equal(done.draft, '');
		assert.deepEqual(done.items.map((i) => (i.kind === 'tool' ? '' : i.text)), ['Hello']);
	});

	it('draws the same draft from deltas the host joined, shows no status line, and drops a draft whose stream started again', () => {
		const delta = (text: string) => streamEventLine({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
		const [start, a, b, c] = events([streamEventLine({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }), delta('One '), delta('two '), delta('three')]);
		const raw = (line: string, seq: number) => ({ runId: 'r1', seq, at: 0, event: parseStreamJsonLine(line)! });
		const joined = toEventRecord(joinDeltas(joinDeltas(raw(delta('One '), 1), raw(delta('two '), 2)), raw(delta('three'), 3)));
		assert.equal(addEvents(EMPTY_TRANSCRIPT, [start!, joined]).draft, addEvents(EMPTY_TRANSCRIPT, [start!, a!, b!, c!]).draft);
		assert.equal(addEvents(EMPTY_TRANSCRIPT, [start!, joined]).draft, 'One two three');
		const status = events(['{"type":"system","subtype":"status","status":"requesting","session_id":"s"}'], 4);
		const withStatus = addEvents(addEvents(EMPTY_TRANSCRIPT, [start!, joined]), status);
		assert.deepEqual([withStatus.items.length, withStatus.draft], [0, 'One two three'], 'the CLI\'s status is no entry');
		const again = addEvents(withStatus, events([streamEventLine({ type: 'message_start', message: { id: 'm2', content: [] } })], 5));
		assert.equal(again.draft, '', 'the words of a cut stream are not shown twice when it is sent again');
	});

	it('streams thinking and a tool call\'s input as drafts of their kind, which the complete blocks replace', () => {
		const delta = (index: number, d: Record<string, unknown>) => streamEventLine({ type: 'content_block_delta', index, delta: d });
		const thinking = addEvents(EMPTY_TRANSCRIPT, events([streamEventLine({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }), delta(0, { type: 'thinking_delta', thinking: 'The test ' }), delta(0, { type: 'thinking_delta', thinking: 'fails on CI.' })]));
		assert.deepEqual([thinking.drafting, thinking.draft], [{ kind: 'thinking' }, 'The test fails on CI.']);

		const toolStart = streamEventLine({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_b', name: 'Bash', input: {} } });
		const tool = addEvents(thinking, events([assistantLine([{ type: 'thinking', thinking: 'The test fails on CI.', signature: 's' }]), toolStart, delta(1, { type: 'input_json_delta', partial_json: '{"command": "npm te' })], 3));
		assert.deepEqual(tool.items.map((i) => i.kind), ['thinking'], 'the whole thinking replaced its draft');
		assert.deepEqual([tool.drafting, partialToolInputSummary(tool.draft)], [{ kind: 'tool', name: 'Bash' }, 'npm te']);

		const done = addEvents(tool, events([delta(1, { type: 'input_json_delta', partial_json: 'st\\"x\\""}' }), assistantLine([block.toolUse('Bash', { command: 'npm test"x"' }, 'toolu_b')])], 6));
		assert.equal(done.draft, '');
		assert.deepEqual(done.items.map((i) => (i.kind === 'tool' ? [i.kind, i.name, i.summary] : [i.kind])), [['thinking'], ['tool', 'Bash', 'npm test"x"']]);
		assert.equal(partialToolInputSummary('{"command": "npm test\\"x\\""}'), 'npm test"x"', 'whole JSON reads as the complete input does');
		assert.equal(partialToolInputSummary('{"file_path": "/repo/a\\'), '/repo/a', 'a cut escape is left out');
		assert.equal(partialToolInputSummary('{"todos": [1,'), '{"todos": [1,', 'no known argument: the fragments as they are');
	});

	it('takes each event once when the stored transcript and the live stream overlap, in the order of the run', () => {
		const all = events([assistantLine([block.text('one')]), assistantLine([block.text('two')]), assistantLine([block.text('three')]), assistantLine([block.text('four')])]);
		// The live stream brings 2 and 3 first; the stored transcript (0–2) answers after.
		const live = addEvents(EMPTY_TRANSCRIPT, [all[2]!, all[3]!]);
		const both = addEvents(live, all.slice(0, 3));
		assert.deepEqual(both.items.map((i) => (i.kind === 'tool' ? '' : i.text)), ['one', 'two', 'three', 'four']);
		// Nothing new: the very same transcript, so nothing is drawn again.
		assert.equal(addEvents(both, all), both);
	});

	it('leaves the items an event does not touch as they were, so their rows are not drawn again', () => {
		const first = addEvents(EMPTY_TRANSCRIPT, events([assistantLine([block.text('Reading.'), READ])]));
		const answered = addEvents(first, events([userLine([block.toolResult('# fixture', false, 'toolu_read')])], 1));
		assert.equal(answered.items[0], first.items[0], 'the text before the call keeps its object');
		assert.notEqual(answered.items[1], first.items[1], 'the call its result landed on is a new object');
		const more = addEvents(answered, events([assistantLine([block.text('Done.')])], 2));
		assert.equal(more.items[1], answered.items[1]);
		// A late event rebuilds in order, and still keeps the items that came out the same.
		const late = addEvents(more, [{ seq: -1, type: 'system', text: 'Retrying the API request (1/3)', json: JSON.stringify({ type: 'system', subtype: 'api_retry' }) }]);
		assert.equal(late.items[0]?.kind, 'note');
		assert.equal(late.items[1], more.items[0]);
		assert.equal(late.items[2], more.items[1]);
	});

	it('sums up a tool\'s input on one line by the argument it is known by', () => {
		assert.equal(toolInputSummary({ command: 'npm   test\n  --silent', description: 'Run the tests' }), 'npm test --silent');
		assert.equal(toolInputSummary({ pattern: 'TODO', path: 'src' }), 'src');
		assert.equal(toolInputSummary({ todos: [1, 2] }), '{"todos":[1,2]}');
		assert.equal(toolInputSummary({ command: 'x'.repeat(300) }).length, 120);
	});
});

const base: RunFacts = { id: 'a', status: 'RUNNING', prompt: 'Fix it', createdAt: '2026-01-01T10:00:00.000Z', startedAt: '2026-01-01T10:00:00.000Z' };

describe('the Agents page: runs', () => {
	it('says a run\'s state with a word beside its icon', () => {
		assert.deepEqual(
			['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'BUDGET_EXCEEDED'].map((s) => `${runMark(s).icon} ${runMark(s).word}`),
			['clock queued', 'sync running', 'pass succeeded', 'error failed', 'circle-slash cancelled', 'credit-card stopped at budget'],
		);
	});

	it('offers cancel while a run goes, retry once it ended, and continue only with a session whose worktree is still there', () => {
		const offered = (over: Partial<RunFacts>) => [...runActions({ ...base, ...over })].sort();
		assert.deepEqual(offered({ status: 'QUEUED' }), ['cancel']);
		assert.deepEqual(offered({ status: 'RUNNING', sessionId: 's' }), ['cancel']);
		assert.deepEqual(offered({ status: 'SUCCEEDED', sessionId: 's' }), ['continue', 'retry']);
		assert.deepEqual(offered({ status: 'FAILED', sessionId: null }), ['retry']);
		assert.deepEqual(offered({ status: 'CANCELLED', sessionId: 's', worktree: { state: 'ACTIVE' } }), ['continue', 'retry']);
		assert.deepEqual(offered({ status: 'SUCCEEDED', sessionId: 's', worktree: { state: 'DISCARDED' } }), ['retry']);
	});

	it('times a running run to now and an ended one by the CLI\'s own figure, else its start and end', () => {
		const now = Date.parse('2026-01-01T10:01:05.000Z');
		assert.equal(runElapsedMs(base, now), 65_000);
		assert.equal(runElapsedMs({ ...base, status: 'QUEUED', startedAt: null }, now), null);
		assert.equal(runElapsedMs({ ...base, status: 'SUCCEEDED', durationMs: 4200, finishedAt: '2026-01-01T10:00:09.000Z' }, now), 4200);
		assert.equal(runElapsedMs({ ...base, status: 'CANCELLED', finishedAt: '2026-01-01T10:00:09.000Z' }, now), 9000);
		assert.equal(runFactsText({ ...base, status: 'SUCCEEDED', costUsd: 0.01234, numTurns: 1, durationMs: 65_000 }, now), '$0.0123 · 1 turn · 1m 05s');
		assert.equal(runFactsText({ ...base, status: 'QUEUED', startedAt: null }, now), '');
	});

	it('sums up a prompt by its first line', () => {
		assert.equal(promptSummary('  Fix the parser  '), 'Fix the parser');
		assert.equal(promptSummary('Fix the parser\nand its tests'), 'Fix the parser…');
		assert.equal(promptSummary('x'.repeat(150)).length, 100);
	});

	it('keeps the runs newest first, replacing only the run that changed and adding a new one in its place', () => {
		const older = { ...base, id: 'old', createdAt: '2026-01-01T09:00:00.000Z', status: 'SUCCEEDED' };
		const runs = runsReducer([], { kind: 'list', runs: [base, older] });
		const same = runsReducer(runs, { kind: 'run', run: { ...older } });
		assert.equal(same, runs, 'an update that changes nothing leaves the list as it was');
		const turned = runsReducer(runs, { kind: 'run', run: { ...base, numTurns: 2 } });
		assert.equal(turned[0]?.numTurns, 2);
		assert.equal(turned[1], runs[1], 'the other run keeps its object');
		const started = runsReducer(turned, { kind: 'run', run: { ...base, id: 'new', createdAt: '2026-01-01T11:00:00.000Z' } });
		assert.deepEqual(started.map((r) => r.id), ['new', 'a', 'old']);
		const many = Array.from({ length: MAX_RUNS + 5 }, (_, i) => ({ ...base, id: `r${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
		assert.equal(many.reduce<readonly RunFacts[]>((list, run) => runsReducer(list, { kind: 'run', run }), []).length, MAX_RUNS);
	});

	it('does not let a read that began before a run ended bring the run back to running', () => {
		const ended = runsReducer([], { kind: 'run', run: { ...base, status: 'CANCELLED' } });
		const read = runsReducer(ended, { kind: 'list', runs: [{ ...base, status: 'RUNNING' }] });
		assert.equal(read[0]?.status, 'CANCELLED');
	});
});
