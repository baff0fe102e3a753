/**
 * When the poller asks GitHub next: a pure function of what it knows, so every rule (fast while
 * busy, idle otherwise, wait out a hold, back off from failures, spread a low budget) is tested
 * without a clock.
 */
import type { GitHubError } from './errors';
import type { RateLimitHold, RateLimitState } from './octokit';

/** Wait this much past a hold, so the first request after it is not refused at the boundary. */
export const HOLD_MARGIN_MS = 1000;

/** What the schedule depends on. */
export interface ScheduleInput {
	readonly now: number;
	readonly fastMs: number;
	readonly idleMs: number;
	/** Something is queued, running, watched or just dispatched. */
	readonly active: boolean;
	readonly lastOverviewAt: number | undefined;
	/** The last cycle's failure, and how many cycles in a row failed. */
	readonly error: GitHubError | undefined;
	readonly failures: number;
	readonly hold: RateLimitHold | undefined;
	/** Below this share of a budget, polls spread what is left until the reset. */
	readonly lowBudgetFraction: number;
	readonly limits: { readonly core?: RateLimitState; readonly graphql?: RateLimitState };
	/** Points the last cycle spent per budget. */
	readonly spent: { readonly core: number; readonly graphql: number };
}

/** The delay before the next cycle, or undefined to stop polling (GitHub rejected the token). */
export function nextPollDelay(input: ScheduleInput): number | undefined {
	const { now, fastMs, idleMs, error } = input;
	if (error?.kind === 'auth') {
		return undefined;
	}
	if (input.hold && input.hold.until.getTime() > now) {
		return input.hold.until.getTime() - now + HOLD_MARGIN_MS;
	}
	if (error?.kind === 'rateLimited') {
		return error.retryAt ? Math.max(fastMs, error.retryAt.getTime() - now + HOLD_MARGIN_MS) : idleMs;
	}
	if (error) {
		// Network and server trouble: try again soon, then less and less often.
		return Math.min(idleMs, fastMs * 2 ** Math.min(10, Math.max(0, input.failures - 1)));
	}
	const overviewDue = (input.lastOverviewAt ?? now) + idleMs - now;
	const delay = input.active ? Math.min(fastMs, Math.max(0, overviewDue)) : Math.max(fastMs, overviewDue);
	return Math.max(delay, budgetDelay(input, input.limits.core, input.spent.core), budgetDelay(input, input.limits.graphql, input.spent.graphql));
}

/** With little of a budget left, the delay that makes what is left last until the reset. */
function budgetDelay(input: ScheduleInput, state: RateLimitState | undefined, spentPerCycle: number): number {
	if (!state || state.remaining > state.limit * input.lowBudgetFraction) {
		return 0;
	}
	const window = state.resetAt.getTime() - input.now;
	if (window <= 0) {
		return 0;
	}
	const cycles = state.remaining / Math.max(1, spentPerCycle);
	return cycles < 1 ? window + HOLD_MARGIN_MS : window / cycles;
}
