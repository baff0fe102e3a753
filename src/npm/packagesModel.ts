/**
 * The npm packages of the workspace, as the packages subschema reads them: manifests from disk,
 * packuments from each package's registry, release tags through the git facts handed in.
 *
 * Reads are memoised per *generation*: within one, each repository's package.json files are
 * read once, each package's packument is asked for at most once, and each release tag is looked
 * up once. {@link NpmPackages.refresh} starts a new generation; the next read of a packument then
 * revalidates with `If-None-Match`, so an unchanged package costs one 304. Answers also age out
 * after `maxAgeMs`, failures sooner, so a long-running editor follows the registry by itself.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import valid from 'semver/functions/valid';
import { Emitter } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import type {
	PackageManifestRecord, PackagesSource, PackagesStatusRecord, PackumentRecord, ReleaseHistorySource, ReleaseRecord,
} from '../schema/contracts/packages';
import type { SourceError } from '../schema/contracts/sourceError';
import { readRepositoryManifests } from './manifests';
import { NpmConfig } from './npmConfig';
import { RegistryClient, type RegistryClientOptions } from './registryClient';
import { toPackagesError } from './sourceErrors';

/** Options of {@link NpmPackages}. */
export interface NpmPackagesOptions {
	/** The workspace folders: a repository's `.npmrc` files are read from it up to the folder holding it. */
	roots: () => readonly string[];
	/** Release tags and commit counts (the git adapter's, wired by the composition root). */
	history: ReleaseHistorySource;
	/** The environment npm config is read from (default `process.env`). */
	env?: NodeJS.ProcessEnv;
	/** The user `.npmrc` (default `npm_config_userconfig` or `~/.npmrc`). */
	userConfig?: string;
	/** The registry client, or options for the one made here. */
	client?: RegistryClient | RegistryClientOptions;
	/** How long an answer is used before it is revalidated without a refresh (default 5 min). */
	maxAgeMs?: number;
	/** How long a failure is repeated before the registry is asked again (default 30 s). */
	failureAgeMs?: number;
	/** Clock, for tests. */
	now?: () => number;
}

/** What is known of one package on one registry with one credential. */
interface PackumentEntry {
	etag: string | null;
	/** The last answer: the packument, null for a 404, or the failure. */
	value: PackumentRecord | null | SourceError<'PACKAGES'>;
	generation: number;
	checkedAt: number;
	inFlight?: Promise<PackumentRecord | null>;
}

/** Most packuments kept; the least recently used go first. */
const MAX_ENTRIES = 2000;

/** See the module comment. */
export class NpmPackages extends Disposable implements PackagesSource {
	readonly unavailableReason = null;
	readonly client: RegistryClient;
	private readonly _onDidChange = this._register(new Emitter<void>());
	readonly onDidChange = this._onDidChange.event;

	private generation = 0;
	private readonly manifestsByRepo = new Map<string, Promise<PackageManifestRecord[]>>();
	private readonly configs = new Map<string, Promise<NpmConfig>>();
	private readonly packuments = new Map<string, PackumentEntry>();
	private readonly releases = new Map<string, Promise<ReleaseRecord>>();
	private readonly secrets = new Set<string>();
	private readonly abort = new AbortController();
	private readonly maxAgeMs: number;
	private readonly failureAgeMs: number;
	private readonly now: () => number;
	private defaultRegistry: string | null = null;
	/** The last outcome per registry: when it answered, or why not. */
	private readonly outcomes = new Map<string, { at: number; error: SourceError<'PACKAGES'> | null }>();

	constructor(private readonly options: NpmPackagesOptions) {
		super();
		this.client = options.client instanceof RegistryClient ? options.client : new RegistryClient(options.client);
		this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
		this.failureAgeMs = options.failureAgeMs ?? 30_000;
		this.now = options.now ?? Date.now;
		this._register(toDisposable(() => this.abort.abort()));
		this.readDefaultRegistry();
	}

	/** The registry an unscoped package of the first workspace folder resolves to, for the status. */
	private readDefaultRegistry(): void {
		const root = this.options.roots()[0];
		if (root) {
			this.configFor(path.resolve(root)).then(
				(config) => {
					try {
						this.defaultRegistry ??= config.registryFor('');
					} catch {
						// A registry that is not a URL: each package reports it with its code.
					}
				},
				() => undefined,
			);
		}
	}

	status(): PackagesStatusRecord {
		const registry = this.defaultRegistry;
		const outcome = registry ? this.outcomes.get(registry) : undefined;
		const lastAnswer = [...this.outcomes.values()].filter((o) => !o.error).reduce((latest, o) => Math.max(latest, o.at), 0);
		const down = outcome?.error && outcome.error.code !== 'NOT_FOUND' ? outcome.error : null;
		return {
			available: !down,
			code: down?.code ?? null,
			reason: down?.message ?? null,
			registry,
			lastCheckedAt: lastAnswer ? new Date(lastAnswer).toISOString() : null,
		};
	}

	async manifests(repositoryPaths: readonly string[]): Promise<readonly PackageManifestRecord[]> {
		const lists = await Promise.all(repositoryPaths.map((repo) => this.manifestsOf(repo)));
		return lists.flat();
	}

	private manifestsOf(repositoryPath: string): Promise<PackageManifestRecord[]> {
		let read = this.manifestsByRepo.get(repositoryPath);
		if (!read) {
			// Never rejects: an unreadable folder has no packages, an unparsable package.json is a record with its error.
			read = readRepositoryManifests(repositoryPath).catch(() => []);
			this.manifestsByRepo.set(repositoryPath, read);
		}
		return read;
	}

	/** The folders whose `.npmrc` is this repository's project config, nearest first. */
	private projectDirs(repositoryPath: string): string[] {
		const root = [...this.options.roots()]
			.map((r) => path.resolve(r))
			.filter((r) => repositoryPath === r || repositoryPath.startsWith(r.endsWith(path.sep) ? r : r + path.sep))
			.sort((a, b) => a.length - b.length)[0];
		const dirs = [repositoryPath];
		for (let dir = repositoryPath; root && dir !== root && path.dirname(dir) !== dir; ) {
			dir = path.dirname(dir);
			dirs.push(dir);
		}
		return dirs;
	}

	private configFor(repositoryPath: string): Promise<NpmConfig> {
		let config = this.configs.get(repositoryPath);
		if (!config) {
			config = NpmConfig.read({ projectDirs: this.projectDirs(repositoryPath), env: this.options.env, userConfig: this.options.userConfig }).then((c) => {
				for (const secret of c.secrets()) {
					this.secrets.add(secret);
				}
				return c;
			});
			this.configs.set(repositoryPath, config);
		}
		return config;
	}

	/** Where a package resolves to, as a `SourceError` for a config that cannot be used. */
	private async target(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<{ registry: string; authorization: string | undefined }> {
		const config = await this.configFor(manifest.repositoryPath);
		try {
			const registry = config.registryFor(manifest.name);
			return { registry, authorization: config.authorizationFor(registry) };
		} catch (err) {
			throw toPackagesError(err, [...this.secrets]);
		}
	}

	async registryFor(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<string> {
		return (await this.target(manifest)).registry;
	}

	async packument(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<PackumentRecord | null> {
		const { registry, authorization } = await this.target(manifest);
		// The credential is part of the key (as a hash): another token may see another packument.
		const key = `${registry}\0${manifest.name}\0${authorization ? createHash('sha256').update(authorization).digest('hex').slice(0, 16) : ''}`;
		const entry = this.packuments.get(key);
		if (entry?.inFlight) {
			return entry.inFlight;
		}
		if (entry && this.isFresh(entry)) {
			return this.answerOf(entry);
		}
		const request = this.revalidate(key, registry, manifest.name, authorization, entry);
		this.packuments.set(key, { ...(entry ?? { etag: null, value: null, generation: this.generation, checkedAt: 0 }), inFlight: request });
		return request;
	}

	private isFresh(entry: PackumentEntry): boolean {
		const age = this.now() - entry.checkedAt;
		const isFailure = entry.value !== null && !('distTags' in entry.value);
		return entry.generation === this.generation && age < (isFailure ? this.failureAgeMs : this.maxAgeMs);
	}

	private answerOf(entry: PackumentEntry): PackumentRecord | null {
		if (entry.value !== null && !('distTags' in entry.value)) {
			throw entry.value;
		}
		return entry.value;
	}

	private async revalidate(key: string, registry: string, name: string, authorization: string | undefined, previous: PackumentEntry | undefined): Promise<PackumentRecord | null> {
		const generation = this.generation;
		const known = previous && previous.value !== null && 'distTags' in previous.value ? previous : undefined;
		let next: PackumentEntry;
		try {
			const answer = await this.client.packument(registry, name, { authorization, etag: known?.etag, signal: this.abort.signal });
			const value = answer.status === 'notModified' && known ? known.value : answer.status === 'fresh' ? answer.packument : null;
			next = { etag: answer.status === 'fresh' ? answer.etag : answer.status === 'notModified' ? (known?.etag ?? null) : null, value, generation, checkedAt: this.now() };
			this.record(registry, null);
			if (known && answer.status === 'fresh' && answer.etag !== known.etag) {
				this.eventuallyFireChange();
			}
		} catch (err) {
			const error = toPackagesError(err, [...this.secrets]);
			next = { etag: null, value: error, generation, checkedAt: this.now() };
			this.record(registry, error.code === 'UNAUTHORIZED' ? null : error);
		}
		this.packuments.delete(key);
		this.packuments.set(key, next);
		while (this.packuments.size > MAX_ENTRIES) {
			this.packuments.delete(this.packuments.keys().next().value as string);
		}
		return this.answerOf(next);
	}

	/**
	 * Notes a registry's answer. A 401 is about one package's credentials, not the registry being
	 * usable, so it does not make the status unavailable (the package shows its own code).
	 */
	private record(registry: string, error: SourceError<'PACKAGES'> | null): void {
		const before = this.status().available;
		this.outcomes.set(registry, { at: this.now(), error });
		if (this.status().available !== before) {
			this.eventuallyFireChange();
		}
	}

	private changeQueued = false;
	/** One change event for a burst of answers (a refresh revalidates every package at once). */
	private eventuallyFireChange(): void {
		if (this.changeQueued) {
			return;
		}
		this.changeQueued = true;
		queueMicrotask(() => {
			this.changeQueued = false;
			if (!this.isDisposed) {
				this._onDidChange.fire();
			}
		});
	}

	release(manifest: PackageManifestRecord): Promise<ReleaseRecord> {
		const version = manifest.version && valid(manifest.version);
		if (!version) {
			return Promise.resolve({ tag: null, commitsSince: null });
		}
		const key = `${manifest.repositoryPath}\0${manifest.directory}\0${manifest.name}\0${version}`;
		let found = this.releases.get(key);
		if (!found) {
			// A package at a repository's root is usually tagged v1.2.3; one of several, name@1.2.3.
			const candidates = manifest.directory === '' ? [`v${version}`, `${manifest.name}@${version}`, version] : [`${manifest.name}@${version}`, `v${version}`];
			found = this.options.history.releaseTag(manifest.repositoryPath, candidates, manifest.directory).catch(() => ({ tag: null, commitsSince: null }));
			this.releases.set(key, found);
		}
		return found;
	}

	/**
	 * Forgets what was read of one repository: its package.json files (one was edited) and its
	 * release facts (HEAD moved); both by default.
	 */
	invalidate(repositoryPath: string, what: { manifests?: boolean; releases?: boolean } = { manifests: true, releases: true }): void {
		if (what.manifests) {
			this.manifestsByRepo.delete(repositoryPath);
		}
		if (what.releases) {
			for (const key of [...this.releases.keys()]) {
				if (key.startsWith(`${repositoryPath}\0`)) {
					this.releases.delete(key);
				}
			}
		}
	}

	refresh(): void {
		this.generation++;
		this.manifestsByRepo.clear();
		this.configs.clear();
		this.releases.clear();
		this.defaultRegistry = null;
		this.readDefaultRegistry();
	}
}
