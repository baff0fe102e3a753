import { strict as assert } from 'node:assert';
import {
	applyEvent, completeRun, createRun, describeFailure, endRun, isTerminal, markRunning, MAX_OUTPUT_CHARS, OutputAccumulator, recoverInterrupted, type AgentRun,
} from '../../../src/claude/runModel';
import type { ClaudeExit } from '../../../src/claude/runner';
import { parseStreamJsonLine, type ResultEvent, type StreamEvent } from '../../../src/claude/streamJson';
import { describeEvent } from '../../../src/claude/eventText';
import { descendantsOf, parsePsOutput } from '../../../src/claude/processTree';
import { assistantLine, block, initLine, resultLine, streamEventLine, userLine } from '../../support/claude/streamJsonBuilders';

const T0 = new Date('2026-01-01T10:00:00.000Z');
const T1 = new Date('2026-01-01T10:00:05.000Z');

function ev(line: string): StreamEvent {
	const e = parseStreamJsonLine(line);
	assert.ok(e);
	return e;
}

function running(): AgentRun {
	return markRunning(createRun({ id: 'r1', repositoryPath: '/repo', prompt: 'do it', options: { maxTurns: 2 } }, T0), T0);
}

function exit(over: Partial<ClaudeExit> & { result?: ResultEvent } = {}): ClaudeExit {
	return { reason: 'exited', exitCode: 0, signal: null, stderr: '', ...over };
}

function result(over: Parameters<typeof resultLine>[0] = {}): ResultEvent {
	return ev(resultLine(over)) as ResultEvent;
}

describe('claude/runModel', () => {
	it('creates QUEUED runs and marks them RUNNING', () => {
		const q = createRun({ id: 'r1', repositoryPath: '/repo', prompt: 'p', origin: 'retry', parentId: 'r0' }, T0);
		assert.deepEqual(q, { id: 'r1', repositoryPath: '/repo', prompt: 'p', status: 'QUEUED', origin: 'retry', parentId: 'r0', options: {}, output: '', createdAt: T0.getTime() });
		assert.equal(markRunning(q, T1).startedAt, T1.getTime());
		assert.ok(!isTerminal('RUNNING') && !isTerminal('QUEUED') && isTerminal('CANCELLED'));
	});

	it('takes session and model from init, and cost, duration, turns, result from result', () => {
		let run = applyEvent(running(), ev(initLine({ sessionId: 's-1', model: 'claude-x' })));
		assert.equal(run.sessionId, 's-1');
		assert.equal(run.model, 'claude-x');
		run = applyEvent(run, ev(resultLine({ costUsd: 0.02, durationMs: 900, numTurns: 2, result: 'ok' })));
		assert.deepEqual([run.costUsd, run.durationMs, run.numTurns, run.result], [0.02, 900, 2, 'ok']);
		const same = applyEvent(run, ev(assistantLine([block.text('x')])));
		assert.equal(same, run, 'unchanged record is the same object');
	});

	describe('completeRun', () => {
		it('SUCCEEDED for a clean result and exit 0', () => {
			const done = completeRun(running(), exit({ result: result() }), T1);
			assert.equal(done.status, 'SUCCEEDED');
			assert.equal(done.error, undefined);
			assert.equal(done.finishedAt, T1.getTime());
		});

		it('CANCELLED when cancelled, whatever the exit, with a measured duration', () => {
			const done = completeRun(running(), exit({ reason: 'cancelled', exitCode: 143, sessionId: 's-9' }), T1);
			assert.equal(done.status, 'CANCELLED');
			assert.equal(done.durationMs, 5000);
			assert.equal(done.sessionId, 's-9');
		});

		it('FAILED with the API error text for 529 and 401', () => {
			const overloaded = completeRun(running(), exit({ exitCode: 1, result: result({ isError: true, apiErrorStatus: 529, result: 'API Error: 529 Overloaded.' }) }), T1);
			assert.equal(overloaded.status, 'FAILED');
			assert.equal(overloaded.error, 'API Error: 529 Overloaded.');
			const auth = completeRun(running(), exit({ exitCode: 1, result: result({ isError: true, apiErrorStatus: 401, result: '' }) }), T1);
			assert.equal(auth.error, 'API error 401.');
		});

		it('FAILED with the CLI\'s errors, else its stderr, when the result has no text', () => {
			const withErrors = ev('{"type":"result","subtype":"error_during_execution","is_error":true,"session_id":"s","errors":["No conversation found with session ID: s"]}') as ResultEvent;
			assert.equal(describeFailure(exit({ exitCode: 1, result: withErrors })), 'No conversation found with session ID: s');
			const bare = result({ subtype: 'error_during_execution', isError: true, result: '' });
			assert.equal(describeFailure(exit({ exitCode: 1, result: bare, stderr: 'Error: disk full\n' })), 'Error: disk full');
			assert.equal(describeFailure(exit({ exitCode: 1, result: bare })), 'Claude reported an error (error_during_execution).');
		});

		it('FAILED at the turn limit', () => {
			const done = completeRun(running(), exit({ exitCode: 1, result: result({ subtype: 'error_max_turns', isError: true, numTurns: 2 }) }), T1);
			assert.equal(done.error, 'Stopped at the turn limit after 2 turns.');
		});

		it('FAILED with stderr when the CLI dies without a result', () => {
			const done = completeRun(running(), exit({ exitCode: 1, stderr: 'noise\nError: boom\n' }), T1);
			assert.equal(done.status, 'FAILED');
			assert.equal(done.error, 'Claude exited with code 1 without a result: noise\nError: boom');
			assert.equal(describeFailure(exit({ exitCode: null, signal: 'SIGKILL' })), 'Claude was killed by SIGKILL without a result.');
			assert.equal(describeFailure(exit({ exitCode: 0 })), 'Claude exited with code 0 without a result.');
		});

		it('FAILED when a clean result comes with a non-zero exit', () => {
			assert.equal(describeFailure(exit({ exitCode: 2, result: result() })), 'Claude exited with code 2.');
		});

		it('FAILED with the limit when timed out', () => {
			assert.equal(completeRun(running(), exit({ reason: 'timedOut', exitCode: 143 }), T1, 30 * 60000).error, 'Timed out after 30 min.');
		});
	});

	it('marks runs whose owner is gone as FAILED and leaves finished ones and live owners\' alone', () => {
		const r = recoverInterrupted(running(), T1, () => false);
		assert.equal(r.status, 'FAILED');
		assert.match(r.error ?? '', /Interrupted/);
		const done = endRun(running(), 'SUCCEEDED', undefined, T1);
		assert.equal(recoverInterrupted(done, T1, () => false), done);
		const owned = { ...running(), owner: { pid: 4242, processStart: 'boot:17', queueId: 'q' } };
		const seen: unknown[] = [];
		assert.equal(recoverInterrupted(owned, T1, (o) => (seen.push(o), true)), owned);
		assert.deepEqual(seen, [owned.owner]);
	});

	describe('OutputAccumulator', () => {
		const delta = (text: string) => ev(streamEventLine({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }));
		const start = ev(streamEventLine({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));

		it('joins complete text blocks', () => {
			const acc = new OutputAccumulator();
			acc.apply(ev(assistantLine([block.text('Listing.')])));
			acc.apply(ev(assistantLine([block.toolUse('Bash', {})])));
			acc.apply(ev(assistantLine([block.text('Done.')])));
			assert.equal(acc.value, 'Listing.\n\nDone.');
		});

		it('keeps streamed text and does not count the block twice when it completes', () => {
			const acc = new OutputAccumulator();
			acc.apply(ev(assistantLine([block.text('First.')])));
			acc.apply(start);
			assert.ok(acc.apply(delta('Sec')));
			acc.apply(delta('ond'));
			assert.equal(acc.value, 'First.\n\nSecond', 'partial text kept while streaming');
			acc.apply(ev(assistantLine([block.text('Second.')])));
			assert.equal(acc.value, 'First.\n\nSecond.');
		});

		it('drops a draft no complete block confirmed when the stream starts again, and keeps one still open at the end', () => {
			const acc = new OutputAccumulator();
			acc.apply(ev(assistantLine([block.text('First.')])));
			acc.apply(start);
			acc.apply(delta('Cut sho'));
			assert.equal(acc.value, 'First.\n\nCut sho');
			// The CLI sends the request again after a cut: a new message starts.
			assert.ok(acc.apply(ev(streamEventLine({ type: 'message_start', message: { id: 'm2', content: [] } }))));
			assert.equal(acc.value, 'First.', 'the unconfirmed words and their separator are gone');
			acc.apply(start);
			acc.apply(delta('Cut short, then '));
			acc.apply(delta('whole.'));
			acc.apply(ev(assistantLine([block.text('Cut short, then whole.')])));
			assert.equal(acc.value, 'First.\n\nCut short, then whole.', 'the repeat shows once');
			acc.apply(ev(streamEventLine({ type: 'content_block_stop', index: 0 })));
			acc.apply(start);
			acc.apply(delta('Stopped mid'));
			assert.equal(acc.value, 'First.\n\nCut short, then whole.\n\nStopped mid', 'an open draft stays (a cancelled run keeps it)');
		});

		it('ignores synthetic error messages and non-text events', () => {
			const acc = new OutputAccumulator();
			assert.equal(acc.apply(ev(assistantLine([block.text('API Error')], { model: '<synthetic>' }))), false);
			assert.equal(acc.apply(ev(initLine())), false);
			assert.equal(acc.value, '');
		});

		it('caps the text to its tail', () => {
			const acc = new OutputAccumulator();
			for (let i = 0; i < 10; i++) {
				acc.apply(ev(assistantLine([block.text(`${i}`.repeat(MAX_OUTPUT_CHARS / 2))])));
			}
			assert.ok(acc.value.length <= MAX_OUTPUT_CHARS + 1);
			assert.ok(acc.value.startsWith('…'));
			assert.ok(acc.value.endsWith('9'));
		});
	});
});

describe('claude/processTree', () => {
	it('parses ps output and finds descendants across process groups', () => {
		const rows = parsePsOutput(' 100 1 100 Ss\n 101 100 100 S\n 102 101 102 Ss\n 103 102 102 S\n 104 1 104 S\n 105 103 102 Z+\nbad line\n');
		assert.equal(rows.length, 6);
		assert.deepEqual(descendantsOf(100, rows).map((r) => r.pid), [101, 102, 103, 105]);
		assert.equal(rows.find((r) => r.pid === 105)?.zombie, true);
		assert.deepEqual(descendantsOf(104, rows), []);
	});
});

describe('claude/eventText', () => {
	it('describes each kind of event in one readable text', () => {
		assert.equal(describeEvent(ev(initLine({ sessionId: 's', model: 'm', cwd: '/r' }))), 'Session s started (m) in /r');
		assert.equal(describeEvent(ev(assistantLine([block.text('Listing.'), block.toolUse('Bash', { command: 'ls -la', description: 'List' })]))), 'Listing.\nBash: ls -la');
		assert.equal(describeEvent(ev(assistantLine([block.toolUse('Custom', { a: 1 })]))), 'Custom: {"a":1}');
		assert.equal(describeEvent(ev(userLine([block.toolResult('x'.repeat(600), true)]))), `Tool error: ${'x'.repeat(500)}…`);
		assert.equal(describeEvent(ev(resultLine({ costUsd: 0.0123, numTurns: 2, durationMs: 1500, result: 'Done.' }))), 'Finished ($0.0123, 2 turns, 1.5 s): Done.');
		assert.equal(describeEvent(ev(streamEventLine({ type: 'message_stop' }))), null);
		assert.equal(describeEvent(ev('not json')), 'not json');
		assert.equal(describeEvent(ev('{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"error_status":529}')), 'Retrying the API request (1/10, HTTP 529)');
	});
});
