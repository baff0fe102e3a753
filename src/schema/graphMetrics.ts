/**
 * The gateway's own figures: how many operations it ran in the last minute, how long they took,
 * and how many subscriptions are live. One per gateway, so two graphs in a process (tests, an
 * embedding host) keep their own.
 */
import { DurationWindow, MinuteRate } from '../common/metrics';

/** The graph's work, as the Diagnostics page shows it. */
export interface GraphOperationsRecord {
	/** Queries and mutations run since the gateway was made. */
	operations: number;
	/** Queries and mutations run in the last 60 seconds. */
	operationsPerMinute: number;
	/** Median and 99th percentile duration of the latest ones, in ms; null before the first. */
	p50Ms: number | null;
	p99Ms: number | null;
	/** Subscriptions started and not yet ended. */
	liveSubscriptions: number;
}

/** Counts the operations of one gateway; see the module comment. */
export class GraphMetrics {
	private readonly durations = new DurationWindow();
	private readonly rate: MinuteRate;

	constructor(
		private readonly liveSubscriptions: () => number,
		now: () => number = Date.now,
	) {
		this.rate = new MinuteRate(now);
	}

	/** One query or mutation finished after `durationMs`. */
	record(durationMs: number): void {
		this.durations.record(durationMs);
		this.rate.record();
	}

	/** The figures now. */
	snapshot(): GraphOperationsRecord {
		const { count, p50Ms, p99Ms } = this.durations.summary();
		return { operations: count, operationsPerMinute: this.rate.perMinute(), p50Ms, p99Ms, liveSubscriptions: this.liveSubscriptions() };
	}
}
