/**
 * How long a job or step took, from the times GitHub reports. Pure, so the page and its tests
 * agree on the words.
 */

/** Something GitHub timed: ISO 8601 start and end, each null until it happens. */
export interface Timed {
	readonly startedAt?: string | null;
	readonly completedAt?: string | null;
}

/**
 * Milliseconds from start to end, or to `now` while it is still going; null before it started
 * or when a time cannot be read. Never negative: GitHub's clocks for a job and its steps differ
 * by a little, and "−1s" would say something untrue.
 */
export function elapsedMs(timed: Timed, now: number): number | null {
	const start = timed.startedAt ? Date.parse(timed.startedAt) : NaN;
	const end = timed.completedAt ? Date.parse(timed.completedAt) : now;
	if (Number.isNaN(start) || Number.isNaN(end)) {
		return null;
	}
	return Math.max(0, end - start);
}

/** A duration as GitHub's run page words it: `0s`, `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
	const seconds = Math.floor(Math.max(0, ms) / 1000);
	if (seconds < 60) {
		return `${seconds}s`;
	}
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
	}
	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** The duration of `timed` for people, or '' when it has not started. */
export function durationText(timed: Timed, now: number): string {
	const ms = elapsedMs(timed, now);
	return ms === null ? '' : formatDuration(ms);
}
