/**
 * Small, bounded counters for the Diagnostics page: how long things take (p50/p99 over the
 * latest samples) and how often they happen (per minute). Each owner keeps its own (the git
 * runner, the gateway), so two graphs in one process never mix their figures. Pure: the clock is
 * a parameter, and memory does not grow with use.
 */

/** Durations summarised: how many were recorded in all, and the median and 99th percentile of the latest. */
export interface DurationSummary {
	/** Every duration recorded since construction (not only the window's). */
	readonly count: number;
	/** Median of the window, in ms; null before the first sample. */
	readonly p50Ms: number | null;
	/** 99th percentile of the window, in ms; null before the first sample. */
	readonly p99Ms: number | null;
}

/** Samples kept by default: enough for a stable p99, small enough to sort on every read. */
export const DEFAULT_DURATION_WINDOW = 1000;

/**
 * The latest `capacity` durations in a ring, with the total count. Percentiles are computed on
 * read (nearest rank), which costs a sort of at most `capacity` numbers: reads are rare (a page
 * polling every few seconds), records are frequent and stay O(1).
 */
export class DurationWindow {
	private readonly samples: number[] = [];
	private next = 0;
	private total = 0;

	constructor(private readonly capacity = DEFAULT_DURATION_WINDOW) {
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new RangeError(`A duration window holds at least one sample (got ${capacity}).`);
		}
	}

	/** Adds one duration in ms; negative or non-finite values (a clock that stepped back) count as 0. */
	record(durationMs: number): void {
		const value = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 0;
		if (this.samples.length < this.capacity) {
			this.samples.push(value);
		} else {
			this.samples[this.next] = value;
		}
		this.next = (this.next + 1) % this.capacity;
		this.total++;
	}

	/** The count and the window's p50 and p99. */
	summary(): DurationSummary {
		if (this.samples.length === 0) {
			return { count: this.total, p50Ms: null, p99Ms: null };
		}
		const sorted = [...this.samples].sort((a, b) => a - b);
		return { count: this.total, p50Ms: nearestRank(sorted, 0.5), p99Ms: nearestRank(sorted, 0.99) };
	}
}

/** The smallest sample with at least `p` of the samples at or below it. */
function nearestRank(sorted: readonly number[], p: number): number {
	const rank = Math.max(1, Math.ceil(p * sorted.length));
	return sorted[rank - 1];
}

const BUCKETS = 60;
const BUCKET_MS = 1000;

/**
 * Events in the last minute, counted in 60 one-second buckets: a burst of thousands costs 60
 * numbers, and an idle minute reads as 0 without a timer to clear anything.
 */
export class MinuteRate {
	private readonly seconds = new Array<number>(BUCKETS).fill(-1);
	private readonly counts = new Array<number>(BUCKETS).fill(0);

	constructor(private readonly now: () => number = Date.now) {}

	/** Counts one event now. */
	record(): void {
		const second = Math.floor(this.now() / BUCKET_MS);
		const slot = second % BUCKETS;
		if (this.seconds[slot] !== second) {
			this.seconds[slot] = second;
			this.counts[slot] = 0;
		}
		this.counts[slot]++;
	}

	/** Events in the 60 seconds up to now (this second included). */
	perMinute(): number {
		const second = Math.floor(this.now() / BUCKET_MS);
		let sum = 0;
		for (let i = 0; i < BUCKETS; i++) {
			const age = second - this.seconds[i];
			if (this.seconds[i] >= 0 && age >= 0 && age < BUCKETS) {
				sum += this.counts[i];
			}
		}
		return sum;
	}
}
