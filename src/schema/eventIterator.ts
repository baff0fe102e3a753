import { Event } from '../common/event';
import { IDisposable } from '../common/lifecycle';

/** Options for {@link eventIterator}. */
export interface EventIteratorOptions<T> {
	/** Keep only the events this returns true for. */
	filter?: (e: T) => boolean;
	/**
	 * Most events held for a slow consumer; the oldest are dropped past it. Subscriptions carry
	 * state snapshots, so a consumer that fell behind loses nothing it cannot read again.
	 */
	maxBuffered?: number;
	/** Called once when the iterator ends, whoever ends it. */
	onReturn?: () => void;
}

/**
 * Turns an {@link Event} into the async iterator GraphQL subscriptions need. The listener is
 * attached at once (so nothing fired after subscribing is missed) and detached when the consumer
 * calls `return()` — which is what graphql-js and the stitch do on teardown.
 */
export function eventIterator<T>(event: Event<T>, options: EventIteratorOptions<T> = {}): AsyncIterableIterator<T> {
	const maxBuffered = options.maxBuffered ?? 1000;
	const buffer: T[] = [];
	const waiting: Array<(r: IteratorResult<T>) => void> = [];
	let done = false;

	const listener: IDisposable = event((e) => {
		if (done || (options.filter && !options.filter(e))) {
			return;
		}
		const next = waiting.shift();
		if (next) {
			next({ value: e, done: false });
		} else {
			buffer.push(e);
			if (buffer.length > maxBuffered) {
				buffer.shift();
			}
		}
	});

	const finish = (): IteratorResult<T> => {
		if (!done) {
			done = true;
			listener.dispose();
			buffer.length = 0;
			for (const resolve of waiting.splice(0)) {
				resolve({ value: undefined, done: true });
			}
			options.onReturn?.();
		}
		return { value: undefined, done: true };
	};

	return {
		next(): Promise<IteratorResult<T>> {
			if (buffer.length > 0) {
				return Promise.resolve({ value: buffer.shift() as T, done: false });
			}
			if (done) {
				return Promise.resolve({ value: undefined, done: true });
			}
			return new Promise((resolve) => waiting.push(resolve));
		},
		return(): Promise<IteratorResult<T>> {
			return Promise.resolve(finish());
		},
		throw(err: unknown): Promise<IteratorResult<T>> {
			finish();
			return Promise.reject(err);
		},
		[Symbol.asyncIterator]() {
			return this;
		},
	};
}
