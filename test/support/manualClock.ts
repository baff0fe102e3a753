/**
 * A clock that moves only when told, for the poller's schedule: `advance(ms)` fires every timer
 * that falls due, in order, so an hour of polling takes no real time.
 */
import type { Clock } from '../../src/github/clock';
import { type IDisposable, toDisposable } from '../../src/common/lifecycle';

interface Timer {
	readonly at: number;
	readonly seq: number;
	readonly fn: () => void;
}

/** See the module comment. */
export class ManualClock implements Clock {
	private current: number;
	private seq = 0;
	private readonly timers = new Set<Timer>();

	constructor(start = Date.now()) {
		this.current = start;
	}

	now(): number {
		return this.current;
	}

	setTimeout(fn: () => void, ms: number): IDisposable {
		const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
		this.timers.add(timer);
		return toDisposable(() => this.timers.delete(timer));
	}

	/** Timers set and not yet fired or cancelled. */
	get pending(): number {
		return this.timers.size;
	}

	/** When the next timer is due, if any. */
	get nextDue(): number | undefined {
		return this.ordered()[0]?.at;
	}

	/** Moves time forward by `ms`, firing due timers in order (time stands at each timer's instant as it fires). */
	advance(ms: number): void {
		const end = this.current + ms;
		for (;;) {
			const next = this.ordered()[0];
			if (!next || next.at > end) {
				break;
			}
			this.timers.delete(next);
			this.current = Math.max(this.current, next.at);
			next.fn();
		}
		this.current = end;
	}

	/** Jumps to the next timer and fires it; returns false when none is set. */
	fireNext(): boolean {
		const next = this.ordered()[0];
		if (!next) {
			return false;
		}
		this.advance(next.at - this.current);
		return true;
	}

	private ordered(): Timer[] {
		return [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq);
	}
}
