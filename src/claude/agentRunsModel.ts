/**
 * The agent runs of the graph: the {@link RunQueue} and its {@link RunStore} behind the
 * `AgentRunsSource` the schema reads, plus commit-message suggestions made with short runs.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { SourceError, type ClaudeErrorCode, type UnavailableRecord } from '../schema/contracts/sourceError';
import {
	CANCELLED_MESSAGE,
	type ClaudeStatusRecord,
	type AgentRunEventRecord,
	type AgentRunOptions as GraphRunOptions,
	type AgentRunRecord,
	type AgentRunsSource,
	type AgentPermissionsSource,
	type AgentFleetRecord,
	type AgentMergeMode,
	type AgentPromptInput,
	type AgentUsageRecord,
	type AgentWorktreeSource,
	type CommitMessageSuggestionRecord,
	type PromptTemplateRecord,
	type StoredWorktreeRecord,
	type WorktreeFileChangeRecord,
} from '../schema/contracts/agentRuns';
import { fleetRecord, fleetsOf, latestAttempts } from './fleets';
import { loadTemplates, placeholderValues, renderTemplate } from './promptTemplates';
import { localDay, sumUsage, usageOn } from './usage';
import { toEventRecord, toRecord, toRunOptions } from './agentRunRecords';
import { ClaudeAvailability } from './claudeAvailability';
import type { CommitMessageGit } from './commitMessageInput';
import { isTerminal, type AgentRun, type AgentRunOptions, type RunIsolation, type RunWorktree } from './runModel';
import { RunQueue, type RunExtras } from './runQueue';
import { RunStore } from './runStore';
import { suggestCommitMessage } from './commitMessageRuns';
import { RunWorktreeReview } from './runWorktreeReview';
import { PermissionBridge, type PermissionServerLaunch } from './permissionBridge';
import { PermissionInbox } from './permissionInbox';
import { permissionsSource } from './permissionsSource';

/** Settings that may change while runs exist (see {@link ClaudeAgentRuns.configure}). */
export interface ClaudeAgentRunsSettings {
	/** The CLI; `claude` on `PATH` when absent. */
	readonly claudePath?: string;
	/** Complete environment of the CLI processes; `process.env` when absent. */
	readonly env?: NodeJS.ProcessEnv;
	/** Runs at once (3 when absent). */
	readonly concurrency?: number;
	/** A run still going after this long is stopped and FAILED. */
	readonly timeoutMs?: number;
	/** Options every run starts with (model, turn limit, permission mode, tools, cost cap). */
	readonly defaults?: AgentRunOptions;
	/** Where a run works unless it says otherwise (`IN_PLACE` when absent). */
	readonly isolation?: RunIsolation;
	/** What all runs together may cost per day; no cap when absent or 0. */
	readonly dailyBudgetUsd?: number;
	/** Prompt templates from the user's settings, by name. */
	readonly prompts?: Readonly<Record<string, string>>;
	/** Seconds a permission request waits before it is denied (300 when absent). */
	readonly permissionTimeoutSeconds?: number;
	/** False: runs are refused unallowed tools at once, as the CLI does alone; true when absent. */
	readonly permissionPrompts?: boolean;
}

/** Options of {@link ClaudeAgentRuns}. */
export interface ClaudeAgentRunsOptions extends ClaudeAgentRunsSettings {
	/** Folder of the history (`runs.json`) and the per-run event logs; created on first write. */
	readonly storageDir: string;
	/** Git, for reading the changes a commit message describes (share the model's `Git` pool). */
	readonly git: CommitMessageGit;
	/** False in an untrusted workspace: history stays readable, but no process is ever started. */
	readonly trusted?: boolean;
	/** Which paths runs may start in; every folder when absent. */
	readonly isRepository?: (absolutePath: string) => boolean;
	/** Time between SIGTERM and SIGKILL when a run is stopped. */
	readonly killGraceMs?: number;
	/** Runs kept in the history (200 when absent). */
	readonly maxRuns?: number;
	/** Worktrees for `WORKTREE` runs; without, such runs are refused. */
	readonly worktrees?: AgentWorktreeSource;
	/** The workspace folders whose `.vscode/meta-gothic/prompts/` hold templates. */
	readonly templateRoots?: () => readonly string[];
	/**
	 * How to start the permission prompt server (dist/permissionPrompt.js). With it, a tool a run
	 * was not allowed waits in {@link ClaudeAgentRuns.permissions} for an answer; without it the
	 * CLI refuses such tools on its own.
	 */
	readonly permissionServer?: PermissionServerLaunch;
}

export { UNTRUSTED_REASON } from './claudeAvailability';

/**
 * A commit message is one answer: one turn, and no tool that needs a permission (the user's
 * default tools and permission mode are for agent work, not for this).
 */

function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) {
		throw new SourceError('CLAUDE', 'CANCELLED', CANCELLED_MESSAGE);
	}
}

/** The queue refuses some requests with a plain Error; give them codes the graph can report. */
function conflict(fn: () => AgentRun): AgentRunRecord {
	try {
		return toRecord(fn());
	} catch (err) {
		throw new SourceError('CLAUDE', 'CONFLICT', err instanceof Error ? err.message : String(err));
	}
}

/**
 * Agent runs over the real Claude CLI. History is read in the background at construction
 * ({@link ready}); until then the lists are empty and mutations wait for it. Disposing cancels
 * every run; {@link shutdown} also waits until their processes are gone and the history is written.
 */
export class ClaudeAgentRuns extends Disposable implements AgentRunsSource {
	private readonly _onDidChangeRun = this._register(new Emitter<AgentRunRecord>());
	readonly onDidChangeRun: Event<AgentRunRecord> = this._onDidChangeRun.event;

	private readonly _onDidReceiveEvent = this._register(new Emitter<AgentRunEventRecord>());
	readonly onDidReceiveEvent: Event<AgentRunEventRecord> = this._onDidReceiveEvent.event;

	/** Whether the CLI can run here: trust, the binary, its version. */
	private readonly cli: ClaudeAvailability;
	/** Fires with the new {@link unavailableReason} when it changes (trust granted, CLI found or lost). */
	readonly onDidChangeAvailability: Event<string | null>;

	private readonly _onDidLoad = this._register(new Emitter<void>());
	/** Fires once the history has been read. */
	readonly onDidLoad: Event<void> = this._onDidLoad.event;

	/** Settles once the history has been read (an unreadable history counts as empty). */
	readonly ready: Promise<void>;
	/** What was wrong with the stored history, for the log; empty when all was well. */
	historyProblems: readonly string[] = [];

	private readonly store: RunStore;
	private queue: RunQueue | undefined;
	private settings: ClaudeAgentRunsSettings;
	private stopped: Promise<void> | undefined;
	/** What happens to a WORKTREE run's worktree once it ends. */
	private readonly review: RunWorktreeReview;
	/** Tool calls runs wait to be allowed; only with a permission server. */
	readonly permissionInbox: PermissionInbox | undefined;
	private readonly permissionBridge: PermissionBridge | undefined;
	/** The inbox for the graph; absent without a permission server. */
	readonly permissions: AgentPermissionsSource | undefined;

	/** Builds the source and waits for its history. */
	static async open(options: ClaudeAgentRunsOptions): Promise<ClaudeAgentRuns> {
		const runs = new ClaudeAgentRuns(options);
		await runs.ready;
		return runs;
	}

	constructor(private readonly options: ClaudeAgentRunsOptions) {
		super();
		this.settings = options;
		this.cli = this._register(new ClaudeAvailability(() => this.settings, options.trusted ?? true));
		this.onDidChangeAvailability = this.cli.onDidChange;
		this.store = new RunStore({ folder: options.storageDir, ...(options.maxRuns ? { maxRuns: options.maxRuns } : {}) });
		this.ready = this.store.load().then(
			(history) => this.open(history.runs, history.problems),
			(err: unknown) => this.open([], [`history unreadable: ${err instanceof Error ? err.message : String(err)}`]),
		);
		this.review = new RunWorktreeReview(options.worktrees, () => this.queue, () => this.requireQueue());
		if (options.permissionServer) {
			this.permissionInbox = this._register(new PermissionInbox({ timeoutSeconds: options.permissionTimeoutSeconds }));
			this.permissionBridge = this._register(new PermissionBridge(this.permissionInbox, options.permissionServer));
			this.permissions = permissionsSource(this.permissionInbox);
		}
	}

	private open(runs: AgentRun[], problems: string[]): void {
		this.historyProblems = problems;
		if (this.isDisposed) {
			return;
		}
		const s = this.settings;
		const queue = new RunQueue({
			store: this.store,
			initialRuns: runs,
			concurrency: s.concurrency,
			claudePath: s.claudePath,
			env: s.env,
			timeoutMs: s.timeoutMs,
			defaults: s.defaults,
			dailyBudgetUsd: s.dailyBudgetUsd,
			killGraceMs: this.options.killGraceMs,
			maxRuns: this.options.maxRuns,
			...(this.permissionBridge ? { permissions: { openRun: (id: string, repositoryPath: string) => this.openPermissions(id, repositoryPath) } } : {}),
		});
		this.queue = queue;
		this._register(queue.onDidChangeRun((run) => this.onRunChanged(run)));
		this._register(queue.onDidReceiveEvent((e) => this._onDidReceiveEvent.fire(toEventRecord(e))));
		this._register(toDisposable(() => queue.dispose()));
		this._onDidLoad.fire();
	}

	/** The permission prompt of a new run, unless the setting turned prompts off (read at each start). */
	private openPermissions(runId: string, repositoryPath: string) {
		return this.settings.permissionPrompts === false ? undefined : this.permissionBridge?.openRun(runId, repositoryPath);
	}

	/** Why runs cannot start (untrusted workspace, no CLI), or null when they can. */
	get unavailableReason(): string | null {
		return this.cli.unavailableReason;
	}

	private unavailable(): UnavailableRecord<ClaudeErrorCode> | null {
		return this.cli.unavailable();
	}

	/** Availability with its code and the CLI found (see {@link ClaudeAvailability.status}). */
	status(): ClaudeStatusRecord {
		return this.cli.status();
	}

	/** Applies changed settings to later runs and looks for the CLI again. */
	configure(settings: ClaudeAgentRunsSettings): void {
		this.settings = { ...this.settings, ...settings };
		this.permissionInbox?.setTimeoutSeconds(this.settings.permissionTimeoutSeconds);
		const { claudePath, env, timeoutMs, defaults, concurrency, dailyBudgetUsd } = this.settings;
		this.queue?.configure({ claudePath, env, timeoutMs, defaults, dailyBudgetUsd });
		if (this.queue && concurrency !== undefined) {
			this.queue.concurrency = concurrency;
		}
		this.cli.lookAgain();
	}

	/** Workspace trust was granted (or revoked): runs may start from now on. */
	setTrusted(trusted: boolean): void {
		this.cli.setTrusted(trusted);
	}

	private onRunChanged(run: AgentRun): void {
		if (run.status === 'FAILED' && !run.sessionId) {
			// A run that never opened a session may have found no CLI: look again before the next one.
			this.cli.lookAgain();
		}
		this._onDidChangeRun.fire(toRecord(run));
	}

	/** Claude CLI processes of this source still alive (0 before the history is read). */
	get processesAlive(): number {
		return this.queue?.processesAlive ?? 0;
	}

	/** The raw run records, oldest first (the extension and scripts read these directly). */
	get runs(): readonly AgentRun[] {
		return this.queue?.runs ?? [];
	}

	/** The newest `first` runs, newest first. */
	list(first: number): readonly AgentRunRecord[] {
		const runs = this.runs;
		const out: AgentRunRecord[] = [];
		for (let i = runs.length - 1; i >= 0 && out.length < first; i--) {
			out.push(toRecord(runs[i]));
		}
		return out;
	}

	get(id: string): AgentRunRecord | undefined {
		const run = this.queue?.get(id);
		return run && toRecord(run);
	}

	forRepository(repositoryPath: string): readonly AgentRunRecord[] {
		const key = path.resolve(repositoryPath);
		return this.runs.filter((r) => r.repositoryPath === key).reverse().map(toRecord);
	}

	/** The run's stored events (pending ones are written first); stream deltas are not kept. */
	async events(id: string): Promise<readonly AgentRunEventRecord[]> {
		await this.ready;
		if (!this.queue?.get(id)) {
			return [];
		}
		// A write failure must not hide the events already on disk.
		await this.store.flush().catch(() => undefined);
		return (await this.store.readEvents(id)).map(toEventRecord);
	}

	/** Resolves with the run's final record. */
	async whenFinished(id: string): Promise<AgentRunRecord> {
		return toRecord(await (await this.requireQueue()).whenFinished(id));
	}

	async start(repositoryPath: string, prompt: string, options?: GraphRunOptions): Promise<AgentRunRecord> {
		const queue = await this.runnableQueue();
		const repo = this.repository(repositoryPath);
		return toRecord(await this.startOne(queue, repo, prompt, options, {}));
	}

	/** Queues one run; a `WORKTREE` run gets its worktree (branch `agent/<first 8 of its id>`) first. */
	private async startOne(queue: RunQueue, repo: string, prompt: string, options: GraphRunOptions | undefined, extras: RunExtras): Promise<AgentRun> {
		const runOptions = toRunOptions(options);
		const isolation: RunIsolation = options?.isolation ?? this.settings.isolation ?? 'IN_PLACE';
		if (isolation === 'IN_PLACE') {
			return queue.start(repo, prompt, runOptions, { ...extras, isolation });
		}
		const id = randomUUID();
		const worktree = await this.createWorktree(repo, id);
		return queue.start(repo, prompt, runOptions, { ...extras, id, isolation, worktree });
	}

	private async createWorktree(repo: string, id: string): Promise<RunWorktree> {
		const source = this.options.worktrees;
		if (!source) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'Worktree isolation is not available here: start the run in place.');
		}
		const made = await source.create(repo, `agent/${id.slice(0, 8)}`);
		return { path: made.path, branch: made.branch, baseCommit: made.baseCommit, state: 'ACTIVE' };
	}

	/** The prompt for `repo`: the given text, or the named template filled in for it. */
	private async promptFor(repo: string, input: AgentPromptInput): Promise<string> {
		if (!input.template) {
			const prompt = input.prompt ?? '';
			if (!prompt.trim()) {
				throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'The prompt is empty');
			}
			return prompt;
		}
		const template = (await this.promptTemplates()).find((t) => t.name === input.template);
		if (!template) {
			throw new SourceError('CLAUDE', 'TEMPLATE_NOT_FOUND', `No prompt template named "${input.template}"`);
		}
		const given = Object.fromEntries((input.variables ?? []).map((v) => [v.name, v.value]));
		const body = input.prompt?.trim() ? `${template.body}

${input.prompt}` : template.body;
		return renderTemplate(body, await placeholderValues(this.options.git, repo, body, given));
	}

	/** Built-in, workspace and settings templates, one per name. */
	promptTemplates(): Promise<readonly PromptTemplateRecord[]> {
		return loadTemplates(this.options.templateRoots?.() ?? [], this.settings.prompts);
	}

	/** Starts a run from a prompt or a template (see {@link AgentPromptInput}). */
	async startFrom(repositoryPath: string, input: AgentPromptInput, options?: GraphRunOptions): Promise<AgentRunRecord> {
		const queue = await this.runnableQueue();
		const repo = this.repository(repositoryPath);
		return toRecord(await this.startOne(queue, repo, await this.promptFor(repo, input), options, {}));
	}

	async startFleet(repositoryPaths: readonly string[], input: AgentPromptInput, options?: GraphRunOptions): Promise<AgentFleetRecord> {
		const queue = await this.runnableQueue();
		const repos = [...new Set(repositoryPaths.map((p) => this.repository(p)))];
		if (repos.length === 0) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'A fleet needs at least one repository');
		}
		if (!input.template && !input.prompt?.trim()) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'The prompt is empty');
		}
		const fleetId = randomUUID();
		for (const repo of repos) {
			let prompt = input.prompt ?? input.template ?? '';
			try {
				prompt = await this.promptFor(repo, input);
				await this.startOne(queue, repo, prompt, options, { fleetId });
			} catch (err) {
				if (repos.length === 1) {
					throw err;
				}
				// One repository that cannot start (its worktree, its template) must not stop the others: it shows as failed.
				queue.recordFailure(repo, prompt, toRunOptions(options), { fleetId }, err instanceof Error ? err.message : String(err));
			}
		}
		return this.requireFleet(fleetId);
	}

	private fleetRuns(id: string): AgentRun[] {
		return this.runs.filter((r) => r.fleetId === id);
	}

	private requireFleet(id: string): AgentFleetRecord {
		const runs = this.fleetRuns(id);
		if (runs.length === 0) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent fleet ${id}`);
		}
		return fleetRecord(id, runs);
	}

	fleets(first: number): readonly AgentFleetRecord[] {
		return fleetsOf(this.runs).slice(0, first);
	}

	fleet(id: string): AgentFleetRecord | undefined {
		const runs = this.fleetRuns(id);
		return runs.length ? fleetRecord(id, runs) : undefined;
	}

	async cancelFleet(id: string): Promise<AgentFleetRecord> {
		const queue = await this.requireQueue();
		// Runs going in another process are left to it: waiting for them could take as long as they run.
		const runs = this.requireFleet(id) && this.fleetRuns(id).filter((r) => !isTerminal(r.status) && !queue.isForeign(r.id));
		// Waiting runs first, so none of them takes a slot freed by a cancelled one.
		for (const r of [...runs].sort((a, b) => (a.status === 'QUEUED' ? -1 : 0) - (b.status === 'QUEUED' ? -1 : 0))) {
			queue.cancel(r.id);
		}
		await Promise.all(runs.map((r) => queue.whenFinished(r.id)));
		return this.requireFleet(id);
	}

	async retryFleet(id: string): Promise<AgentFleetRecord> {
		const queue = await this.runnableQueue();
		this.requireFleet(id);
		for (const run of latestAttempts(this.fleetRuns(id)).filter((r) => r.status === 'FAILED')) {
			await this.retryRun(queue, run);
		}
		return this.requireFleet(id);
	}

	/** A retry of a `WORKTREE` run works in a fresh worktree: the old one keeps what the failed attempt left. */
	private async retryRun(queue: RunQueue, run: AgentRun): Promise<AgentRun> {
		if (run.isolation !== 'WORKTREE') {
			return queue.retry(run.id);
		}
		const newId = randomUUID();
		return queue.retry(run.id, { id: newId, worktree: await this.createWorktree(run.repositoryPath, newId) });
	}

	usage(): AgentUsageRecord {
		const now = new Date();
		const runs = this.runs;
		const today = usageOn(runs, now);
		const day = localDay(now);
		const byRepo = new Map<string, AgentRun[]>();
		for (const r of runs.filter((run) => localDay(run.startedAt ?? run.createdAt) === day)) {
			byRepo.set(r.repositoryPath, [...(byRepo.get(r.repositoryPath) ?? []), r]);
		}
		const cap = this.settings.dailyBudgetUsd && this.settings.dailyBudgetUsd > 0 ? this.settings.dailyBudgetUsd : null;
		return {
			today,
			repositories: [...byRepo.entries()].map(([repositoryPath, list]) => ({ repositoryPath, ...sumUsage(day, list) })).sort((a, b) => b.costUsd - a.costUsd),
			dailyBudgetUsd: cap,
			remainingTodayUsd: cap === null ? null : Math.max(0, Math.round((cap - today.costUsd) * 1e6) / 1e6),
		};
	}

	worktreeChanges(runId: string): Promise<readonly WorktreeFileChangeRecord[]> {
		return this.review.changes(runId);
	}

	worktreeDiff(runId: string): Promise<string> {
		return this.review.diff(runId);
	}

	mergeRun(runId: string, mode: AgentMergeMode): Promise<AgentRunRecord> {
		return this.review.merge(runId, mode);
	}

	keepRunBranch(runId: string): Promise<AgentRunRecord> {
		return this.review.keepBranch(runId);
	}

	discardRun(runId: string): Promise<AgentRunRecord> {
		return this.review.discard(runId);
	}

	storedWorktrees(): Promise<readonly StoredWorktreeRecord[]> {
		return this.review.stored();
	}

	cleanWorktrees(): Promise<number> {
		return this.review.clean();
	}

	/** Stops a run and resolves once it has ended; a finished run is returned as it is. */
	async cancel(id: string): Promise<AgentRunRecord> {
		const queue = await this.requireQueue();
		if (!queue.get(id)) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent run ${id}`);
		}
		if (queue.isForeign(id)) {
			throw new SourceError('CLAUDE', 'CONFLICT', `This run is going in another process (pid ${queue.get(id)?.owner?.pid ?? '?'}): stop it there.`);
		}
		queue.cancel(id);
		return toRecord(await queue.whenFinished(id));
	}

	async retry(id: string): Promise<AgentRunRecord> {
		const queue = await this.runnableQueue();
		const run = queue.get(id);
		if (run?.isolation === 'WORKTREE' && isTerminal(run.status)) {
			return toRecord(await this.retryRun(queue, run));
		}
		return conflict(() => queue.retry(id));
	}

	async resume(id: string, prompt: string): Promise<AgentRunRecord> {
		const queue = await this.runnableQueue();
		return conflict(() => queue.resume(id, prompt));
	}

	/**
	 * One suggestion per repository: its changes go into a one-turn run (all start at once; the
	 * queue's concurrency bounds them) and the answer is cleaned. Nothing is committed. When
	 * `signal` aborts, every run started here is cancelled (waiting ones never start), and once
	 * their processes are gone this rejects with code `CANCELLED`.
	 */
	async generateCommitMessages(repositoryPaths: readonly string[], signal?: AbortSignal): Promise<readonly CommitMessageSuggestionRecord[]> {
		throwIfCancelled(signal);
		const queue = await this.runnableQueue();
		const repos = repositoryPaths.map((p) => this.repository(p));
		const byRepo = new Map<string, Promise<CommitMessageSuggestionRecord>>();
		const rows = await Promise.all(
			repos.map((repo) => {
				let suggestion = byRepo.get(repo);
				if (!suggestion) {
					suggestion = suggestCommitMessage(queue, repo, signal, { git: this.options.git, templates: () => this.promptTemplates() });
					byRepo.set(repo, suggestion);
				}
				return suggestion;
			}),
		);
		// Rows that finished before the abort are dropped too: the caller asked to stop, not for a part.
		throwIfCancelled(signal);
		return rows;
	}

	/** Cancels every run; their last state is written once their processes are gone. */
	override dispose(): void {
		void this.shutdown();
	}

	/** Stops every run, waits until their processes are gone and the history is on disk. */
	shutdown(): Promise<void> {
		this.stopped ??= (async () => {
			const queue = this.queue;
			super.dispose();
			await queue?.shutdown();
			await this.store.flush().catch(() => undefined);
			this.store.dispose();
		})();
		return this.stopped;
	}

	private async requireQueue(): Promise<RunQueue> {
		await this.ready;
		if (!this.queue) {
			throw new SourceError('CLAUDE', 'CLI_FAILED', 'Agent runs have been shut down.');
		}
		return this.queue;
	}

	private async runnableQueue(): Promise<RunQueue> {
		const queue = await this.requireQueue();
		const unavailable = this.unavailable();
		if (unavailable) {
			throw new SourceError('CLAUDE', unavailable.code, unavailable.reason);
		}
		return queue;
	}

	private repository(repositoryPath: string): string {
		const absolute = path.resolve(repositoryPath);
		if (this.options.isRepository && !this.options.isRepository(absolute)) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `Not a repository of this workspace: ${repositoryPath}`);
		}
		return absolute;
	}
}
