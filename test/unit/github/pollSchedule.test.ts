import { strict as assert } from 'node:assert';
import { GitHubError } from '../../../src/github/errors';
import { HOLD_MARGIN_MS, type ScheduleInput, nextPollDelay } from '../../../src/github/pollSchedule';

const NOW = Date.UTC(2026, 0, 1, 12);
const base: ScheduleInput = {
	now: NOW,
	fastMs: 5000,
	idleMs: 60_000,
	active: false,
	lastOverviewAt: NOW,
	error: undefined,
	failures: 0,
	hold: undefined,
	lowBudgetFraction: 0.1,
	limits: {},
	spent: { core: 0, graphql: 1 },
};
const limit = (remaining: number, resetInMs: number) => ({ resource: 'graphql', limit: 5000, remaining, used: 5000 - remaining, resetAt: new Date(NOW + resetInMs) });

describe('nextPollDelay', () => {
	it('is fast while something runs and idle otherwise, keeping overviews one idle interval apart', () => {
		assert.equal(nextPollDelay(base), 60_000);
		assert.equal(nextPollDelay({ ...base, active: true }), 5000);
		assert.equal(nextPollDelay({ ...base, lastOverviewAt: NOW - 58_000 }), 5000, 'never faster than the fast interval');
		assert.equal(nextPollDelay({ ...base, lastOverviewAt: NOW - 40_000 }), 20_000);
		assert.equal(nextPollDelay({ ...base, active: true, lastOverviewAt: NOW - 58_000 }), 2000, 'the overview falls due before the next fast cycle');
	});

	it('stops at a rejected token and waits out a hold or a rate limit', () => {
		assert.equal(nextPollDelay({ ...base, error: new GitHubError('auth', 'no', 401) }), undefined);
		const until = new Date(NOW + 90_000);
		assert.equal(nextPollDelay({ ...base, active: true, hold: { resource: 'core', reason: 'secondary', until, message: 'rate limited until 12:01' } }), 90_000 + HOLD_MARGIN_MS);
		assert.equal(nextPollDelay({ ...base, error: new GitHubError('rateLimited', 'limited', 403, until) }), 90_000 + HOLD_MARGIN_MS);
		assert.equal(nextPollDelay({ ...base, error: new GitHubError('rateLimited', 'limited', 403) }), 60_000);
	});

	it('backs off from failures exponentially up to the idle interval', () => {
		const error = new GitHubError('network', 'offline', undefined);
		assert.deepEqual(
			[1, 2, 3, 4, 5, 30].map((failures) => nextPollDelay({ ...base, error, failures })),
			[5000, 10_000, 20_000, 40_000, 60_000, 60_000],
		);
	});

	it('spreads a low budget over what is left of its window', () => {
		assert.equal(nextPollDelay({ ...base, limits: { graphql: limit(600, 3_600_000) } }), 60_000, 'above 10 %: no change');
		assert.equal(nextPollDelay({ ...base, limits: { graphql: limit(10, 3_600_000) } }), 360_000, 'ten points for an hour: one every six minutes');
		assert.equal(nextPollDelay({ ...base, spent: { core: 0, graphql: 4 }, limits: { graphql: limit(40, 3_600_000) } }), 360_000, 'a cycle that costs 4');
		assert.equal(nextPollDelay({ ...base, limits: { graphql: limit(0, 600_000) } }), 600_000 + HOLD_MARGIN_MS, 'nothing left: wait for the reset');
		assert.equal(nextPollDelay({ ...base, active: true, limits: { core: { ...limit(100, 1_800_000), resource: 'core' } } }), 18_000);
	});
});
