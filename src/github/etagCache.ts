/**
 * Conditional requests for Octokit: GETs carry `If-None-Match` with the ETag of the last answer,
 * and a 304 (which GitHub does not count against the rate limit, and Octokit throws) is turned
 * back into that answer. Polling many repositories every few seconds is only affordable this way.
 */
import { createHash } from 'node:crypto';
import type { Octokit } from '@octokit/rest' with { 'resolution-mode': 'import' };

/** A cached answer. */
export interface EtagCacheEntry {
	readonly etag: string;
	readonly status: number;
	readonly url: string;
	readonly headers: Readonly<Record<string, string | number | undefined>>;
	readonly data: unknown;
}

/** Options of {@link EtagCache}. */
export interface EtagCacheOptions {
	/** Most answers kept; the least recently used go first. Default 500. */
	readonly maxEntries?: number;
}

/** Counters, for tests and the log. */
export interface EtagCacheStats {
	/** Requests answered from the cache after a 304. */
	hits: number;
	/** Conditional requests that got a fresh answer. */
	misses: number;
	/** Answers stored. */
	stores: number;
}

/**
 * A bounded LRU of GET answers keyed by credential and URL. Keys hold a hash of the token,
 * never the token, so dumping the cache cannot leak it.
 */
export class EtagCache {
	private readonly entries = new Map<string, EtagCacheEntry>();
	private readonly maxEntries: number;
	readonly stats: EtagCacheStats = { hits: 0, misses: 0, stores: 0 };

	constructor(options: EtagCacheOptions = {}) {
		this.maxEntries = Math.max(1, options.maxEntries ?? 500);
	}

	/** Answers held. */
	get size(): number {
		return this.entries.size;
	}

	/** Keys currently held (token hashes and URLs). */
	keys(): string[] {
		return [...this.entries.keys()];
	}

	/** The answer for a key, marking it most recently used. */
	get(key: string): EtagCacheEntry | undefined {
		const entry = this.entries.get(key);
		if (entry) {
			// Re-insert to mark as most recently used.
			this.entries.delete(key);
			this.entries.set(key, entry);
		}
		return entry;
	}

	/** Stores an answer, evicting the least recently used beyond the bound. */
	set(key: string, entry: EtagCacheEntry): void {
		this.entries.delete(key);
		this.entries.set(key, entry);
		this.stats.stores++;
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value as string);
		}
	}

	/** Forgets every answer, e.g. on sign-out. */
	clear(): void {
		this.entries.clear();
	}
}

/** The part of an Octokit instance the hook needs. */
export type EtagHookTarget = Pick<Octokit, 'hook' | 'auth' | 'request'>;

function hasHeader(headers: Record<string, unknown> | undefined, name: string): boolean {
	return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

async function credentialHash(octokit: EtagHookTarget): Promise<string> {
	const auth = (await octokit.auth()) as { token?: unknown };
	const token = typeof auth?.token === 'string' ? auth.token : '';
	return token === '' ? 'anonymous' : createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/**
 * Wraps `octokit.request` so GETs are conditional. A hit returns a copy of the cached answer
 * with the 304's headers (fresh rate-limit numbers) on top; callers that want to skip work on
 * an unchanged answer compare `headers.etag` with the previous one.
 */
export function installEtagCache(octokit: EtagHookTarget, cache: EtagCache): void {
	octokit.hook.wrap('request', async (request, options) => {
		const method = String(options.method ?? 'GET').toUpperCase();
		// A caller that sends its own If-None-Match manages its own cache.
		if (method !== 'GET' || hasHeader(options.headers as Record<string, unknown>, 'if-none-match')) {
			return request(options);
		}
		// The same expansion @octokit/request does next: the URL with path and query parameters filled in.
		const endpoint = octokit.request.endpoint.parse(options);
		const accept = String((endpoint.headers as Record<string, unknown>).accept ?? '');
		const key = `${await credentialHash(octokit)} ${accept} ${endpoint.url}`;
		const cached = cache.get(key);
		if (cached) {
			options.headers = { ...options.headers, 'if-none-match': cached.etag };
		}
		try {
			const response = await request(options);
			const etag = response.headers.etag;
			if (response.status === 200 && typeof etag === 'string') {
				// Copy: Octokit's paginate rewrites `data` in place.
				cache.set(key, { etag, status: response.status, url: response.url, headers: { ...response.headers }, data: structuredClone(response.data) });
			}
			if (cached) {
				cache.stats.misses++;
			}
			return response;
		} catch (err) {
			const status = (err as { status?: unknown }).status;
			if (cached && status === 304) {
				cache.stats.hits++;
				const fresh = (err as { response?: { headers?: Record<string, string | number | undefined> } }).response?.headers ?? {};
				return { status: cached.status, url: cached.url, headers: { ...cached.headers, ...fresh, etag: cached.etag }, data: structuredClone(cached.data) } as Awaited<ReturnType<typeof request>>;
			}
			throw err;
		}
	});
}
