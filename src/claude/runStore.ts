/**
 * Run history on disk, in a storage folder:
 *
 *   runs.json        the history ({ version, runs }), replaced atomically
 *   runs.json.bak    the previous good history, the fallback when runs.json is unreadable
 *   events/<id>.jsonl one { seq, at, event } per line, per run, capped
 *
 * A write goes to a temp file that is fsynced and then renamed over runs.json, so a crash leaves
 * either the old or the new file, never half of one. Temp files left by a crash are ignored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Disposable, toDisposable } from '../common/lifecycle';
import { mergeWithStored } from './historyMerge';
import { isTerminal, type AgentRun, type RunEvent, type RunStatus } from './runModel';
import type { StreamEvent } from './streamJson';

/** Limits and timing of a {@link RunStore}. */
export interface RunStoreOptions {
	/** Folder that holds the history (created when missing). */
	readonly folder: string;
	/** Runs kept; older finished runs and their events are dropped. */
	readonly maxRuns?: number;
	/** Event lines kept per run. */
	readonly maxEventsPerRun?: number;
	/** Event bytes kept per run. */
	readonly maxEventBytesPerRun?: number;
	/** Delay that coalesces bursts of changes into one write. */
	readonly saveDelayMs?: number;
}

/** Where a loaded history came from. */
export type HistorySource = 'main' | 'backup' | 'empty';

/** Result of {@link RunStore.load}. */
export interface LoadedHistory {
	readonly runs: AgentRun[];
	readonly source: HistorySource;
	/** What was wrong with the files, for the log; empty when all was well. */
	readonly problems: string[];
}

const FORMAT_VERSION = 1;
const MAIN = 'runs.json';
const BACKUP = 'runs.json.bak';
const EVENTS = 'events';
const STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'BUDGET_EXCEEDED'];
/** Age after which a temp file is taken for a crash leftover. */
const STRAY_TEMP_AGE_MS = 60_000;
/** Run ids become file names; anything else could climb out of the folder. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

function isRun(v: unknown): v is AgentRun {
	if (typeof v !== 'object' || v === null) {
		return false;
	}
	const r = v as Record<string, unknown>;
	return typeof r.id === 'string' && SAFE_ID.test(r.id) && typeof r.repositoryPath === 'string' && typeof r.prompt === 'string'
		&& STATUSES.includes(r.status as RunStatus) && typeof r.createdAt === 'number';
}

/** Parses a history file; throws with a reason when it is not one. */
export function parseHistory(text: string): { runs: AgentRun[]; dropped: number } {
	const data = JSON.parse(text) as { version?: unknown; runs?: unknown };
	if (typeof data !== 'object' || data === null || data.version !== FORMAT_VERSION || !Array.isArray(data.runs)) {
		throw new Error('not a run history of a known version');
	}
	const runs = data.runs.filter(isRun).map((r) => ({ ...r, output: typeof r.output === 'string' ? r.output : '', options: r.options ?? {} }));
	return { runs, dropped: data.runs.length - runs.length };
}

/**
 * Keeps the newest `maxRuns` runs. Unfinished runs are always kept: dropping a run that is still
 * going would lose its result.
 */
export function boundRuns(runs: readonly AgentRun[], maxRuns: number): AgentRun[] {
	const sorted = [...runs].sort((a, b) => a.createdAt - b.createdAt);
	let excess = sorted.length - maxRuns;
	return sorted.filter((r) => {
		if (excess > 0 && isTerminal(r.status)) {
			excess--;
			return false;
		}
		return true;
	});
}

/** Writes `data` to `file` atomically, keeping the previous version as `backup`. */
async function writeAtomic(file: string, backup: string, data: string): Promise<void> {
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	const handle = await fs.promises.open(tmp, 'w');
	try {
		await handle.writeFile(data, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
	try {
		await fs.promises.rename(file, backup);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw err;
		}
	}
	// A crash between the two renames leaves no main file; load() then reads the backup.
	await fs.promises.rename(tmp, file);
	await syncFolder(path.dirname(file));
}

/** Makes the renames durable. Windows cannot open a folder for fsync; there NTFS journals them. */
async function syncFolder(folder: string): Promise<void> {
	if (process.platform === 'win32') {
		return;
	}
	const handle = await fs.promises.open(folder, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

interface EventLog {
	lines: number;
	bytes: number;
	truncated: boolean;
	pending: string[];
}

/**
 * Persists the run history and per-run event logs. Saves are coalesced ({@link eventuallySave})
 * and serialized, so at most one write is in flight and the last snapshot always wins.
 */
export class RunStore extends Disposable {
	private readonly folder: string;
	private readonly maxRuns: number;
	private readonly maxEvents: number;
	private readonly maxEventBytes: number;
	private readonly saveDelayMs: number;
	private pendingRuns: readonly AgentRun[] | undefined;
	private readonly logs = new Map<string, EventLog>();
	private timer: NodeJS.Timeout | undefined;
	private chain: Promise<void> = Promise.resolve();
	private lastError: unknown;

	constructor(options: RunStoreOptions) {
		super();
		this.folder = options.folder;
		this.maxRuns = options.maxRuns ?? 200;
		this.maxEvents = options.maxEventsPerRun ?? 2000;
		this.maxEventBytes = options.maxEventBytesPerRun ?? 2 * 1024 * 1024;
		this.saveDelayMs = options.saveDelayMs ?? 250;
		this._register(toDisposable(() => clearTimeout(this.timer)));
	}

	/** Path of the main history file. */
	get historyFile(): string {
		return path.join(this.folder, MAIN);
	}

	/** The last write error, if the most recent write failed. */
	get error(): unknown {
		return this.lastError;
	}

	/** Reads the history: the main file, else the backup, else nothing. Never throws for bad files. */
	async load(): Promise<LoadedHistory> {
		const problems: string[] = [];
		await this.removeStrayTempFiles();
		for (const [name, source] of [[MAIN, 'main'], [BACKUP, 'backup']] as const) {
			let text: string;
			try {
				text = await fs.promises.readFile(path.join(this.folder, name), 'utf8');
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
					problems.push(`${name}: ${(err as Error).message}`);
				}
				continue;
			}
			try {
				const { runs, dropped } = parseHistory(text);
				if (dropped > 0) {
					problems.push(`${name}: ${dropped} malformed run(s) skipped`);
				}
				return { runs, source, problems };
			} catch (err) {
				problems.push(`${name}: unreadable (${(err as Error).message})`);
			}
		}
		return { runs: [], source: 'empty', problems };
	}

	/** Saves soon, coalescing bursts; the latest snapshot wins. */
	eventuallySave(runs: readonly AgentRun[]): void {
		this.pendingRuns = runs;
		this.schedule();
	}

	/** Saves now (after any write in flight). */
	save(runs: readonly AgentRun[]): Promise<void> {
		this.pendingRuns = runs;
		return this.flush();
	}

	/** Queues one event of a run for its log. Stream deltas are not passed here by the queue. */
	appendEvent({ runId, seq, at, event }: RunEvent): void {
		if (!SAFE_ID.test(runId)) {
			return;
		}
		let log = this.logs.get(runId);
		if (!log) {
			log = { lines: 0, bytes: 0, truncated: false, pending: [] };
			this.logs.set(runId, log);
		}
		if (log.truncated) {
			return;
		}
		const line = JSON.stringify({ seq, at, event }) + '\n';
		if (log.lines + 1 > this.maxEvents || log.bytes + line.length > this.maxEventBytes) {
			log.truncated = true;
			const marker: StreamEvent = { type: 'raw', reason: 'truncated', line: `Event log capped at ${log.lines} events.` };
			log.pending.push(JSON.stringify({ seq, at, event: marker }) + '\n');
		} else {
			log.lines++;
			log.bytes += line.length;
			log.pending.push(line);
		}
		this.schedule();
	}

	/** Reads a run's stored events; a line cut by a crash is skipped. */
	async readEvents(runId: string): Promise<RunEvent[]> {
		if (!SAFE_ID.test(runId)) {
			return [];
		}
		let text: string;
		try {
			text = await fs.promises.readFile(this.eventFile(runId), 'utf8');
		} catch {
			return [];
		}
		const events: RunEvent[] = [];
		for (const line of text.split('\n')) {
			try {
				const value = JSON.parse(line) as Partial<RunEvent>;
				if (typeof value?.seq === 'number' && typeof value.at === 'number' && typeof value.event?.type === 'string') {
					events.push({ runId, seq: value.seq, at: value.at, event: value.event });
				}
			} catch {
				// Torn last line after a crash; the rest of the log is still good.
			}
		}
		return events;
	}

	/** Writes everything pending now. Resolves when it is on disk; rejects if the write failed. */
	flush(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		const run = this.chain.then(() => this.writePending());
		this.chain = run.catch(() => undefined);
		return run;
	}

	/** Flushes what is pending; the write outlives the store. */
	override dispose(): void {
		if (this.hasPending) {
			void this.flush().catch(() => undefined);
		}
		super.dispose();
	}

	private schedule(): void {
		if (this.timer === undefined && !this.isDisposed) {
			this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.saveDelayMs);
		}
	}

	private eventFile(runId: string): string {
		return path.join(this.folder, EVENTS, `${runId}.jsonl`);
	}

	private get hasPending(): boolean {
		return this.pendingRuns !== undefined || [...this.logs.values()].some((l) => l.pending.length > 0);
	}

	private async writePending(): Promise<void> {
		if (!this.hasPending) {
			return;
		}
		try {
			await fs.promises.mkdir(path.join(this.folder, EVENTS), { recursive: true });
			for (const [runId, log] of this.logs) {
				if (log.pending.length > 0) {
					const data = log.pending.join('');
					log.pending = [];
					await fs.promises.appendFile(this.eventFile(runId), data, 'utf8');
				}
			}
			const runs = this.pendingRuns;
			this.pendingRuns = undefined;
			if (runs) {
				const kept = boundRuns(mergeWithStored(runs, await this.readStored()), this.maxRuns);
				await writeAtomic(this.historyFile, path.join(this.folder, BACKUP), JSON.stringify({ version: FORMAT_VERSION, runs: kept }));
				await this.pruneEvents(new Set(kept.map((r) => r.id)));
			}
			this.lastError = undefined;
		} catch (err) {
			this.lastError = err;
			throw err;
		}
	}

	/** The runs of the main file as it is now (another process may have written it); none when unreadable. */
	private async readStored(): Promise<AgentRun[]> {
		try {
			return parseHistory(await fs.promises.readFile(this.historyFile, 'utf8')).runs;
		} catch {
			return [];
		}
	}

	/** Deletes the event logs of runs no longer in the history. */
	private async pruneEvents(keep: ReadonlySet<string>): Promise<void> {
		const names = await fs.promises.readdir(path.join(this.folder, EVENTS)).catch(() => [] as string[]);
		for (const name of names) {
			const id = name.replace(/\.jsonl$/, '');
			if (name.endsWith('.jsonl') && !keep.has(id) && !this.logs.get(id)?.pending.length) {
				this.logs.delete(id);
				await fs.promises.rm(path.join(this.folder, EVENTS, name), { force: true });
			}
		}
	}

	private async removeStrayTempFiles(): Promise<void> {
		const names = await fs.promises.readdir(this.folder).catch(() => [] as string[]);
		for (const name of names) {
			if (name.startsWith(`${MAIN}.`) && name.endsWith('.tmp')) {
				// A fresh temp file may belong to another window writing right now; only clear old ones.
				const file = path.join(this.folder, name);
				const stat = await fs.promises.stat(file).catch(() => undefined);
				if (stat && Date.now() - stat.mtimeMs > STRAY_TEMP_AGE_MS) {
					await fs.promises.rm(file, { force: true }).catch(() => undefined);
				}
			}
		}
	}
}
