/**
 * A FIFO counting semaphore. It bounds how many git processes run at once across all
 * repositories, and how many file-system calls discovery has in flight.
 */
import { IDisposable } from '../common/lifecycle';

/** A slot taken from a {@link ProcessPool}; call once to give it back. */
export type Release = () => void;

interface Waiter {
	grant(release: Release): void;
	fail(err: Error): void;
}

/** FIFO limiter: at most `size` holders at a time; waiters can be aborted. */
export class ProcessPool implements IDisposable {
	private active = 0;
	private readonly waiters: Waiter[] = [];
	private disposed = false;

	/**
	 * @param size Maximum concurrent holders (at least 1).
	 * @param onDisposedError Builds the error that pending and later acquisitions fail with.
	 */
	constructor(
		readonly size: number,
		private readonly onDisposedError: () => Error,
	) {
		if (!Number.isFinite(size) || size < 1) {
			this.size = 1;
		}
	}

	/** Holders right now. */
	get running(): number {
		return this.active;
	}

	/** Callers waiting for a slot. */
	get queued(): number {
		return this.waiters.length;
	}

	/**
	 * Resolves with a release function once a slot is free. Rejects with the signal's reason if
	 * aborted while waiting (the slot is then never taken).
	 */
	acquire(signal?: AbortSignal, abortError?: () => Error): Promise<Release> {
		if (this.disposed) {
			return Promise.reject(this.onDisposedError());
		}
		if (signal?.aborted) {
			return Promise.reject(abortError ? abortError() : signal.reason);
		}
		if (this.active < this.size) {
			this.active++;
			return Promise.resolve(this.makeRelease());
		}
		return new Promise<Release>((resolve, reject) => {
			const onAbort = () => {
				const index = this.waiters.indexOf(waiter);
				if (index >= 0) {
					this.waiters.splice(index, 1);
				}
				reject(abortError ? abortError() : signal?.reason);
			};
			const waiter: Waiter = {
				grant: (release) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(release);
				},
				fail: (err) => {
					signal?.removeEventListener('abort', onAbort);
					reject(err);
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiters.push(waiter);
		});
	}

	/** Runs `fn` while holding a slot. */
	async run<T>(fn: () => Promise<T>, signal?: AbortSignal, abortError?: () => Error): Promise<T> {
		const release = await this.acquire(signal, abortError);
		try {
			return await fn();
		} finally {
			release();
		}
	}

	/** Fails every waiter; holders finish on their own (their processes are killed by the runner). */
	dispose(): void {
		this.disposed = true;
		for (const waiter of this.waiters.splice(0)) {
			waiter.fail(this.onDisposedError());
		}
	}

	private makeRelease(): Release {
		let released = false;
		return () => {
			if (released) {
				return;
			}
			released = true;
			const next = this.waiters.shift();
			if (next && !this.disposed) {
				// Hand the slot over directly so a burst of new callers cannot overtake the queue.
				next.grant(this.makeRelease());
			} else {
				this.active--;
			}
		};
	}
}
