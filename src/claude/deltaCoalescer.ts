/**
 * Coalescing of a run's stream deltas. With `--include-partial-messages` the CLI prints a line per
 * API delta, tens a second; passing each on would redraw every face that follows the run as
 * often. Consecutive deltas of one content block are joined into one delta event and delivered at
 * most once per interval; every other event is delivered at once, after the deltas before it, so
 * the order of the run's output and the text it carries are kept exactly.
 */
import { Disposable, toDisposable, type IDisposable } from '../common/lifecycle';
import type { RunEvent } from './runModel';
import { toStreamEvent, type PartialEvent } from './streamEvents';

/** Least time between two deliveries of one run's deltas. */
export const DELTA_INTERVAL_MS = 50;

/** Options of a {@link DeltaCoalescer}; the clock and timer are replaceable in tests. */
export interface DeltaCoalescerOptions {
	/** {@link DELTA_INTERVAL_MS} when absent. */
	readonly intervalMs?: number;
	/** Monotonic milliseconds; `performance.now` when absent. */
	readonly now?: () => number;
	/** Calls `fn` after `ms`; `setTimeout` when absent. */
	readonly schedule?: (fn: () => void, ms: number) => IDisposable;
}

/** The three kinds of block delta that carry text, by the field their text is in. */
type DeltaField = 'textDelta' | 'jsonDelta' | 'thinkingDelta';

/** The API name of each kind and the name of its text in the API event. */
const WIRE: Readonly<Record<DeltaField, readonly [string, string]>> = {
	textDelta: ['text_delta', 'text'],
	jsonDelta: ['input_json_delta', 'partial_json'],
	thinkingDelta: ['thinking_delta', 'thinking'],
};

/** The kind of text an event adds to its block, when it is a delta that can be joined with others. */
function deltaField(event: RunEvent['event']): DeltaField | undefined {
	if (event.type !== 'stream_event' || event.eventType !== 'content_block_delta' || event.index === undefined) {
		return undefined;
	}
	return event.textDelta !== undefined ? 'textDelta' : event.jsonDelta !== undefined ? 'jsonDelta' : event.thinkingDelta !== undefined ? 'thinkingDelta' : undefined;
}

/** Whether `b` continues the same block's delta as `a`. */
function continues(a: PartialEvent, b: PartialEvent, field: DeltaField): boolean {
	return a.index === b.index && a.parentToolUseId === b.parentToolUseId && a.sessionId === b.sessionId && a[field] !== undefined;
}

/**
 * One delta with the text of both: the event the parser would make of the API delta carrying it,
 * numbered and timed as the later one (so its position is that of the last line it holds).
 */
export function joinDeltas(a: RunEvent, b: RunEvent): RunEvent {
	const later = b.event as PartialEvent;
	const field = deltaField(later) as DeltaField;
	const [wireType, wireField] = WIRE[field];
	const text = `${(a.event as PartialEvent)[field] ?? ''}${later[field] ?? ''}`;
	const event = toStreamEvent(
		{
			type: 'stream_event',
			session_id: later.sessionId,
			parent_tool_use_id: later.parentToolUseId,
			event: { type: 'content_block_delta', index: later.index, delta: { type: wireType, [wireField]: text } },
		},
		'',
	);
	return { runId: b.runId, seq: b.seq, at: b.at, event };
}

/**
 * Joins the deltas of one run and hands events on in order through `deliver`. Call {@link flush}
 * when the run's output ends, so the last deltas are not held; dispose stops the timer.
 */
export class DeltaCoalescer extends Disposable {
	private pending: RunEvent | undefined;
	private lastDelivery = Number.NEGATIVE_INFINITY;
	private timer: IDisposable | undefined;
	private readonly intervalMs: number;
	private readonly now: () => number;
	private readonly schedule: (fn: () => void, ms: number) => IDisposable;

	constructor(
		private readonly deliver: (event: RunEvent) => void,
		options: DeltaCoalescerOptions = {},
	) {
		super();
		this.intervalMs = options.intervalMs ?? DELTA_INTERVAL_MS;
		this.now = options.now ?? (() => performance.now());
		this.schedule =
			options.schedule ??
			((fn, ms) => {
				const t = setTimeout(fn, ms);
				return toDisposable(() => clearTimeout(t));
			});
		this._register(toDisposable(() => this.timer?.dispose()));
	}

	/** Deltas waiting to be delivered. */
	get holding(): boolean {
		return this.pending !== undefined;
	}

	/** Takes the run's next event: a delta joins those waiting, anything else goes on at once after them. */
	push(event: RunEvent): void {
		const field = deltaField(event.event);
		if (!field) {
			this.flush();
			this.deliver(event);
			return;
		}
		if (this.pending && continues(this.pending.event as PartialEvent, event.event as PartialEvent, field)) {
			this.pending = joinDeltas(this.pending, event);
		} else {
			this.flush();
			this.pending = event;
		}
		const wait = this.lastDelivery + this.intervalMs - this.now();
		if (wait <= 0) {
			// The first delta after a quiet spell goes at once: a slow stream is not delayed at all.
			this.flush();
		} else if (!this.timer) {
			this.timer = this.schedule(() => {
				this.timer = undefined;
				this.flush();
			}, wait);
		}
	}

	/** Delivers the deltas waiting, if any. */
	flush(): void {
		this.timer?.dispose();
		this.timer = undefined;
		const pending = this.pending;
		if (pending && !this.isDisposed) {
			this.pending = undefined;
			this.lastDelivery = this.now();
			this.deliver(pending);
		}
	}
}
