import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How busy the event loop was while something ran: what a user feels as a stalled editor. */
export interface EventLoopDelay {
	/** 99th percentile of the delay, in ms. */
	readonly p99Ms: number;
	/** The longest delay seen, in ms. */
	readonly maxMs: number;
}

/**
 * Starts sampling the event loop's delay; `stop` ends it and says what it saw. The sampler is
 * a native timer every 10 ms, so a scan can be measured each time at no noticeable cost.
 */
export function sampleEventLoopDelay(): { stop(): EventLoopDelay } {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	return {
		stop: () => {
			histogram.disable();
			// Nanoseconds; a histogram that never sampled (a very short span) reports NaN or 0.
			const ms = (ns: number) => (Number.isFinite(ns) ? Math.round(ns / 1e5) / 10 : 0);
			return { p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
		},
	};
}
