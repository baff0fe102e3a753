/**
 * One error type for everything GitHub can answer, classified so callers branch on `kind`
 * (sign in again, wait for the rate limit, give up) instead of on Octokit's error classes,
 * which live in ESM-only packages and differ between REST and GraphQL.
 */
import { redact } from '../common/redact';

/** What went wrong, in terms a caller can act on. */
export type GitHubErrorKind =
	/** 401: the token is missing, wrong or revoked. */
	| 'auth'
	/** A primary or secondary rate limit; `retryAt` says when to try again. */
	| 'rateLimited'
	/** 403 for another reason: missing scope, SSO, a refused action. */
	| 'forbidden'
	/** 404: no such thing, or no access to it. */
	| 'notFound'
	/** 409: the thing is in the wrong state (e.g. cancelling a completed run). */
	| 'conflict'
	/** 410: gone for good (e.g. expired logs). */
	| 'gone'
	/** 422: GitHub refused the request's content. */
	| 'validation'
	/** 5xx. */
	| 'server'
	/** GitHub could not be reached. */
	| 'network'
	/** A GraphQL response with errors. */
	| 'graphql'
	| 'unknown';

/** An error from GitHub, with a message fit for a notification and no credential in it. */
export class GitHubError extends Error {
	override readonly name = 'GitHubError';

	constructor(
		readonly kind: GitHubErrorKind,
		message: string,
		/** HTTP status, when there was a response. */
		readonly status: number | undefined,
		/** When a rate limit lifts. */
		readonly retryAt?: Date,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}

/** `HH:MM` in local time, for "rate limited until 14:05". */
export function formatClock(date: Date): string {
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

interface ErrorLike {
	name?: unknown;
	message?: unknown;
	status?: unknown;
	response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
	errors?: unknown;
}

function bodyMessage(data: unknown): string | undefined {
	if (data && typeof data === 'object' && 'message' in data && typeof (data as { message: unknown }).message === 'string') {
		return (data as { message: string }).message;
	}
	return undefined;
}

/** When a rate limit lifts, from `retry-after` (seconds) or `x-ratelimit-reset` (epoch seconds). */
export function rateLimitLiftsAt(headers: Record<string, string | number | undefined> | undefined, now = Date.now()): Date | undefined {
	const retryAfter = Number(headers?.['retry-after']);
	if (headers?.['retry-after'] !== undefined && Number.isFinite(retryAfter)) {
		return new Date(now + retryAfter * 1000);
	}
	const reset = Number(headers?.['x-ratelimit-reset']);
	return headers?.['x-ratelimit-reset'] !== undefined && Number.isFinite(reset) ? new Date(reset * 1000) : undefined;
}

/**
 * Classifies anything thrown by an Octokit call. `action` prefixes the message ("Cancelling
 * run 42"); `secrets` are redacted from it on top of anything token-shaped.
 */
export function toGitHubError(err: unknown, options: { action?: string; secrets?: readonly (string | undefined)[] } = {}): GitHubError {
	if (err instanceof GitHubError) {
		return err;
	}
	const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorLike;
	const status = typeof e.status === 'number' ? e.status : undefined;
	const headers = e.response?.headers;
	const detail = bodyMessage(e.response?.data) ?? (typeof e.message === 'string' ? e.message : 'Unknown error');
	const graphqlErrors = Array.isArray(e.errors) ? (e.errors as Array<{ type?: unknown; message?: unknown }>) : undefined;
	const secondary = /secondary rate limit/i.test(detail);
	const primary = headers?.['x-ratelimit-remaining'] === '0' || headers?.['x-ratelimit-remaining'] === 0 || graphqlErrors?.some((g) => g.type === 'RATE_LIMITED') === true || /rate limit exceeded/i.test(detail);
	const make = (kind: GitHubErrorKind, text: string, retryAt?: Date) => {
		const message = redact(options.action ? `${options.action} failed: ${text}` : text, options.secrets ?? []);
		return new GitHubError(kind, message, status, retryAt, { cause: err });
	};

	if ((status === 403 || status === 429 || status === undefined || status === 200) && (secondary || primary)) {
		const retryAt = rateLimitLiftsAt(headers);
		return make('rateLimited', `GitHub's ${secondary ? 'secondary ' : ''}rate limit is reached${retryAt ? `; requests resume at ${formatClock(retryAt)}` : ''}.`, retryAt);
	}
	if (e.name === 'GraphqlResponseError' && graphqlErrors) {
		const messages = graphqlErrors.map((g) => String(g.message)).join('; ');
		return make('graphql', `GitHub's GraphQL API answered with errors: ${messages}`);
	}
	switch (status) {
		case 401:
			return make('auth', `GitHub rejected the credentials (${detail}). Sign in to GitHub again.`);
		case 403:
			return make('forbidden', `GitHub refused the request: ${detail}`);
		case 404:
			return make('notFound', `GitHub has no such resource, or the account cannot see it (${detail}).`);
		case 409:
			return make('conflict', detail);
		case 410:
			return make('gone', detail);
		case 422:
			return make('validation', `GitHub refused the request: ${detail}`);
	}
	if (status !== undefined && status >= 500) {
		// Octokit reports a failed fetch (refused, reset, DNS) as status 500 without a response.
		if (!e.response) {
			return make('network', `Could not reach GitHub: ${detail}`);
		}
		return make('server', `GitHub had a server error (${status}): ${detail}`);
	}
	return make('unknown', detail);
}
