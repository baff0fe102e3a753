/**
 * Reads packuments from an npm registry over plain `fetch`: one GET per package, conditional
 * (`If-None-Match`) when an earlier answer's ETag is known, so a refresh of unchanged packages
 * costs a 304 each. Credentials go in the `Authorization` header only, to the registry they are
 * configured for, and never into a message.
 */
import compareBuild from 'semver/functions/compare-build';
import valid from 'semver/functions/valid';
import type { PackageVersionRecord, PackumentRecord } from '../schema/contracts/packages';
import { RegistryError } from './registryErrors';

/** Options of a {@link RegistryClient}. */
export interface RegistryClientOptions {
	/** The fetch to use (default: the global one). */
	fetch?: typeof fetch;
	/** How long one request may take (default 15 s). */
	timeoutMs?: number;
	/** Sent as `User-Agent`. */
	userAgent?: string;
}

/** One conditional read's outcome. */
export type PackumentAnswer =
	| { status: 'fresh'; etag: string | null; packument: PackumentRecord }
	| { status: 'notModified' }
	| { status: 'notFound' };

/** Counters, for tests and benchmarks. */
export interface RegistryClientStats {
	/** Requests sent. */
	requests: number;
	/** Of those, answered 304 Not Modified. */
	notModified: number;
}

/** npm's rule for names (old packages may have capitals, so those are allowed). */
const NAME_PATTERN = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9~][\w.~-]*$/i;

/** Whether `name` can be a package name at all (so it is safe to put in a registry URL). */
export function isValidPackageName(name: string): boolean {
	return name.length > 0 && name.length <= 214 && NAME_PATTERN.test(name);
}

/** The packument URL of `name` on `registry` (`@scope%2fname` for a scoped one, as npm sends it). */
export function packumentUrl(registry: string, name: string): string {
	const escaped = name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
	return `${registry}${escaped}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of a packument the graph uses, checked field by field (a registry's JSON is input like any other). */
export function parsePackument(json: unknown, registry: string): PackumentRecord {
	if (!isRecord(json) || typeof json.name !== 'string') {
		throw new RegistryError('failed', `The registry ${registry} answered with something that is not a packument.`);
	}
	const time = isRecord(json.time) ? json.time : {};
	const versions = isRecord(json.versions) ? json.versions : {};
	const records: PackageVersionRecord[] = Object.entries(versions).map(([version, meta]) => ({
		version,
		publishedAt: typeof time[version] === 'string' ? (time[version] as string) : null,
		deprecated: isRecord(meta) && typeof meta.deprecated === 'string' && meta.deprecated !== '' ? meta.deprecated : null,
	}));
	records.sort((a, b) => (valid(a.version) && valid(b.version) ? compareBuild(a.version, b.version) : a.version.localeCompare(b.version)));
	const distTags: Record<string, string> = {};
	if (isRecord(json['dist-tags'])) {
		for (const [tag, version] of Object.entries(json['dist-tags'])) {
			if (typeof version === 'string') {
				distTags[tag] = version;
			}
		}
	}
	return { name: json.name, registry, distTags, versions: records };
}

function networkReason(err: unknown): string {
	const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
	if (cause && typeof cause.code === 'string') {
		return cause.code;
	}
	return err instanceof Error ? err.message : String(err);
}

/** See the module comment. */
export class RegistryClient {
	readonly stats: RegistryClientStats = { requests: 0, notModified: 0 };
	private readonly fetchImpl: typeof fetch;
	private readonly timeoutMs: number;
	private readonly userAgent: string;

	constructor(options: RegistryClientOptions = {}) {
		this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
		this.timeoutMs = options.timeoutMs ?? 15_000;
		this.userAgent = options.userAgent ?? 'meta-gothic';
	}

	/**
	 * GETs the packument of `name` from `registry`. With `etag`, asks `If-None-Match` and answers
	 * `notModified` on a 304. A 404 is `notFound` (never published, or removed). Fails with a
	 * {@link RegistryError}: `unauthorized` (401, 403), `unreachable` (no connection, time-out),
	 * `failed` (any other answer), `badName`, `cancelled` (when `signal` aborts).
	 */
	async packument(registry: string, name: string, options: { authorization?: string; etag?: string | null; signal?: AbortSignal } = {}): Promise<PackumentAnswer> {
		if (!isValidPackageName(name)) {
			throw new RegistryError('badName', `"${name}" is not a valid npm package name.`);
		}
		const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
		if (options.authorization) {
			headers.authorization = options.authorization;
		}
		if (options.etag) {
			headers['if-none-match'] = options.etag;
			// fetch adds \`Cache-Control: no-cache\` to a conditional request unless one is given, and
			// servers (Express's fresh(), so Verdaccio) then answer 200 instead of 304.
			headers['cache-control'] = 'max-age=0';
		}
		const timeout = AbortSignal.timeout(this.timeoutMs);
		const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
		this.stats.requests++;
		let response: Response;
		try {
			response = await this.fetchImpl(packumentUrl(registry, name), { headers, signal, redirect: 'follow' });
		} catch (err) {
			if (options.signal?.aborted) {
				throw new RegistryError('cancelled', `Reading ${name} from ${registry} was cancelled.`, undefined, { cause: err });
			}
			if (timeout.aborted) {
				throw new RegistryError('unreachable', `The registry ${registry} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, undefined, { cause: err });
			}
			throw new RegistryError('unreachable', `The registry ${registry} could not be reached (${networkReason(err)}).`, undefined, { cause: err });
		}
		const status = response.status;
		if (status === 304) {
			this.stats.notModified++;
			await response.body?.cancel();
			return { status: 'notModified' };
		}
		if (status === 404) {
			await response.body?.cancel();
			return { status: 'notFound' };
		}
		if (status === 401 || status === 403) {
			await response.body?.cancel();
			const why = options.authorization ? 'refused the credentials configured for it' : 'wants credentials, and none are configured for it';
			throw new RegistryError('unauthorized', `The registry ${registry} ${why} (${status} for ${name}). Log in with \`npm login --registry ${registry}\` or fix the token in .npmrc.`, status);
		}
		if (status !== 200) {
			await response.body?.cancel();
			throw new RegistryError('failed', `The registry ${registry} answered ${status} for ${name}.`, status);
		}
		let json: unknown;
		try {
			json = await response.json();
		} catch (err) {
			throw new RegistryError('failed', `The registry ${registry} sent invalid JSON for ${name}.`, status, { cause: err });
		}
		return { status: 'fresh', etag: response.headers.get('etag'), packument: parsePackument(json, registry) };
	}
}
