/**
 * Property tests of the stream-json parser: any line gives an event or nothing and never an
 * exception; any split of the byte stream into chunks gives the events of feeding it whole.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, parseStreamJson, parseStreamJsonLine, StreamJsonParser, type StreamEvent } from '../../../src/claude/streamJson';
import { assistantLine, block, initLine, resultLine, streamEventLine, userLine } from '../../support/claude/streamJsonBuilders';

const RUNS = 1000;

const text = fc.string({ unit: 'binary', maxLength: 30 });
/** Objects shaped like the CLI's events, with arbitrary values where the CLI puts its own. */
const eventLike = fc
	.record({
		type: fc.constantFrom('system', 'assistant', 'user', 'stream_event', 'result', 'mystery'),
		subtype: fc.oneof(fc.constantFrom('init', 'api_retry', 'success', 'error_max_turns'), fc.jsonValue()),
		session_id: fc.oneof(fc.string(), fc.jsonValue()),
		message: fc.oneof(fc.record({ content: fc.oneof(fc.array(fc.jsonValue()), fc.string(), fc.jsonValue()), model: fc.jsonValue() }), fc.jsonValue()),
		event: fc.oneof(fc.record({ type: fc.string(), delta: fc.jsonValue() }), fc.jsonValue()),
		usage: fc.jsonValue(),
		modelUsage: fc.dictionary(fc.string(), fc.jsonValue()),
		errors: fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue()),
		tools: fc.jsonValue(),
	}, { requiredKeys: ['type'] })
	.map((o) => JSON.stringify(o));
const nested = fc.integer({ min: 1, max: 2000 }).map((n) => `{"type":"user","message":{"content":[{"type":"tool_result","content":${'['.repeat(n)}${']'.repeat(n)}}]}}`);
const wellFormed = fc.oneof(
	text.map((t) => initLine({ cwd: t })),
	text.map((t) => assistantLine([block.text(t), block.toolUse('Bash', { command: t })])),
	text.map((t) => userLine([block.toolResult([{ type: 'text', text: t }, { type: 'image' }])])),
	text.map((t) => streamEventLine({ type: 'content_block_delta', delta: { type: 'text_delta', text: t } })),
	text.map((t) => resultLine({ result: t })),
);
/** Any line at all: garbage, JSON that is not an event, CLI-shaped events, absurd nesting. */
const anyLine = fc.oneof(text, fc.jsonValue().map((v) => JSON.stringify(v)), eventLike, wellFormed, nested, fc.constantFrom('', '   ', '\r', '{', '[]', 'null', '\u2028'));

function events(parser: StreamJsonParser, chunks: Buffer[]): StreamEvent[] {
	return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

/** Cuts `bytes` at the given offsets (any byte, so inside UTF-8 sequences and CRLF pairs too). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
	const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1], end));
}

describe('claude/streamJson properties', () => {
	it(`turns any line into one event or nothing, never an exception; garbage is reported as raw (${RUNS * 2} cases)`, () => {
		fc.assert(
			fc.property(anyLine, (line) => {
				const event = parseStreamJsonLine(line);
				if (line.trim() === '') {
					assert.equal(event, undefined);
					return;
				}
				assert.ok(event);
				// Whatever comes out can be stored: the run store writes events as JSON lines.
				assert.doesNotThrow(() => JSON.stringify(event));
				if (event.type === 'raw') {
					assert.equal(event.line, line.trim());
				}
			}),
			{ numRuns: RUNS * 2 },
		);
	});

	it(`gives a content block delta's text in the field of its kind and nowhere else, whatever the line holds (${RUNS} cases)`, () => {
		const kinds = { text_delta: ['text', 'textDelta'], input_json_delta: ['partial_json', 'jsonDelta'], thinking_delta: ['thinking', 'thinkingDelta'] } as const;
		const deltaLike = fc.record({
			type: fc.oneof(fc.constantFrom('text_delta', 'input_json_delta', 'thinking_delta', 'signature_delta'), fc.jsonValue()),
			text: fc.oneof(text, fc.jsonValue()),
			partial_json: fc.oneof(text, fc.jsonValue()),
			thinking: fc.oneof(text, fc.jsonValue()),
		}, { requiredKeys: [] });
		fc.assert(
			fc.property(fc.oneof(fc.constant('content_block_delta'), fc.string()), fc.oneof(fc.nat(), fc.jsonValue()), fc.oneof(deltaLike, fc.jsonValue()), (type, index, delta) => {
				const event = parseStreamJsonLine(streamEventLine({ type, index, delta }));
				assert.ok(event?.type === 'stream_event');
				// As the line carries it: JSON has no -0.
				const sent: unknown = (JSON.parse(JSON.stringify({ index })) as { index?: unknown }).index;
				assert.equal(event.index, typeof sent === 'number' && Number.isInteger(sent) ? sent : undefined);
				const d = typeof delta === 'object' && delta !== null && !Array.isArray(delta) ? (delta as Record<string, unknown>) : {};
				for (const [kind, [wire, field]] of Object.entries(kinds)) {
					const expected = d.type === kind && typeof d[wire] === 'string' ? d[wire] : undefined;
					assert.equal(event[field], expected, `${field} of a ${JSON.stringify(d.type)}`);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it(`keeps a line nested deeper than ${MAX_JSON_DEPTH} levels as raw`, () => {
		const event = parseStreamJsonLine(`{"type":"user","message":{"content":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}}`);
		assert.deepEqual(event?.type === 'raw' && event.reason, 'invalid-shape');
	});

	it(`gives the same events for every chunking of the byte stream, with LF or CRLF (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(fc.array(anyLine.filter((l) => !l.includes('\n')), { maxLength: 8 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), (lines, crlf, finalNewline, cuts) => {
				const whole = lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? '\n' : '');
				const expected = parseStreamJson(whole);
				assert.equal(expected.length, lines.filter((l) => l.trim() !== '').length, 'one event per non-blank line');
				assert.deepEqual(events(new StreamJsonParser(), split(Buffer.from(whole, 'utf8'), cuts)), expected);
			}),
			{ numRuns: RUNS },
		);
	});

	it(`applies the line cap the same way whatever the chunking (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(fc.array(anyLine.filter((l) => !l.includes('\n')), { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cap, cuts) => {
				const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
				const expected = events(new StreamJsonParser(cap), [bytes]);
				assert.deepEqual(events(new StreamJsonParser(cap), split(bytes, cuts)), expected);
				for (const e of expected) {
					if (e.type === 'raw' && e.reason === 'line-too-long') {
						assert.ok(e.line.length <= cap);
					}
				}
			}),
			{ numRuns: RUNS },
		);
	});
});
