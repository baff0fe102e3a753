/**
 * Disposable lifetimes for code outside `src/extension` (which uses `vscode.Disposable`).
 * Shaped like the `vscode` API so host code can register either kind.
 */

/** Anything that can release its resources. */
export interface IDisposable {
	dispose(): void;
}

/** Wraps a callback as an {@link IDisposable} that runs at most once. */
export function toDisposable(fn: () => void): IDisposable {
	let done = false;
	return {
		dispose() {
			if (!done) {
				done = true;
				fn();
			}
		},
	};
}

/** Disposes every item, collecting errors so one failure does not leak the rest. */
export function disposeAll(items: Iterable<IDisposable>): void {
	const errors: unknown[] = [];
	for (const item of items) {
		try {
			item.dispose();
		} catch (err) {
			errors.push(err);
		}
	}
	if (errors.length === 1) {
		throw errors[0];
	}
	if (errors.length > 1) {
		throw new AggregateError(errors, 'Several disposables failed');
	}
}

/**
 * Base for long-lived objects. `_register` is idempotent and disposes a registration made
 * after `dispose()` at once, so a late timer or watcher can never outlive its owner.
 */
export abstract class Disposable implements IDisposable {
	private _isDisposed = false;
	private readonly _disposables = new Set<IDisposable>();

	protected get isDisposed(): boolean {
		return this._isDisposed;
	}

	protected _register<T extends IDisposable>(d: T): T {
		if (this._isDisposed) {
			d.dispose();
		} else {
			this._disposables.add(d);
		}
		return d;
	}

	dispose(): void {
		if (this._isDisposed) {
			return;
		}
		this._isDisposed = true;
		const items = [...this._disposables];
		this._disposables.clear();
		disposeAll(items);
	}
}
