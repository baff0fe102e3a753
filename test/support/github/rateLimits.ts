/**
 * GitHub's primary rate limits: one budget per resource (`core` for REST, `graphql` in points)
 * in hourly windows. Windows run on wall time, not the stand-in clock, because clients compute
 * how long to wait from `x-ratelimit-reset` against their own clock.
 */

/** A budget as GitHub reports it; `reset` is epoch seconds. */
export interface Bucket {
	limit: number;
	used: number;
	reset: number;
}

/** The resources the stand-in meters. */
export type Resource = 'core' | 'graphql' | 'search';

/** Options of {@link RateLimits}. */
export interface RateLimitOptions {
	/** REST requests per window. Default 5000. */
	readonly core?: number;
	/** GraphQL points per window. Default 5000. */
	readonly graphql?: number;
	/** Window length. Default one hour. */
	readonly windowMs?: number;
}

const SECONDARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/** Rate-limit budgets with the headers GitHub sends. */
export class RateLimits {
	private readonly buckets = new Map<Resource, Bucket>();

	constructor(private readonly options: RateLimitOptions = {}) {}

	/** The budget, refilled if its window is over. */
	bucket(resource: Resource): Bucket {
		let bucket = this.buckets.get(resource);
		if (!bucket || bucket.reset * 1000 <= Date.now()) {
			const limit = resource === 'core' ? (this.options.core ?? 5000) : resource === 'graphql' ? (this.options.graphql ?? 5000) : 30;
			bucket = { limit, used: 0, reset: Math.ceil((Date.now() + (this.options.windowMs ?? 3_600_000)) / 1000) };
			this.buckets.set(resource, bucket);
		}
		return bucket;
	}

	/** Units left in the current window. */
	remaining(resource: Resource): number {
		const bucket = this.bucket(resource);
		return Math.max(0, bucket.limit - bucket.used);
	}

	/** Spends `units` if the budget has them; GitHub refuses a request it cannot pay for whole. */
	charge(resource: Resource, units: number): boolean {
		const bucket = this.bucket(resource);
		if (bucket.limit - bucket.used < units) {
			return false;
		}
		bucket.used += units;
		return true;
	}

	/** Test knob: set what is left and when the window ends. */
	set(resource: Resource, state: { remaining?: number; resetInMs?: number }): void {
		const bucket = this.bucket(resource);
		if (state.remaining !== undefined) {
			bucket.used = Math.max(0, bucket.limit - state.remaining);
		}
		if (state.resetInMs !== undefined) {
			bucket.reset = Math.ceil((Date.now() + state.resetInMs) / 1000);
		}
	}

	/** Starts fresh windows for every resource. */
	refill(): void {
		this.buckets.clear();
	}

	/** The `x-ratelimit-*` headers. */
	headers(resource: Resource): Record<string, string> {
		const bucket = this.bucket(resource);
		return {
			'x-ratelimit-limit': String(bucket.limit),
			'x-ratelimit-remaining': String(Math.max(0, bucket.limit - bucket.used)),
			'x-ratelimit-reset': String(bucket.reset),
			'x-ratelimit-used': String(bucket.used),
			'x-ratelimit-resource': resource,
		};
	}

	/** `GET /rate_limit`. */
	overview() {
		const view = (resource: Resource) => {
			const bucket = this.bucket(resource);
			return { limit: bucket.limit, used: bucket.used, remaining: Math.max(0, bucket.limit - bucket.used), reset: bucket.reset };
		};
		return { resources: { core: view('core'), graphql: view('graphql'), search: view('search') }, rate: view('core') };
	}
}

/** GitHub's body for a spent primary REST budget. */
export function primaryLimitBody(userId: number) {
	return {
		message: `API rate limit exceeded for user ID ${userId}. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000 and timestamp ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}.`,
		documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
	};
}

/** GitHub's body for a secondary rate limit. */
export function secondaryLimitBody() {
	return {
		message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
		documentation_url: SECONDARY_DOCS,
	};
}
