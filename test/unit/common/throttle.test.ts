import { strict as assert } from 'node:assert';
import { Debouncer, ThrottledDelayer, Ticker } from '../../../src/common/throttle';
import { waitUntil } from '../../support/waitUntil';

/** Resolves once the event loop has run the timers due after `ms` (for "nothing more happened" checks). */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('common/throttle', () => {
	it('Debouncer: a burst of triggers makes one call, after the last; cancel and dispose drop it', async () => {
		let calls = 0;
		const d = new Debouncer(20, () => calls++);
		for (let i = 0; i < 10; i++) {
			d.trigger();
		}
		assert.equal(d.pending, true);
		await waitUntil(() => calls === 1);
		await settle(40);
		assert.equal(calls, 1);
		d.trigger();
		d.cancel();
		d.trigger();
		d.dispose();
		d.trigger();
		await settle(40);
		assert.equal(calls, 1, 'nothing runs after cancel or dispose');
		assert.equal(d.pending, false);
	});

	it('ThrottledDelayer: triggers join the scheduled call; one more call follows a trigger during a slow call; calls never overlap', async () => {
		let running = 0;
		let maxRunning = 0;
		let calls = 0;
		let release: (() => void) | undefined;
		const t = new ThrottledDelayer(5, async () => {
			calls++;
			running++;
			maxRunning = Math.max(maxRunning, running);
			await new Promise<void>((r) => (release = r));
			running--;
		});
		t.trigger();
		t.trigger();
		await waitUntil(() => calls === 1);
		t.trigger();
		t.trigger();
		release?.();
		await waitUntil(() => calls === 2);
		release?.();
		await waitUntil(() => !t.pending);
		assert.deepEqual([calls, maxRunning], [2, 1]);
		t.dispose();
		t.trigger();
		await settle(20);
		assert.equal(calls, 2);
	});

	it('ThrottledDelayer: a failing call is reported and the next trigger still runs', async () => {
		const errors: unknown[] = [];
		let calls = 0;
		const t = new ThrottledDelayer(
			1,
			() => {
				calls++;
				throw new Error('boom');
			},
			(err) => errors.push(err),
		);
		t.trigger();
		await waitUntil(() => errors.length === 1);
		t.trigger();
		await waitUntil(() => calls === 2);
		t.dispose();
	});

	it('Ticker: ticks while set, stops when unset or disposed', async () => {
		let ticks = 0;
		const ticker = new Ticker(2, () => ticks++);
		ticker.set(true);
		ticker.set(true);
		await waitUntil(() => ticks >= 3);
		ticker.set(false);
		const stoppedAt = ticks;
		await settle(20);
		assert.equal(ticks, stoppedAt);
		ticker.set(true);
		ticker.dispose();
		assert.equal(ticker.running, false);
	});
});
