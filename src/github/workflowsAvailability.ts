/**
 * Whether the workflows source can answer, and why not: signed out, token rejected, rate limited,
 * or (with nothing cached) the error GitHub gave; and when results are shown but stale. Read from
 * the connection, its poller and the cache, so the model and its status record say the same.
 */
import type { WorkflowsStatusRecord } from '../schema/contracts/workflows';
import type { GitHubErrorCode, UnavailableRecord } from '../schema/contracts/sourceError';
import type { Clock } from './clock';
import { formatClock } from './errors';
import type { GitHubConnection } from './githubConnection';
import { GITHUB_CODE_OF } from './sourceErrors';

/** Why the Workflows view asks to sign in again. */
export const TOKEN_REJECTED = 'GitHub rejected the token — sign in again';
/** Why nothing is shown before a sign-in. */
export const NOT_CONNECTED = 'GitHub is not connected: sign in to GitHub to see workflow runs.';

/** What availability is read from. */
export interface AvailabilityInputs {
	readonly connection: GitHubConnection;
	readonly clock: Clock;
	/** Whether the cache holds anything to show. */
	readonly hasData: boolean;
	/** Says why there is no connection, when the host knows better than {@link NOT_CONNECTED}. */
	readonly notConnectedReason?: string;
}

/** The code and reason the source cannot answer, and when a rate limit lifts; null when usable. */
export function unavailableOf({ connection, clock, hasData, notConnectedReason }: AvailabilityInputs): (UnavailableRecord<GitHubErrorCode> & { retryAt?: Date }) | null {
	switch (connection.state) {
		case 'none':
			return connection.error ?? { code: 'SIGNED_OUT', reason: notConnectedReason ?? NOT_CONNECTED };
		case 'rejected':
			return { code: 'UNAUTHORIZED', reason: TOKEN_REJECTED };
	}
	const hold = connection.client?.hold;
	if (hold && hold.until.getTime() > clock.now()) {
		return { code: 'RATE_LIMITED', reason: hold.message, retryAt: hold.until };
	}
	const error = connection.poller?.error;
	if (error?.kind === 'rateLimited') {
		return { code: 'RATE_LIMITED', reason: error.retryAt ? `rate limited until ${formatClock(error.retryAt)}` : 'rate limited', ...(error.retryAt ? { retryAt: error.retryAt } : {}) };
	}
	// Without anything to show, a failing GitHub is the answer; with a cache, it is a notice.
	return error && !hasData ? { code: GITHUB_CODE_OF[error.kind], reason: error.message } : null;
}

/** Set while polls fail but earlier results are still shown (and the source is otherwise usable). */
export function staleReasonOf(connection: GitHubConnection, unavailableReason: string | null): string | null {
	const error = connection.poller?.error;
	const since = connection.poller?.lastSuccessAt;
	if (!error || unavailableReason !== null || since === undefined) {
		return null;
	}
	return `${error.message} Showing what GitHub said at ${formatClock(new Date(since))}.`;
}

/**
 * The delay the poller chose after its last cycle (fast while runs are live, idle otherwise,
 * longer when a budget runs low or a limit holds), in seconds; null while paused or stopped.
 */
function pollIntervalOf(connection: GitHubConnection): number | null {
	const delay = connection.paused ? undefined : connection.poller?.lastCycle?.nextDelayMs;
	return delay === undefined ? null : Math.round(delay / 100) / 10;
}

/** Availability, freshness and the rate-limit budgets, for a status bar or a view's header. */
export function statusOf(inputs: AvailabilityInputs): WorkflowsStatusRecord {
	const { connection } = inputs;
	const unavailable = unavailableOf(inputs);
	const since = connection.poller?.lastSuccessAt;
	return {
		available: unavailable === null,
		code: unavailable?.code ?? null,
		reason: unavailable?.reason ?? null,
		retryAt: unavailable?.retryAt?.toISOString() ?? null,
		stale: staleReasonOf(connection, unavailable?.reason ?? null),
		lastPolledAt: since === undefined ? null : new Date(since).toISOString(),
		paused: connection.paused,
		pollIntervalSeconds: pollIntervalOf(connection),
		rateLimits: ['core', 'graphql'].flatMap((resource) => {
			const state = connection.client?.rateLimit(resource);
			return state ? [{ resource, limit: state.limit, remaining: state.remaining, used: state.used, resetAt: state.resetAt.toISOString() }] : [];
		}),
	};
}
