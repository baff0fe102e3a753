/**
 * The one place an Octokit is built: REST + throttling + retry, our user agent, a configurable
 * base URL (GitHub Enterprise Server), conditional GETs, and rate-limit state as events.
 *
 * Octokit ships as ES modules only and this project compiles to CommonJS, so the factory loads
 * it with `import()` and is async; types come in through `resolution-mode: import`.
 */
import type { Octokit } from '@octokit/rest' with { 'resolution-mode': 'import' };
import { name as packageName, version as packageVersion } from '../../package.json';
import { Emitter, type Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { formatClock, GitHubError, rateLimitLiftsAt } from './errors';
import { EtagCache, installEtagCache } from './etagCache';
import { redact } from '../common/redact';

/** The Octokit the product uses. */
export type GitHubOctokit = Octokit;

/** Where a log line goes. Every line is redacted before it gets here. */
export interface GitHubLog {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** Latest rate-limit numbers GitHub sent for a resource (`core`, `graphql`, …). */
export interface RateLimitState {
	readonly resource: string;
	readonly limit: number;
	readonly remaining: number;
	readonly used: number;
	readonly resetAt: Date;
}

/** Requests are being held back by a rate limit. */
export interface RateLimitHold {
	/** The budget that ran out: `core` (REST), `graphql`, `search`. */
	readonly resource: string;
	readonly reason: 'primary' | 'secondary';
	/** When GitHub said to try again. */
	readonly until: Date;
	/** "rate limited until 14:05", for a status bar or a tree node. */
	readonly message: string;
}

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
	/** OAuth or personal access token. Never logged. */
	readonly token: string;
	/** API root: `https://api.github.com` (default) or `https://HOST/api/v3`; see {@link restBaseUrlForHost}. */
	readonly baseUrl?: string;
	/** Default `meta-gothic/<version>` from package.json. */
	readonly userAgent?: string;
	/** Retries after a rate limit before the request fails. Default 2. */
	readonly maxRateLimitRetries?: number;
	/** A primary limit lifting later than this fails at once rather than hold a request. Default 60. */
	readonly maxRateLimitWaitSeconds?: number;
	/** Retries after a 5xx or a network error. Default 3. */
	readonly maxRetries?: number;
	/**
	 * Milliseconds per unit of back-off: `retry-after` seconds for rate limits, and 1, 4, 9 … for
	 * other retries. Default 1000; tests shrink it to keep real waits short.
	 */
	readonly retryUnitMs?: number;
	/** Groups clients that share a throttle (GitHub's one-write-per-second advice). Default: per client. */
	readonly throttleId?: string;
	/**
	 * Least time between two writes or GraphQL calls of this client. Default 1000, GitHub's advice
	 * against secondary rate limits; tests and benchmarks against a stand-in set 0.
	 */
	readonly writeSpacingMs?: number;
	/** Default: a fresh cache of 500 answers. */
	readonly etagCache?: EtagCache;
	readonly log?: GitHubLog;
}

/**
 * Running totals of what a client asked of GitHub, so a caller can tell what a piece of work
 * cost by taking the difference of two snapshots.
 */
export interface GitHubRequestStats {
	/** Requests that reached GitHub, retries included. */
	requests: number;
	/** REST calls answered 304: GitHub does not charge them. */
	notModified: number;
	graphqlRequests: number;
	/** REST answers other than 304, each of which may cost a point (errors included: an upper bound). */
	restPoints: number;
	/** GraphQL points, from the `rateLimit { cost }` a query asked for, else 1 per call. */
	graphqlPoints: number;
}

/** A configured Octokit and the state around it. */
export interface GitHubClient {
	readonly octokit: GitHubOctokit;
	readonly etagCache: EtagCache;
	/** Totals since the client was made; read a copy with `{ ...client.stats }`. */
	readonly stats: Readonly<GitHubRequestStats>;
	/** Latest numbers for a resource, once a response has carried them. */
	rateLimit(resource?: string): RateLimitState | undefined;
	/**
	 * Set while a rate limit holds requests back: the one lifting last when several resources
	 * are limited. A resource's hold clears with its next answered request.
	 */
	readonly hold: RateLimitHold | undefined;
	readonly onDidChangeRateLimit: Event<RateLimitState>;
	readonly onDidChangeHold: Event<RateLimitHold | undefined>;
	dispose(): void;
}

/** The REST API root for a host: github.com's own, or a GitHub Enterprise Server's `/api/v3`. */
export function restBaseUrlForHost(host: string): string {
	const lower = host.toLowerCase();
	return lower === 'github.com' || lower === 'www.github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}

/** The rate-limit resource a request spends, when no response has said so yet. */
function resourceOf(url: string | undefined): string {
	const path = String(url ?? '').replace(/^[a-z]+:\/\/[^/]+/i, '');
	return /^(?:\/api)?\/graphql\b/.test(path) ? 'graphql' : path.startsWith('/search/') ? 'search' : 'core';
}

/** True for a body announced as JSON that did not parse (Octokit then gives its text). */
function malformedJson(response: { headers: Record<string, string | number | undefined>; data: unknown }): boolean {
	return typeof response.data === 'string' && response.data !== '' && /\bjson\b/i.test(String(response.headers['content-type'] ?? ''));
}

/** Statuses retrying cannot fix. 409 is a state conflict; 429 belongs to the throttling plugin. */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
let clientCount = 0;

/** The default log: quiet below warnings. */
const consoleLog: GitHubLog = {
	debug: () => undefined,
	info: () => undefined,
	warn: (message) => console.warn(`[meta-gothic] ${message}`),
	error: (message) => console.error(`[meta-gothic] ${message}`),
};

class Client extends Disposable implements GitHubClient {
	private readonly _onDidChangeRateLimit = this._register(new Emitter<RateLimitState>());
	readonly onDidChangeRateLimit = this._onDidChangeRateLimit.event;
	private readonly _onDidChangeHold = this._register(new Emitter<RateLimitHold | undefined>());
	readonly onDidChangeHold = this._onDidChangeHold.event;
	private readonly limits = new Map<string, RateLimitState>();
	private readonly holds = new Map<string, RateLimitHold>();
	readonly stats: GitHubRequestStats = { requests: 0, notModified: 0, graphqlRequests: 0, restPoints: 0, graphqlPoints: 0 };
	octokit!: GitHubOctokit;

	constructor(readonly etagCache: EtagCache) {
		super();
	}

	get hold(): RateLimitHold | undefined {
		let latest: RateLimitHold | undefined;
		for (const hold of this.holds.values()) {
			if (!latest || hold.until > latest.until) {
				latest = hold;
			}
		}
		return latest;
	}

	rateLimit(resource = 'core'): RateLimitState | undefined {
		return this.limits.get(resource);
	}

	/** Records the numbers a response (or an error response) carried. */
	observe(headers: Record<string, string | number | undefined> | undefined): void {
		if (!headers || headers['x-ratelimit-limit'] === undefined) {
			return;
		}
		const state: RateLimitState = {
			resource: String(headers['x-ratelimit-resource'] ?? 'core'),
			limit: Number(headers['x-ratelimit-limit']),
			remaining: Number(headers['x-ratelimit-remaining']),
			used: Number(headers['x-ratelimit-used'] ?? 0),
			resetAt: new Date(Number(headers['x-ratelimit-reset']) * 1000),
		};
		const previous = this.limits.get(state.resource);
		this.limits.set(state.resource, state);
		if (!previous || previous.remaining !== state.remaining || previous.limit !== state.limit || previous.resetAt.getTime() !== state.resetAt.getTime()) {
			this._onDidChangeRateLimit.fire(state);
		}
	}

	/** Sets or clears one resource's hold, firing when the reported hold changes. */
	setHold(resource: string, hold: RateLimitHold | undefined): void {
		if (!hold && !this.holds.has(resource)) {
			return;
		}
		const before = this.hold;
		if (hold) {
			this.holds.set(resource, hold);
		} else {
			this.holds.delete(resource);
		}
		const after = this.hold;
		if (before !== after) {
			this._onDidChangeHold.fire(after);
		}
	}

	hasHold(resource: string): boolean {
		return this.holds.has(resource);
	}

	/**
	 * `fetch` that counts every HTTP request, retries included: it sits below the retry and
	 * throttling plugins, which a request hook cannot.
	 */
	readonly countingFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
		this.stats.requests++;
		const graphql = resourceOf(String(url)) === 'graphql';
		if (graphql) {
			this.stats.graphqlRequests++;
		}
		const response = await fetch(url, init);
		if (graphql) {
			const body = (await response
				.clone()
				.json()
				.catch(() => undefined)) as { data?: { rateLimit?: { cost?: unknown } } } | undefined;
			const cost = body?.data?.rateLimit?.cost;
			// A call that did not ask for its cost costs at least 1 point.
			this.stats.graphqlPoints += typeof cost === 'number' ? cost : 1;
		} else if (response.status === 304) {
			this.stats.notModified++;
		} else {
			this.stats.restPoints++;
		}
		return response;
	};

	override dispose(): void {
		this.etagCache.clear();
		super.dispose();
	}
}

/**
 * A replacement for the throttling plugin's write group (Bottleneck, 1 s apart) with another
 * spacing. The plugin only calls `key(id).schedule(options, fn)` on it.
 */
function spacedWrites(spacingMs: number) {
	let next = 0;
	const limiter = {
		schedule: async <T>(_options: unknown, fn: () => Promise<T>): Promise<T> => {
			const now = Date.now();
			const at = Math.max(now, next);
			next = at + spacingMs;
			if (at > now) {
				await new Promise((resolve) => setTimeout(resolve, at - now));
			}
			return fn();
		},
	};
	// The plugin types this option as a Bottleneck group; only the two methods above are used.
	return { key: () => limiter } as never;
}

/** Builds a {@link GitHubClient}. */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
	const [{ Octokit: RestOctokit }, { throttling }, { retry }] = await Promise.all([import('@octokit/rest'), import('@octokit/plugin-throttling'), import('@octokit/plugin-retry')]);
	const secrets = [options.token];
	const sink = options.log ?? consoleLog;
	// Octokit and its plugins log request options and errors; scrub every line on the way out.
	const line = (args: unknown[]) => redact(args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' '), secrets);
	const log = {
		debug: (...args: unknown[]) => sink.debug(line(args)),
		info: (...args: unknown[]) => sink.info(line(args)),
		warn: (...args: unknown[]) => sink.warn(line(args)),
		error: (...args: unknown[]) => {
			const text = line(args);
			// The request-log plugin reports every 304 as an error; for us it is the cache working.
			if (/ - 304 with id /.test(text)) {
				sink.debug(text);
			} else {
				sink.error(text);
			}
		},
	};
	const client = new Client(options.etagCache ?? new EtagCache());
	const maxRateLimitRetries = options.maxRateLimitRetries ?? 2;
	const maxWait = options.maxRateLimitWaitSeconds ?? 60;
	const unit = options.retryUnitMs ?? 1000;

	const onLimit = (reason: RateLimitHold['reason']) => (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
		const until = new Date(Date.now() + retryAfter * 1000);
		const message = `rate limited until ${formatClock(until)}`;
		const resource = resourceOf(request.url);
		client.setHold(resource, { resource, reason, until, message });
		const retrying = retryCount < maxRateLimitRetries && (reason === 'secondary' || retryAfter <= maxWait);
		log.warn(`${request.method ?? 'GET'} ${request.url ?? ''}: ${reason} ${message}${retrying ? `, retry ${retryCount + 1} of ${maxRateLimitRetries}` : ', giving up'}`);
		return retrying;
	};

	const ThrottledOctokit = RestOctokit.plugin(throttling, retry);
	const octokit = new ThrottledOctokit({
		auth: options.token,
		baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
		userAgent: options.userAgent ?? `${packageName}/${packageVersion}`,
		log,
		throttle: {
			id: options.throttleId ?? `meta-gothic-${++clientCount}`,
			...(options.writeSpacingMs === undefined ? {} : { write: spacedWrites(options.writeSpacingMs) }),
			retryAfterBaseValue: unit,
			onRateLimit: onLimit('primary'),
			onSecondaryRateLimit: onLimit('secondary'),
		},
		retry: { doNotRetry: DO_NOT_RETRY, retries: options.maxRetries ?? 3, retryAfterBaseValue: unit },
		request: { fetch: client.countingFetch },
	});

	octokit.hook.wrap('request', async (request, endpoint) => {
		// A dispatch that failed with a 5xx may still have started a run; repeating it could start two.
		if (endpoint.method === 'POST' && /\/dispatches$/.test(String(endpoint.url))) {
			endpoint.request = { ...endpoint.request, retries: 0 };
		}
		const answered = (headers: Record<string, string | number | undefined> | undefined) => {
			client.observe(headers);
			client.setHold(String(headers?.['x-ratelimit-resource'] ?? resourceOf(endpoint.url)), undefined);
		};
		try {
			const response = await request(endpoint);
			answered(response.headers);
			if (malformedJson(response)) {
				// Octokit hands back the text of a JSON body it could not parse; every reader would
				// then trip over a string somewhere inside and report a TypeError instead.
				throw new GitHubError('server', `GitHub sent a response that is not valid JSON (${endpoint.method} ${String(endpoint.url)}, ${response.status}); try again.`, response.status);
			}
			return response;
		} catch (err) {
			const response = (err as { response?: { headers?: Record<string, string | number | undefined> } }).response;
			const message = String((err as Error).message);
			if ((err as { status?: unknown }).status === 304) {
				// Not modified is an answer: the ETag layer outside turns it into the cached response.
				answered(response?.headers);
				throw err;
			}
			client.observe(response?.headers);
			const resource = String(response?.headers?.['x-ratelimit-resource'] ?? resourceOf(endpoint.url));
			// A limit the throttling plugin gave up on without asking (e.g. a GraphQL RATE_LIMITED) still holds.
			const until = /rate limit/i.test(message) && !client.hasHold(resource) ? rateLimitLiftsAt(response?.headers) : undefined;
			if (until) {
				client.setHold(resource, { resource, reason: /secondary/i.test(message) ? 'secondary' : 'primary', until, message: `rate limited until ${formatClock(until)}` });
			}
			throw err;
		}
	});
	installEtagCache(octokit, client.etagCache);
	client.octokit = octokit;
	return client;
}
