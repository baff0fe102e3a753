/**
 * The agent runs of the graph: the {@link RunQueue} and its {@link RunStore} behind the
 * `AgentRunsSource` the schema reads, plus commit-message suggestions made with short runs.
 */
import * as path from 'node:path';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { SourceError } from '../schema/contracts/sourceError';
import {
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
	type CommitMessageSuggestionRecord,
	type PromptTemplateRecord,
	type StoredWorktreeRecord,
	type WorktreeFileChangeRecord,
} from '../schema/contracts/agentRuns';
import { FleetRuns } from './fleetRuns';
import { loadTemplates, promptOf } from './promptTemplates';
import { usageRecord } from './usage';
import { recordOrConflict, toEventRecord, toRecord, toRunOptions } from './agentRunRecords';
import { ClaudeAvailability } from './claudeAvailability';
import { isTerminal, type AgentRun } from './runModel';
import { RunQueue, type RunExtras } from './runQueue';
import { RunStore } from './runStore';
import { suggestCommitMessages, throwIfAborted } from './commitMessageRuns';
import { RunWorktreeReview } from './runWorktreeReview';
import { RunWorktrees } from './runWorktrees';
import { PermissionBridge } from './permissionBridge';
import { PermissionInbox } from './permissionInbox';
import { permissionsSource } from './permissionsSource';
import type { ClaudeAgentRunsOptions, ClaudeAgentRunsSettings } from './agentRunsSettings';

export type { ClaudeAgentRunsOptions, ClaudeAgentRunsSettings } from './agentRunsSettings';
export { UNTRUSTED_REASON } from './claudeAvailability';

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
	/** Where runs work: in place or in worktrees of their own. */
	private readonly worktrees: RunWorktrees;
	/** Runs started together on several repositories. */
	private readonly fleetRuns: FleetRuns;
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
		this.worktrees = new RunWorktrees(options.worktrees);
		this.fleetRuns = new FleetRuns({
			runs: () => this.runs,
			queue: () => this.requireQueue(),
			runnableQueue: () => this.runnableQueue(),
			repository: (p) => this.repository(p),
			promptFor: (repo, input) => this.promptFor(repo, input),
			start: (queue, repo, prompt, options, extras) => this.startOne(queue, repo, prompt, options, extras),
			retry: (queue, run) => this.worktrees.retry(queue, run),
		});
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

	/** Queues one run where its options (or the isolation setting) say. */
	private startOne(queue: RunQueue, repo: string, prompt: string, options: GraphRunOptions | undefined, extras: RunExtras): Promise<AgentRun> {
		return this.worktrees.start(queue, repo, prompt, toRunOptions(options), options?.isolation ?? this.settings.isolation ?? 'IN_PLACE', extras);
	}

	/** The prompt for `repo`: the given text, or the named template filled in for it. */
	private async promptFor(repo: string, input: AgentPromptInput): Promise<string> {
		return promptOf(input, () => this.promptTemplates(), this.options.git, repo);
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

	startFleet(repositoryPaths: readonly string[], input: AgentPromptInput, options?: GraphRunOptions): Promise<AgentFleetRecord> {
		return this.fleetRuns.start(repositoryPaths, input, options);
	}

	fleets(first: number): readonly AgentFleetRecord[] {
		return this.fleetRuns.list(first);
	}

	fleet(id: string): AgentFleetRecord | undefined {
		return this.fleetRuns.get(id);
	}

	cancelFleet(id: string): Promise<AgentFleetRecord> {
		return this.fleetRuns.cancel(id);
	}

	retryFleet(id: string): Promise<AgentFleetRecord> {
		return this.fleetRuns.retry(id);
	}

	usage(): AgentUsageRecord {
		return usageRecord(this.runs, new Date(), this.settings.dailyBudgetUsd);
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
			return toRecord(await this.worktrees.retry(queue, run));
		}
		return recordOrConflict(() => queue.retry(id));
	}

	async resume(id: string, prompt: string): Promise<AgentRunRecord> {
		const queue = await this.runnableQueue();
		return recordOrConflict(() => queue.resume(id, prompt));
	}

	/**
	 * One suggestion per repository: its changes go into a one-turn run (all start at once; the
	 * queue's concurrency bounds them) and the answer is cleaned. Nothing is committed. When
	 * `signal` aborts, every run started here is cancelled (waiting ones never start), and once
	 * their processes are gone this rejects with code `CANCELLED`.
	 */
	async generateCommitMessages(repositoryPaths: readonly string[], signal?: AbortSignal): Promise<readonly CommitMessageSuggestionRecord[]> {
		throwIfAborted(signal);
		const queue = await this.runnableQueue();
		const repos = repositoryPaths.map((p) => this.repository(p));
		const rows = await suggestCommitMessages(queue, repos, signal, { git: this.options.git, templates: () => this.promptTemplates() });
		// Rows that finished before the abort are dropped too: the caller asked to stop, not for a part.
		throwIfAborted(signal);
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
		const unavailable = this.cli.unavailable();
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
