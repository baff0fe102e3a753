/**
 * Bursts and clocks in one place: debouncing, throttling and ticking, each owning its timer so
 * that disposing the owner stops it (VS Code's git extension keeps the same helpers in
 * `decorators.ts` / `async.ts`). Methods that use them are named `eventually…`.
 */
import { Disposable } from './lifecycle';

/**
 * Runs `fn` once no {@link trigger} came for `delayMs`: a burst of triggers costs one call, at
 * its end.
 */
export class Debouncer extends Disposable {
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly delayMs: number,
		private readonly fn: () => void,
	) {
		super();
	}

	/** True while a call is scheduled. */
	get pending(): boolean {
		return this.timer !== undefined;
	}

	/** Schedules the call, or pushes a scheduled one back to `delayMs` from now. */
	trigger(): void {
		if (this.isDisposed) {
			return;
		}
		clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.fn();
		}, this.delayMs);
	}

	/** Drops the scheduled call, if any. */
	cancel(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	override dispose(): void {
		this.cancel();
		super.dispose();
	}
}

/**
 * Runs `fn` at most once per `delayMs`: the first {@link trigger} schedules it, later ones join
 * that call. A trigger while `fn` is still running (it may return a promise) makes exactly one
 * more call after it, so the last change is never missed and calls never overlap.
 */
export class ThrottledDelayer extends Disposable {
	private timer: ReturnType<typeof setTimeout> | undefined;
	private running = false;
	private again = false;

	constructor(
		private readonly delayMs: number,
		private readonly fn: () => void | Promise<unknown>,
		/** Told about a failing call (the next trigger still runs). */
		private readonly onError: (err: unknown) => void = () => undefined,
	) {
		super();
	}

	/** True while a call is scheduled or running. */
	get pending(): boolean {
		return this.timer !== undefined || this.running;
	}

	trigger(): void {
		if (this.isDisposed) {
			return;
		}
		if (this.running) {
			this.again = true;
			return;
		}
		this.timer ??= setTimeout(() => void this.run(), this.delayMs);
	}

	/** Drops the scheduled call (a running one finishes, without the extra call). */
	cancel(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.again = false;
	}

	private async run(): Promise<void> {
		this.timer = undefined;
		this.running = true;
		try {
			await this.fn();
		} catch (err) {
			this.onError(err);
		} finally {
			this.running = false;
			if (this.again) {
				this.again = false;
				this.trigger();
			}
		}
	}

	override dispose(): void {
		this.cancel();
		super.dispose();
	}
}

/** Calls `fn` every `intervalMs` while started; stopping (or disposing) clears the interval. */
export class Ticker extends Disposable {
	private interval: ReturnType<typeof setInterval> | undefined;

	constructor(
		private readonly intervalMs: number,
		private readonly fn: () => void,
	) {
		super();
	}

	get running(): boolean {
		return this.interval !== undefined;
	}

	/** Starts or stops ticking; calling it again with the same value does nothing. */
	set(running: boolean): void {
		if (running && this.interval === undefined && !this.isDisposed) {
			this.interval = setInterval(this.fn, this.intervalMs);
		} else if (!running && this.interval !== undefined) {
			clearInterval(this.interval);
			this.interval = undefined;
		}
	}

	override dispose(): void {
		this.set(false);
		super.dispose();
	}
}
