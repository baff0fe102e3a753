/**
 * The joining of a run's stream deltas, on a clock and timer the test moves by hand: what is
 * delivered when, and (as a property over any stream) that nothing is lost, duplicated or
 * reordered.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DeltaCoalescer, joinDeltas } from '../../../src/claude/deltaCoalescer';
import { OutputAccumulator, type RunEvent } from '../../../src/claude/runModel';
import { parseStreamJsonLine, type PartialEvent, type StreamEvent } from '../../../src/claude/streamJson';
import { assistantLine, block, resultLine, streamEventLine } from '../../support/claude/streamJsonBuilders';

function ev(line: string): StreamEvent {
	const e = parseStreamJsonLine(line);
	assert.ok(e);
	return e;
}

const textDelta = (text: string, index = 0) => ev(streamEventLine({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }));
const jsonDelta = (partial: string, index = 1) => ev(streamEventLine({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } }));
const blockStart = (index: number, type = 'text') => ev(streamEventLine({ type: 'content_block_start', index, content_block: type === 'text' ? { type, text: '' } : { type, id: 't1', name: 'Bash', input: {} } }));
const blockStop = (index: number) => ev(streamEventLine({ type: 'content_block_stop', index }));

/** A coalescer on a hand-moved clock, and what it delivered. */
function harness(intervalMs = 50) {
	let now = 0;
	const timers: { at: number; fn: () => void; live: boolean }[] = [];
	const delivered: RunEvent[] = [];
	let seq = 0;
	const coalescer = new DeltaCoalescer((e) => delivered.push(e), {
		intervalMs,
		now: () => now,
		schedule: (fn, ms) => {
			const timer = { at: now + ms, fn, live: true };
			timers.push(timer);
			return { dispose: () => (timer.live = false) };
		},
	});
	return {
		coalescer,
		delivered,
		push: (event: StreamEvent) => coalescer.push({ runId: 'r', seq: seq++, at: now, event }),
		/** Moves the clock, firing the timers that come due on the way. */
		advance(ms: number) {
			const until = now + ms;
			for (let t = timers.find((x) => x.live && x.at <= until); t; t = timers.find((x) => x.live && x.at <= until)) {
				now = Math.max(now, t.at);
				t.live = false;
				t.fn();
			}
			now = until;
		},
		texts: () => delivered.map((e) => (e.event.type === 'stream_event' ? (e.event.textDelta ?? e.event.jsonDelta ?? `<${e.event.eventType}>`) : `<${e.event.type}>`)),
	};
}

describe('claude/DeltaCoalescer', () => {
	it('delivers the first delta at once and joins the next ones until the interval has passed', () => {
		const h = harness();
		h.push(textDelta('Hel'));
		assert.deepEqual(h.texts(), ['Hel'], 'a delta after a quiet spell is not held');
		h.push(textDelta('lo, '));
		h.advance(10);
		h.push(textDelta('wor'));
		h.advance(10);
		h.push(textDelta('ld'));
		assert.deepEqual(h.texts(), ['Hel'], 'held within the interval');
		assert.ok(h.coalescer.holding);
		h.advance(30);
		assert.deepEqual(h.texts(), ['Hel', 'lo, world'], 'one delivery at the end of the interval, the text joined');
		assert.equal(h.delivered[1].seq, 3, 'numbered as the last line it holds');
		assert.equal(h.coalescer.holding, false);
	});

	it('delivers anything that is not a delta at once, after the deltas held before it', () => {
		const h = harness();
		h.push(textDelta('A'));
		h.push(textDelta('B'));
		h.push(textDelta('C'));
		h.push(ev(assistantLine([block.text('ABC')])));
		h.push(blockStop(0));
		assert.deepEqual(h.texts(), ['A', 'BC', '<assistant>', '<content_block_stop>']);
		assert.deepEqual(h.delivered.map((e) => e.seq), [0, 2, 3, 4]);
	});

	it('never joins deltas of different blocks or kinds', () => {
		const h = harness();
		h.push(textDelta('x'));
		h.push(textDelta('text', 0));
		h.push(jsonDelta('{"command":'));
		h.push(jsonDelta('"ls"}'));
		h.push(textDelta('more', 2));
		h.advance(50);
		assert.deepEqual(h.texts(), ['x', 'text', '{"command":"ls"}', 'more']);
		const json = h.delivered[2].event as PartialEvent;
		assert.deepEqual(json.event, { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' } });
	});

	it('flush hands on what is held; after dispose nothing more is delivered and the timer is gone', () => {
		const h = harness();
		h.push(textDelta('a'));
		h.push(textDelta('b'));
		h.coalescer.flush();
		assert.deepEqual(h.texts(), ['a', 'b']);
		h.push(textDelta('c'));
		h.coalescer.dispose();
		h.advance(1000);
		assert.deepEqual(h.texts(), ['a', 'b']);
	});

	it('a joined delta is the event the parser makes of one API delta with the joined text', () => {
		const a = { runId: 'r', seq: 4, at: 10, event: textDelta('Hello, ', 3) };
		const b = { runId: 'r', seq: 5, at: 12, event: textDelta('world', 3) };
		assert.deepEqual(joinDeltas(a, b), { runId: 'r', seq: 5, at: 12, event: textDelta('Hello, world', 3) });
	});

	describe('properties', () => {
		const piece = fc.string({ unit: 'grapheme', maxLength: 6 });
		/** A stream of one message: blocks of text or tool input, each streamed in deltas, then completed. */
		const step = fc.oneof(
			{ weight: 6, arbitrary: piece.map((t) => ({ kind: 'text' as const, t })) },
			{ weight: 2, arbitrary: piece.map((t) => ({ kind: 'json' as const, t })) },
			{ weight: 1, arbitrary: fc.constant({ kind: 'complete' as const, t: '' }) },
			{ weight: 2, arbitrary: fc.integer({ min: 0, max: 120 }).map((ms) => ({ kind: 'wait' as const, t: '', ms })) },
		);

		it('delivers every line\'s text exactly once, in order, and the output is the same as without joining (500 cases)', () => {
			fc.assert(
				fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 100 }), (steps, interval) => {
					const h = harness(interval);
					const raw: StreamEvent[] = [];
					let index = 0;
					let kind: 'text' | 'json' | undefined;
					let blockText = '';
					const push = (e: StreamEvent) => {
						raw.push(e);
						h.push(e);
					};
					const complete = () => {
						if (kind === 'text') {
							push(ev(assistantLine([block.text(blockText)])));
						} else if (kind === 'json') {
							push(ev(assistantLine([block.toolUse('Bash', {})])));
						}
						if (kind) {
							push(blockStop(index));
							index++;
						}
						kind = undefined;
						blockText = '';
					};
					for (const s of steps) {
						if (s.kind === 'wait') {
							h.advance((s as { ms: number }).ms);
						} else if (s.kind === 'complete') {
							complete();
						} else {
							if (kind !== s.kind) {
								complete();
								kind = s.kind;
								push(blockStart(index, s.kind === 'text' ? 'text' : 'tool_use'));
							}
							blockText += s.t;
							push(s.kind === 'text' ? textDelta(s.t, index) : jsonDelta(s.t, index));
						}
					}
					complete();
					push(ev(resultLine({ result: 'done' })));
					h.coalescer.flush();
					const seqs = h.delivered.map((e) => e.seq);
					assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in order');
					assert.equal(new Set(seqs).size, seqs.length, 'none twice');
					assert.equal(seqs.at(-1), raw.length - 1, 'the last line is delivered');
					const others = (events: readonly StreamEvent[]) => events.filter((e) => e.type !== 'stream_event' || e.eventType !== 'content_block_delta');
					assert.deepEqual(others(h.delivered.map((e) => e.event)), others(raw), 'every other event as it came');
					const joined = (events: readonly StreamEvent[]) => {
						const out: string[] = [];
						for (const e of events) {
							if (e.type === 'stream_event' && e.eventType === 'content_block_delta') {
								out[e.index ?? -1] = (out[e.index ?? -1] ?? '') + (e.textDelta ?? e.jsonDelta ?? '');
							}
						}
						return out;
					};
					assert.deepEqual(joined(h.delivered.map((e) => e.event)), joined(raw), 'each block\'s deltas add up to the same text');
					const output = (events: readonly StreamEvent[]) => {
						const acc = new OutputAccumulator();
						const seen: string[] = [];
						for (const e of events) {
							acc.apply(e);
							seen.push(acc.value);
						}
						return { final: acc.value, seen };
					};
					const plain = output(raw);
					const coalesced = output(h.delivered.map((e) => e.event));
					assert.equal(coalesced.final, plain.final, 'the same output in the end');
					for (const value of coalesced.seen) {
						assert.ok(plain.seen.includes(value), `every output shown is one the plain stream showed too: ${JSON.stringify(value)}`);
					}
				}),
				{ numRuns: 500 },
			);
		});
	});
});
