import { IDisposable, toDisposable } from './lifecycle';

/** A subscription function in the shape of `vscode.Event`. */
export type Event<T> = (listener: (e: T) => void) => IDisposable;

/**
 * A tiny event emitter shaped like `vscode.EventEmitter`, for code that must not import `vscode`.
 * A throwing listener does not stop the others.
 */
export class Emitter<T> implements IDisposable {
	private readonly listeners = new Set<(e: T) => void>();
	private disposed = false;

	readonly event: Event<T> = (listener) => {
		if (this.disposed) {
			return toDisposable(() => undefined);
		}
		this.listeners.add(listener);
		return toDisposable(() => this.listeners.delete(listener));
	};

	fire(e: T): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(e);
			} catch (err) {
				// A faulty listener must not break the emitter or reach the host as an uncaught error.
				console.error('[meta-gothic] event listener failed', err);
			}
		}
	}

	/** Number of listeners, so tests can assert nothing leaked. */
	get listenerCount(): number {
		return this.listeners.size;
	}

	dispose(): void {
		this.disposed = true;
		this.listeners.clear();
	}
}
