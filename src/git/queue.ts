/**
 * The per-repository operation queue: reads may run together, a write runs alone. FIFO, so a
 * write is not starved by a stream of reads (reads queued behind a write wait for it).
 */

/** Whether an operation only looks at the repository or changes it. */
export type OperationMode = 'read' | 'write';

interface Pending {
	mode: OperationMode;
	start(): void;
}

/** One repository's reader–writer queue. */
export class RepositoryQueue {
	private readers = 0;
	private writing = false;
	private readonly pending: Pending[] = [];

	/** Operations running or waiting; 0 means the queue is idle. */
	get size(): number {
		return this.readers + (this.writing ? 1 : 0) + this.pending.length;
	}

	/** True when a read would start at once: no write is running or waiting. */
	get readsStartNow(): boolean {
		return !this.writing && this.pending.length === 0;
	}

	/**
	 * Runs `fn` when the mode allows. The slot is released however `fn` ends, so a failing or
	 * cancelled operation can never hang the queue. Aborting while queued rejects with the signal's
	 * reason (or `abortError()`) without running `fn`.
	 */
	run<T>(mode: OperationMode, fn: () => Promise<T>, signal?: AbortSignal, abortError?: () => Error): Promise<T> {
		if (signal?.aborted) {
			return Promise.reject(abortError ? abortError() : signal.reason);
		}
		return new Promise<T>((resolve, reject) => {
			const onAbort = () => {
				const index = this.pending.indexOf(entry);
				if (index >= 0) {
					this.pending.splice(index, 1);
					reject(abortError ? abortError() : signal?.reason);
				}
			};
			const entry: Pending = {
				mode,
				start: () => {
					signal?.removeEventListener('abort', onAbort);
					let result: Promise<T>;
					try {
						result = fn();
					} catch (err) {
						result = Promise.reject(err);
					}
					result.then(resolve, reject).finally(() => this.release(mode));
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.pending.push(entry);
			this.pump();
		});
	}

	private release(mode: OperationMode): void {
		if (mode === 'write') {
			this.writing = false;
		} else {
			this.readers--;
		}
		this.pump();
	}

	private pump(): void {
		while (this.pending.length > 0 && !this.writing) {
			const next = this.pending[0];
			if (next.mode === 'write' && this.readers > 0) {
				return;
			}
			this.pending.shift();
			if (next.mode === 'write') {
				this.writing = true;
			} else {
				this.readers++;
			}
			next.start();
		}
	}
}
