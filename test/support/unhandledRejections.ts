import { strict as assert } from 'node:assert';

/**
 * Call inside a mocha `describe`: collects promise rejections nobody handled while the suite runs
 * and fails it at the end if there were any — an error must reach the caller or a clear state,
 * never float away.
 */
export function failOnUnhandledRejections(): void {
	const unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => unhandled.push(reason);
	before(() => {
		process.on('unhandledRejection', onUnhandled);
	});
	after(() => {
		process.off('unhandledRejection', onUnhandled);
		assert.deepEqual(unhandled, [], 'no unhandled rejection');
	});
}
