/**
 * The model of every repository in the workspace: discovery, cached state, per-repository
 * operation queues and change events. Shaped after VS Code's git `Model`, for many repositories.
 */
import { performance } from 'node:perf_hooks';
import { Disposable } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { BatchStatusReader, canBatch, MIN_BATCH_REPOS, planBatches } from './batchStatus';
import { DEFAULT_EXCLUDE, DEFAULT_MAX_DEPTH, DiscoveredRepository, discoverRepositories, normalizeRepoPath } from './discovery';
import { hasDotGit } from './gitDir';
import { Git } from './git';
import { ProcessPool } from './pool';
import { OperationMode, RepositoryQueue } from './queue';
import { blankState, dirtySubmoduleChange, readRepositoryState } from './statusReader';
import type { FileChange, RepositoryState } from '../schema/contracts/repos';
import type { GitModelOptions } from './types';
import { cancelledError, indexSubmodules, RepositoryRecord, sameRepositorySet, sameState, stampOrUndefined } from './modelRecords';
import { UnchangedStamps } from './unchangedStamp';

/** See the module comment. Dispose to kill every git process it still runs. */
export class GitModel extends Disposable {
	private readonly _onDidChangeRepository = this._register(new Emitter<RepositoryState>());
	/** A known repository's state changed (after a refresh, or a scan that re-read it). */
	readonly onDidChangeRepository: Event<RepositoryState> = this._onDidChangeRepository.event;

	private readonly _onDidDiscoverRepositories = this._register(new Emitter<void>());
	/**
	 * The first scan found the repositories and is reading their statuses: {@link repositories}
	 * lists them with blank states (`updatedAt` 0) until `onDidChangeRepositories` fires. For faces
	 * that show rows early; whoever needs the read state (remotes, say) waits for the set change.
	 */
	readonly onDidDiscoverRepositories: Event<void> = this._onDidDiscoverRepositories.event;

	private readonly _onDidChangeRepositories = this._register(new Emitter<void>());
	/**
	 * The set of repositories changed; fired after a scan has read every new repository (the first
	 * scan showed them earlier, unread, through `onDidDiscoverRepositories`).
	 */
	readonly onDidChangeRepositories: Event<void> = this._onDidChangeRepositories.event;

	/** The process runner, shared with operations so one pool bounds all git processes. */
	readonly git: Git;

	private records = new Map<string, RepositoryRecord>();
	/** Initialised submodules by parent path, so deriving a parent's state is not a full sweep. */
	private submodulesByParent = new Map<string, RepositoryRecord[]>();
	private readonly queues = new Map<string, RepositoryQueue>();
	private cachedList: readonly RepositoryState[] | undefined;
	private currentScan: Promise<void> | undefined;
	private nextScan: Promise<void> | undefined;
	private scanned = false;
	private readonly batches: BatchStatusReader;
	private readonly stamps = this._register(new UnchangedStamps());
	/** The shared configuration's stamp at the last scan; a change in it re-reads every repository. */
	private environmentStamp: string | null = null;
	private unchangedInLastScan = 0;

	private options: GitModelOptions;

	constructor(options: GitModelOptions) {
		super();
		this.options = { ...options, roots: [...options.roots] };
		this.git = this._register(new Git({ gitPath: options.gitPath, concurrency: options.concurrency, env: options.env, spawnMode: options.spawnMode }));
		this.batches = new BatchStatusReader(this.git, options.readTimeoutMs);
	}

	/** Replaces the folders searched (workspace folders added or removed); the next scan uses them. */
	setRoots(roots: readonly string[]): void {
		this.options = { ...this.options, roots: [...roots] };
	}

	/** Every known repository, in discovery order (parents before children). No process is spawned. */
	get repositories(): readonly RepositoryState[] {
		this.cachedList ??= [...this.records.values()].map((r) => r.state);
		return this.cachedList;
	}

	/** Repositories the last scan kept without running git, their stamps unchanged. */
	get unchangedCount(): number {
		return this.unchangedInLastScan;
	}

	/** Total git processes spawned by this model. */
	get spawnCount(): number {
		return this.git.spawnCount;
	}

	/** The cached state of the repository at `path` (any spelling that resolves to it). */
	get(path: string): RepositoryState | undefined {
		return this.records.get(normalizeRepoPath(path))?.state;
	}

	/**
	 * Discovers repositories and reads every status, with about one process per pool slot (see
	 * `batchStatus.ts`). A call while a scan runs queues one more scan (shared by all callers), so
	 * bursts cost at most two scans.
	 */
	scan(signal?: AbortSignal): Promise<void> {
		if (!this.currentScan) {
			this.currentScan = this.doScan(signal).finally(() => {
				this.currentScan = undefined;
				this.stamps.release();
			});
			return this.currentScan;
		}
		this.nextScan ??= this.currentScan
			.catch(() => undefined)
			.then(() => {
				this.nextScan = undefined;
				return this.scan(signal);
			});
		return this.nextScan;
	}

	/**
	 * Re-reads one repository with exactly one `git status` (none for an uninitialised submodule).
	 * A submodule initialised or deinitialised since it was found (`git submodule update --init`
	 * or `deinit` in a terminal) is found again instead, with a scan: what is inside it changed.
	 * Resolves `undefined` for an unknown path. Fires `onDidChangeRepository` when the state changed.
	 */
	async refresh(path: string, signal?: AbortSignal): Promise<RepositoryState | undefined> {
		const key = normalizeRepoPath(path);
		const record = this.records.get(key);
		if (!record || this.isDisposed) {
			return record?.state;
		}
		if (record.info.kind === 'SUBMODULE' && (await hasDotGit(record.info.path)) !== record.info.initialized) {
			await this.scan(signal);
			return this.records.get(key)?.state;
		}
		await this.readRecord(record, signal);
		this.publish(record, true);
		const parent = record.info.kind === 'SUBMODULE' && record.info.parentPath ? this.records.get(record.info.parentPath) : undefined;
		if (parent) {
			// The parent shows this submodule's dirtiness: keep it in step without re-reading the parent.
			this.publish(parent, true);
		}
		this.cachedList = undefined;
		return record.state;
	}

	/**
	 * Runs `fn` on the repository's queue: reads run together, a write runs alone. All operations
	 * that touch a repository go through here so they never overlap a conflicting one.
	 */
	run<T>(path: string, mode: OperationMode, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		const key = normalizeRepoPath(path);
		let queue = this.queues.get(key);
		if (!queue) {
			queue = new RepositoryQueue();
			this.queues.set(key, queue);
		}
		return queue.run(mode, fn, signal, () => cancelledError(key));
	}

	private async doScan(signal?: AbortSignal): Promise<void> {
		if (this.isDisposed) {
			return;
		}
		// A repository that cannot go in a batch is read as soon as it is found; the others wait for
		// the end of discovery, to be split evenly over a few processes. (Starting batches before the
		// walk ends gains nothing measurable: the walk and git then compete for the same cores.)
		const found = new Map<string, RepositoryRecord>();
		const waiting: RepositoryRecord[] = [];
		const reads: Promise<void>[] = [];
		// The first scan shows what it has found while it walks: 1,000 repositories take a second or
		// more to find, and the first rows need not wait for the last folder. At most one event per
		// DISCOVERY_EVENT_MS (no timer: the walk itself drives it); the list in discovery order follows
		// once the walk ends.
		const showEarly = !this.scanned && this.records.size === 0;
		let shownAt = -Infinity;
		const showFound = () => {
			shownAt = performance.now();
			this.records = new Map(found);
			this.submodulesByParent = indexSubmodules(this.records);
			this.cachedList = undefined;
			this._onDidDiscoverRepositories.fire();
		};
		const onFound = (info: DiscoveredRepository) => {
			const known = found.get(info.path);
			if (known) {
				known.info = info;
				return;
			}
			const existing = this.records.get(info.path);
			const blank = blankState(info);
			const record = existing ?? { info, read: blank, state: blank, started: 0, applied: 0 };
			record.info = info;
			found.set(info.path, record);
			if (canBatch(info)) {
				waiting.push(record);
			} else {
				reads.push(this.readRecord(record, signal));
			}
			if (showEarly && !this.isDisposed && performance.now() - shownAt >= DISCOVERY_EVENT_MS) {
				showFound();
			}
		};
		let discovered: DiscoveredRepository[];
		const walk = { roots: this.options.roots, maxDepth: this.options.maxDepth ?? DEFAULT_MAX_DEPTH, exclude: this.options.exclude ?? DEFAULT_EXCLUDE };
		try {
			// A re-scan walks in the stamps' worker, with synchronous reads that cost this thread
			// nothing; the first scan walks here, to show each repository as it is found.
			const inWorker = !showEarly && !this.options.syncDiscovery && this.options.skipUnchanged !== false ? await this.stamps.discover(walk) : undefined;
			signal?.throwIfAborted();
			if (inWorker) {
				inWorker.forEach(onFound);
				discovered = inWorker;
			} else {
				discovered = await discoverRepositories(walk.roots, { ...walk, signal, onFound, sync: this.options.syncDiscovery });
			}
		} catch (err) {
			await Promise.allSettled(reads);
			throw signal?.aborted ? cancelledError(this.options.roots[0] ?? '') : err;
		}
		if (showEarly && found.size > 0 && !this.isDisposed) {
			// The first scan: show everything found, in discovery order, while its statuses are read
			// (1,000 repositories take seconds). Until read, a repository's state is blank with
			// `updatedAt` 0, which the faces show as "reading"; its read is announced one repository at
			// a time at the end, as a re-scan announces what changed.
			const byPath = new Map(found);
			found.clear();
			for (const info of discovered) {
				const record = byPath.get(info.path);
				if (record) {
					found.set(info.path, record);
				}
			}
			showFound();
		}
		const announced = new Set(this.records.keys());
		reads.push(...(await this.readChanged(waiting, signal)));
		// allSettled: a cancelled scan settles only once every read it started has ended.
		const results = await Promise.allSettled(reads);
		const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
		if (failure) {
			throw failure.reason;
		}
		const next = new Map<string, RepositoryRecord>();
		for (const info of discovered) {
			const record = found.get(info.path);
			if (record) {
				record.info = info;
				next.set(info.path, record);
			}
		}
		const setChanged = !this.scanned || !sameRepositorySet(this.records, next);
		// Shown early (above) is known: its read is news for each repository, not a new set.
		const known = new Set([...announced, ...(this.scanned ? [] : this.records.keys())]);
		this.records = next;
		this.submodulesByParent = indexSubmodules(next);
		this.scanned = true;
		for (const key of [...this.queues.keys()]) {
			if (!next.has(key) && this.queues.get(key)?.size === 0) {
				this.queues.delete(key);
			}
		}
		for (const record of next.values()) {
			// New repositories are announced by onDidChangeRepositories, not one event each.
			this.publish(record, known.has(record.info.path));
		}
		this.cachedList = undefined;
		if (setChanged) {
			this._onDidChangeRepositories.fire();
		}
	}

	private async readRecord(record: RepositoryRecord, signal?: AbortSignal): Promise<void> {
		const sequence = ++record.started;
		const info = record.info;
		const state = await this.run(info.path, 'read', () => readRepositoryState(this.git, info, signal, this.options.readTimeoutMs), signal);
		this.apply(record, sequence, state, undefined);
	}

	/**
	 * Reads `records` (all batchable) except those whose stamp has not moved since their last read,
	 * which keep their state (see `unchangedStamp.ts`). The stamps are taken before any read starts.
	 */
	private async readChanged(records: RepositoryRecord[], signal?: AbortSignal): Promise<Promise<void>[]> {
		this.unchangedInLastScan = 0;
		if (this.options.skipUnchanged === false) {
			return this.readInBatches(records, signal, false);
		}
		const environment = await this.stamps.environment({ ...process.env, ...this.options.env });
		const sameEnvironment = environment !== null && environment === this.environmentStamp;
		this.environmentStamp = environment;
		const stamped = new Map<RepositoryRecord, string>();
		// Only a repository read with a stamp can be kept; the others are stamped lane by lane below.
		const candidates = sameEnvironment ? records.filter((r) => r.stamp !== undefined && !r.tooLargeToStamp) : [];
		const stamps = await this.stamps.stamp(candidates.map((r) => r.info));
		const kept = new Set<RepositoryRecord>();
		candidates.forEach((record, i) => {
			const stamp = stampOrUndefined(record, stamps[i]);
			if (stamp !== undefined && stamp === record.stamp && record.read.error === null && record.read.updatedAt > 0) {
				// Nothing git reads has been written since the last read: that read still holds.
				record.read = { ...record.read, updatedAt: Date.now() };
				kept.add(record);
			} else if (stamp !== undefined) {
				stamped.set(record, stamp);
			}
		});
		this.unchangedInLastScan = kept.size;
		// In their order, so siblings still share a batch (see planBatches).
		return this.readInBatches(records.filter((r) => !kept.has(r)), signal, environment !== null, stamped);
	}

	/**
	 * Reads `records` with about one batch process per pool slot. With `stamp`, each batch first
	 * takes the stamps its repositories lack (`stamps` holds those already taken).
	 */
	private readInBatches(records: RepositoryRecord[], signal: AbortSignal | undefined, stamp: boolean, stamps = new Map<RepositoryRecord, string>()): Promise<void>[] {
		const batchable = records.filter((r) => canBatch(r.info));
		const alone = records.filter((r) => !canBatch(r.info)).map((r) => this.readRecord(r, signal));
		// Stamping a batch and reading it run in one lane, a lane per git slot: the next batch is
		// stamped while git reads this one, and the first batch does not wait for every stamp.
		const lanes = new ProcessPool(this.git.concurrency, () => cancelledError(this.options.roots[0] ?? ''));
		const batches = planBatches(batchable, this.git.concurrency, (r) => r.info.path).flatMap((batch) =>
			batch.length < MIN_BATCH_REPOS ? batch.map((r) => this.readRecord(r, signal)) : this.readBatch(batch, signal, stamp ? { lanes, stamps } : undefined),
		);
		return [...alone, ...batches];
	}

	/**
	 * Reads `records` with one batch process. Meanwhile it holds a read slot in each repository's
	 * queue, so a write queued during the batch waits for it, as it would for a single read. A
	 * repository with a write running or waiting is read on its own, after that write.
	 */
	private readBatch(records: RepositoryRecord[], signal: AbortSignal | undefined, stamping?: { lanes: ProcessPool; stamps: Map<RepositoryRecord, string> }): Promise<void>[] {
		const startsNow = (r: RepositoryRecord) => this.queues.get(r.info.path)?.readsStartNow ?? true;
		const ready = records.filter(startsNow);
		const afterWrites = records.filter((r) => !startsNow(r)).map((r) => this.readRecord(r, signal));
		const held = ready.map((record) => {
			let release: () => void = () => undefined;
			const done = new Promise<void>((resolve) => (release = resolve));
			// Aborted before it started, the slot was never taken: the batch read reports the cancellation.
			const slot = this.run(record.info.path, 'read', () => done, signal).catch(() => undefined);
			return { record, info: record.info, sequence: ++record.started, release, slot };
		});
		const read = async () => {
			const stamps: (string | undefined)[] = [];
			if (stamping) {
				const missing = held.filter((h) => !stamping.stamps.has(h.record) && !h.record.tooLargeToStamp);
				const taken = new Map((await this.stamps.stamp(missing.map((h) => h.info))).map((stamp, i) => [missing[i], stampOrUndefined(missing[i].record, stamp)]));
				stamps.push(...held.map((h) => stamping.stamps.get(h.record) ?? taken.get(h)));
			}
			const states = await this.batches.read(held.map((h) => h.info), signal);
			held.forEach((h, i) => this.apply(h.record, h.sequence, states[i], stamps[i]));
		};
		const batch = (async () => {
			try {
				await (stamping ? stamping.lanes.run(read) : read());
			} finally {
				for (const h of held) {
					h.release();
				}
				await Promise.all(held.map((h) => h.slot));
			}
		})();
		return [batch, ...afterWrites];
	}

	/** Keeps `state` (and the stamp taken before its read) unless a read started later has already been applied. */
	private apply(record: RepositoryRecord, sequence: number, state: RepositoryState, stamp: string | undefined): void {
		if (sequence > record.applied) {
			record.applied = sequence;
			record.read = state;
			record.stamp = state.error === null ? stamp : undefined;
		}
	}

	/** Recomputes the visible state from the last read; fires when it differs and `announce`. */
	private publish(record: RepositoryRecord, announce: boolean): void {
		const { path, name, kind, parentPath, initialized } = record.info;
		// Identity comes from discovery, which may have reclassified the repository since it was read.
		const next: RepositoryState = { ...record.read, path, name, kind, parentPath, initialized, submoduleChanges: this.submoduleChangesOf(record) };
		const changed = !sameState(record.state, next);
		record.state = next;
		this.cachedList = undefined;
		if (changed && announce) {
			this._onDidChangeRepository.fire(next);
		}
	}

	/** Git's own submodule entries, plus one for each initialised submodule that is dirty inside. */
	private submoduleChangesOf(record: RepositoryRecord): FileChange[] {
		const own = record.read.submoduleChanges;
		const reported = new Set(own.map((c) => c.path));
		const derived: FileChange[] = [];
		for (const child of this.submodulesByParent.get(record.info.path) ?? []) {
			const s = child.read;
			if (!s.initialized) {
				continue;
			}
			const dirty = s.changes.some((c) => c.worktreeStatus !== 'IGNORED') || s.submoduleChanges.length > 0;
			if (dirty && !reported.has(child.info.name)) {
				derived.push(dirtySubmoduleChange(child.info.name));
			}
		}
		return derived.length === 0 ? own : [...own, ...derived].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}

/** Least time between two of the first scan's discovery events. */
const DISCOVERY_EVENT_MS = 100;
