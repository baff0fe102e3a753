/**
 * Time for the poller, as an interface: production uses the system clock, tests and benchmarks a
 * manual one, so adaptive intervals and back-off are checked without waiting for them.
 */
import { type IDisposable, toDisposable } from '../common/lifecycle';

/** Reads the time and schedules callbacks. */
export interface Clock {
	/** Epoch milliseconds. */
	now(): number;
	/** Calls `fn` once after `ms`; disposing the handle cancels it. */
	setTimeout(fn: () => void, ms: number): IDisposable;
}

/** The system clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout(fn, ms) {
		const timer = setTimeout(fn, Math.max(0, ms));
		return toDisposable(() => clearTimeout(timer));
	},
};
