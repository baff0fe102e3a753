import { strict as assert } from 'node:assert';
import { parseStreamJson, parseStreamJsonLine, StreamJsonParser, type StreamEvent } from '../../../src/claude/streamJson';
import { assistantLine, block, DEFAULT_SESSION_ID, initLine, resultLine, streamEventLine, userLine } from '../../support/claude/streamJsonBuilders';

function only<T extends StreamEvent['type']>(e: StreamEvent | undefined, type: T): Extract<StreamEvent, { type: T }> {
	assert.ok(e, 'expected an event');
	assert.equal(e.type, type);
	return e as Extract<StreamEvent, { type: T }>;
}

describe('claude/streamJson', () => {
	describe('parseStreamJsonLine', () => {
		it('maps system/init to session, model, tools and cwd', () => {
			const e = only(parseStreamJsonLine(initLine({ cwd: '/w/r', model: 'claude-x', tools: ['Bash', 'Read'] })), 'system');
			assert.equal(e.subtype, 'init');
			if (e.subtype === 'init') {
				assert.deepEqual({ s: e.sessionId, m: e.model, t: e.tools, c: e.cwd, p: e.permissionMode }, { s: DEFAULT_SESSION_ID, m: 'claude-x', t: ['Bash', 'Read'], c: '/w/r', p: 'default' });
			}
		});

		it('keeps an init line without session id as raw', () => {
			const e = only(parseStreamJsonLine('{"type":"system","subtype":"init"}'), 'raw');
			assert.equal(e.reason, 'invalid-shape');
		});

		it('maps system/api_retry', () => {
			const e = only(parseStreamJsonLine('{"type":"system","subtype":"api_retry","attempt":1,"max_retries":2,"retry_delay_ms":620.5,"error_status":529,"error":"overloaded","session_id":"s"}'), 'system');
			assert.deepEqual(e, { type: 'system', subtype: 'api_retry', sessionId: 's', attempt: 1, maxRetries: 2, retryDelayMs: 620.5, errorStatus: 529, error: 'overloaded' });
		});

		it('keeps unknown system subtypes as raw', () => {
			const line = '{"type":"system","subtype":"compact_boundary","compact_metadata":{"trigger":"auto"},"session_id":"s"}';
			assert.deepEqual(parseStreamJsonLine(line), { type: 'raw', reason: 'unknown-type', line });
		});

		it('maps assistant text, thinking and tool_use blocks', () => {
			const e = only(parseStreamJsonLine(assistantLine([block.thinking('hmm'), block.text('Hi'), block.toolUse('Bash', { command: 'ls' })])), 'assistant');
			assert.deepEqual(e.content, [
				{ type: 'thinking', thinking: 'hmm' },
				{ type: 'text', text: 'Hi' },
				{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
			]);
			assert.equal(e.messageId, 'msg_01');
			assert.equal(e.parentToolUseId, null);
			assert.equal(e.synthetic, false);
		});

		it('marks synthetic assistant messages (CLI-made error reports)', () => {
			const e = only(parseStreamJsonLine(assistantLine([block.text('API Error: 529 Overloaded.')], { model: '<synthetic>' })), 'assistant');
			assert.equal(e.synthetic, true);
		});

		it('keeps unknown content blocks as other, not an error', () => {
			const e = only(parseStreamJsonLine(assistantLine([{ type: 'redacted_thinking', data: 'x' }, { type: 'text' }])), 'assistant');
			assert.deepEqual(e.content.map((b) => b.type === 'other' && b.originalType), ['redacted_thinking', 'text']);
		});

		it('records the parent tool use of a subagent message', () => {
			const e = only(parseStreamJsonLine(assistantLine([block.text('sub')], { parentToolUseId: 'toolu_task' })), 'assistant');
			assert.equal(e.parentToolUseId, 'toolu_task');
		});

		it('maps user tool results, flattening block content', () => {
			const e = only(parseStreamJsonLine(userLine([
				block.toolResult('README.md'),
				block.toolResult([{ type: 'text', text: 'a' }, { type: 'image', source: {} }, { type: 'text', text: 'b' }], true, 'toolu_02'),
			])), 'user');
			assert.deepEqual(e.content, [
				{ type: 'tool_result', toolUseId: 'toolu_01', content: 'README.md', isError: false },
				{ type: 'tool_result', toolUseId: 'toolu_02', content: 'a\n[image]\nb', isError: true },
			]);
		});

		it('maps a user message with string content to one text block', () => {
			const e = only(parseStreamJsonLine(userLine('hello')), 'user');
			assert.deepEqual(e.content, [{ type: 'text', text: 'hello' }]);
		});

		it('maps stream_event and exposes text deltas', () => {
			const e = only(parseStreamJsonLine(streamEventLine({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'abcd' } })), 'stream_event');
			assert.equal(e.eventType, 'content_block_delta');
			assert.equal(e.textDelta, 'abcd');
			const j = only(parseStreamJsonLine(streamEventLine({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a"' } })), 'stream_event');
			assert.equal(j.textDelta, undefined);
			assert.deepEqual(j.event.delta, { type: 'input_json_delta', partial_json: '{"a"' });
		});

		it('maps the CLI\'s status lines, printed with partial messages, to a status event', () => {
			const requesting = only(parseStreamJsonLine('{"type":"system","subtype":"status","status":"requesting","uuid":"u","session_id":"s-1"}'), 'system');
			assert.deepEqual(requesting, { type: 'system', subtype: 'status', sessionId: 's-1', status: 'requesting' });
			const idle = only(parseStreamJsonLine('{"type":"system","subtype":"status","status":null,"permissionMode":"default","session_id":"s-1"}'), 'system');
			assert.deepEqual(idle, { type: 'system', subtype: 'status', sessionId: 's-1', status: null });
		});

		it('says which block a stream event is about and gives the text of tool input and thinking deltas', () => {
			const delta = (index: unknown, d: Record<string, unknown>) => only(parseStreamJsonLine(streamEventLine({ type: 'content_block_delta', index, delta: d })), 'stream_event');
			const j = delta(1, { type: 'input_json_delta', partial_json: '{"a"' });
			assert.deepEqual([j.index, j.jsonDelta, j.textDelta, j.thinkingDelta], [1, '{"a"', undefined, undefined]);
			const t = delta(0, { type: 'thinking_delta', thinking: 'hmm' });
			assert.deepEqual([t.index, t.thinkingDelta, t.textDelta, t.jsonDelta], [0, 'hmm', undefined, undefined]);
			const s = delta(0, { type: 'signature_delta', signature: 'c2ln' });
			assert.deepEqual([s.textDelta, s.jsonDelta, s.thinkingDelta], [undefined, undefined, undefined], 'a signature is no text');
			assert.equal(delta('2', { type: 'text_delta', text: 'x' }).index, undefined, 'an index that is not a whole number is left out');
			assert.equal(delta(1.5, { type: 'text_delta', text: 'x' }).index, undefined);
			const start = only(parseStreamJsonLine(streamEventLine({ type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } })), 'stream_event');
			assert.deepEqual([start.eventType, start.index, start.textDelta], ['content_block_start', 3, undefined]);
		});

		it('maps result with cost, duration, turns and usage', () => {
			const e = only(parseStreamJsonLine(resultLine({ costUsd: 0.0123, durationMs: 456, numTurns: 3, result: 'done' })), 'result');
			assert.deepEqual(e, {
				type: 'result', subtype: 'success', isError: false, result: 'done', sessionId: DEFAULT_SESSION_ID, totalCostUsd: 0.0123,
				durationMs: 456, durationApiMs: 23, numTurns: 3, usage: { inputTokens: 25, outputTokens: 15, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
				permissionDenials: 0,
			});
		});

		it('maps an API error result (success subtype with is_error) and its status', () => {
			const e = only(parseStreamJsonLine(resultLine({ isError: true, apiErrorStatus: 529, result: 'API Error: 529 Overloaded.' })), 'result');
			assert.equal(e.isError, true);
			assert.equal(e.apiErrorStatus, 529);
		});

		it('keeps the errors list of a result', () => {
			const e = only(parseStreamJsonLine('{"type":"result","subtype":"error_during_execution","is_error":true,"session_id":"s","errors":["No conversation found",{"code":1}]}'), 'result');
			assert.deepEqual(e.errors, ['No conversation found', '{"code":1}']);
		});

		it('derives is_error from the subtype when a CLI leaves it out', () => {
			const e = only(parseStreamJsonLine('{"type":"result","subtype":"error_max_turns","session_id":"s","num_turns":2}'), 'result');
			assert.equal(e.isError, true);
			assert.equal(e.totalCostUsd, 0);
			assert.equal(e.result, undefined);
		});

		it('keeps non-JSON, non-object and unknown lines as raw', () => {
			assert.deepEqual(parseStreamJsonLine('Warning: something'), { type: 'raw', reason: 'invalid-json', line: 'Warning: something' });
			assert.deepEqual(parseStreamJsonLine('[1,2]'), { type: 'raw', reason: 'invalid-shape', line: '[1,2]' });
			assert.deepEqual(parseStreamJsonLine('"str"'), { type: 'raw', reason: 'invalid-shape', line: '"str"' });
			assert.deepEqual(parseStreamJsonLine('{"type":"control_request"}'), { type: 'raw', reason: 'unknown-type', line: '{"type":"control_request"}' });
			assert.equal(only(parseStreamJsonLine('{"type":"assistant","message":null}'), 'raw').reason, 'invalid-shape');
			assert.equal(only(parseStreamJsonLine('{"type":"user"}'), 'raw').reason, 'invalid-shape');
			assert.equal(only(parseStreamJsonLine('{"type":"result"}'), 'raw').reason, 'invalid-shape');
			assert.equal(only(parseStreamJsonLine('{"type":"stream_event","event":{}}'), 'raw').reason, 'invalid-shape');
		});

		it('ignores blank lines', () => {
			assert.equal(parseStreamJsonLine(''), undefined);
			assert.equal(parseStreamJsonLine('  \r'), undefined);
		});

		it('tolerates wrong field types without throwing', () => {
			const e = only(parseStreamJsonLine('{"type":"result","subtype":"success","is_error":false,"total_cost_usd":"x","duration_ms":null,"num_turns":1e999,"session_id":5}'), 'result');
			assert.deepEqual([e.totalCostUsd, e.durationMs, e.numTurns, e.sessionId], [0, 0, 0, '']);
		});
	});

	describe('StreamJsonParser', () => {
		const text = [initLine(), assistantLine([block.text('Hi')]), resultLine()].join('\n') + '\n';

		it('parses a whole output', () => {
			assert.deepEqual(parseStreamJson(text).map((e) => e.type), ['system', 'assistant', 'result']);
		});

		it('gives the same events at every chunk boundary', () => {
			const expected = parseStreamJson(text);
			for (let cut = 1; cut < text.length; cut += 7) {
				const p = new StreamJsonParser();
				const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()];
				assert.deepEqual(events, expected, `cut at ${cut}`);
			}
		});

		it('handles one byte at a time, including multi-byte UTF-8 split across chunks', () => {
			const bytes = Buffer.from(assistantLine([block.text('héllo — 日本 🎉')]) + '\n', 'utf8');
			const p = new StreamJsonParser();
			const events: StreamEvent[] = [];
			for (const b of bytes) {
				events.push(...p.push(Buffer.from([b])));
			}
			events.push(...p.end());
			assert.equal(events.length, 1);
			assert.deepEqual(only(events[0], 'assistant').content, [{ type: 'text', text: 'héllo — 日本 🎉' }]);
		});

		it('accepts CRLF line endings', () => {
			const events = parseStreamJson(text.replace(/\n/g, '\r\n'));
			assert.deepEqual(events.map((e) => e.type), ['system', 'assistant', 'result']);
		});

		it('flushes a last line without newline at end', () => {
			const p = new StreamJsonParser();
			assert.deepEqual(p.push(resultLine()), []);
			assert.deepEqual(p.end().map((e) => e.type), ['result']);
			assert.deepEqual(p.end(), []);
		});

		it('keeps a truncated last line as raw instead of failing', () => {
			const p = new StreamJsonParser();
			p.push(initLine() + '\n' + resultLine().slice(0, 40));
			const [e] = p.end();
			assert.equal(only(e, 'raw').reason, 'invalid-json');
		});

		it('keeps garbage lines between events', () => {
			const events = parseStreamJson(`${initLine()}\nnot json\n\n{"type":"mystery"}\n${resultLine()}`);
			assert.deepEqual(events.map((e) => (e.type === 'raw' ? `raw:${e.reason}` : e.type)), ['system', 'raw:invalid-json', 'raw:unknown-type', 'result']);
		});

		it('caps an over-long line and resumes at the next one', () => {
			const p = new StreamJsonParser(100);
			const events = [...p.push('{"type":"user","x":"' + 'a'.repeat(80)), ...p.push('b'.repeat(200)), ...p.push('"}\n{"type":"result","subtype":"success"}\n'), ...p.end()];
			assert.deepEqual(events.map((e) => (e.type === 'raw' ? `raw:${e.reason}` : e.type)), ['raw:line-too-long', 'result']);
		});

		it('caps an over-long last line without newline', () => {
			const p = new StreamJsonParser(10);
			const events = [...p.push('x'.repeat(50)), ...p.end()];
			assert.deepEqual(events.map((e) => e.type === 'raw' && e.reason), ['line-too-long']);
		});
	});
});
