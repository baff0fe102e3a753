import { strict as assert } from 'node:assert';
import { sampleEventLoopDelay } from '../../../src/common/eventLoopDelay';

const turn = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('sampleEventLoopDelay', () => {
	it('sees a stall of the event loop, and reports numbers once stopped', async () => {
		const sampler = sampleEventLoopDelay();
		await turn();
		// A synchronous stretch, as a big parse would be: nothing else runs for 250 ms.
		const until = Date.now() + 250;
		while (Date.now() < until) {
			// busy
		}
		await turn();
		const delay = sampler.stop();
		// A busier machine only makes the stall longer, never shorter.
		assert.ok(delay.maxMs >= 200, `max ${delay.maxMs} ms`);
		assert.ok(delay.p99Ms >= 0 && delay.p99Ms <= delay.maxMs, `p99 ${delay.p99Ms} ms`);
	});

	it('reports zeros, not NaN, for a span too short to sample', () => {
		const delay = sampleEventLoopDelay().stop();
		assert.ok(Number.isFinite(delay.p99Ms) && Number.isFinite(delay.maxMs));
	});
});
