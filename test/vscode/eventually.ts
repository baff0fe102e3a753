import * as assert from 'node:assert/strict';

/**
 * Polls `read` until `done` holds, then returns the value; fails with `what` and the last value
 * seen after `timeoutMs`. The suites wait for states with it, never for a fixed time.
 */
export async function eventually<T>(what: string, read: () => Thenable<T>, done: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value)) {
		if (Date.now() > deadline) {
			assert.fail(`${what} did not happen in ${timeoutMs / 1000} s; last seen: ${String(JSON.stringify(value)).slice(0, 1500)}`);
		}
		await new Promise((r) => setTimeout(r, 200));
		value = await read();
	}
	return value;
}
