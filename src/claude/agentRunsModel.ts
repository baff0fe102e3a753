/**
 * The agent runs of the graph: the {@link RunQueue} and its {@link RunStore} behind the
 * `AgentRunsSource` the schema reads, plus commit-message suggestions made with short runs.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { execFile } from 'node:child_process';
import { SourceError, type ClaudeErrorCode, type UnavailableRecord } from '../schema/contracts/sourceError';
import {
	CANCELLED_MESSAGE,
	type ClaudeStatusRecord,
	type AgentRunEventRecord,
	type AgentRunOptions as GraphRunOptions,
	type AgentRunRecord,
	type AgentRunsSource,
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
import { COMMIT_MESSAGE_TEMPLATE, loadTemplates, placeholderValues, renderTemplate } from './promptTemplates';
import { localDay, sumUsage, usageOn } from './usage';
import { toEventRecord, toRecord, toRunOptions } from './agentRunRecords';
import { claudeSignIn } from './authentication';
import { findExecutable } from './claudeBinary';
import { buildCommitMessagePrompt, cleanCommitMessage, DEFAULT_MAX_DIFF_CHARS, splitDiff, summariseFile } from './commitMessage';
import { readCommitMessageInput, type CommitMessageGit, type CommitMessageInput } from './commitMessageInput';
import { isTerminal, type AgentRun, type AgentRunOptions, type RunIsolation, type RunWorktree } from './runModel';
import { ClaudeNotFoundError } from './runner';
import { RunQueue, type RunExtras } from './runQueue';
import { RunStore } from './runStore';

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
}

/** Why runs cannot start in an untrusted workspace. */
export const UNTRUSTED_REASON = 'Agent runs are disabled in an untrusted workspace: trust the workspace to run Claude on its repositories.';

/** A found binary stays found; a missing one is looked for again after this long (it may get installed). */
const RECHECK_MISSING_MS = 5000;

/**
 * A commit message is one answer: one turn, and no tool that needs a permission (the user's
 * default tools and permission mode are for agent work, not for this).
 */
const COMMIT_MESSAGE_RUN: AgentRunOptions = { maxTurns: 1, allowedTools: [], permissionMode: 'default' };

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

	private readonly _onDidChangeAvailability = this._register(new Emitter<string | null>());
	/** Fires with the new {@link unavailableReason} when it changes (trust granted, CLI found or lost). */
	readonly onDidChangeAvailability: Event<string | null> = this._onDidChangeAvailability.event;

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
	private trusted: boolean;
	private binary: { path: string | undefined; checkedAt: number } | undefined;
	/** `claude --version` of the binary found, once asked (by {@link status}); `failure` when it could not run. */
	private version: { path: string; text: string | null; failure?: string } | undefined;
	private lastReason: string | null | undefined;
	private stopped: Promise<void> | undefined;

	/** Builds the source and waits for its history. */
	static async open(options: ClaudeAgentRunsOptions): Promise<ClaudeAgentRuns> {
		const runs = new ClaudeAgentRuns(options);
		await runs.ready;
		return runs;
	}

	constructor(private readonly options: ClaudeAgentRunsOptions) {
		super();
		this.settings = options;
		this.trusted = options.trusted ?? true;
		this.store = new RunStore({ folder: options.storageDir, ...(options.maxRuns ? { maxRuns: options.maxRuns } : {}) });
		this.ready = this.store.load().then(
			(history) => this.open(history.runs, history.problems),
			(err: unknown) => this.open([], [`history unreadable: ${err instanceof Error ? err.message : String(err)}`]),
		);
		this.lastReason = this.unavailableReason;
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
		});
		this.queue = queue;
		this._register(queue.onDidChangeRun((run) => this.onRunChanged(run)));
		this._register(queue.onDidReceiveEvent((e) => this._onDidReceiveEvent.fire(toEventRecord(e))));
		this._register(toDisposable(() => queue.dispose()));
		this._onDidLoad.fire();
	}

	/** Why runs cannot start (untrusted workspace, no CLI), or null when they can. */
	get unavailableReason(): string | null {
		return this.unavailable()?.reason ?? null;
	}

	private unavailable(): UnavailableRecord<ClaudeErrorCode> | null {
		if (!this.trusted) {
			return { code: 'UNTRUSTED', reason: UNTRUSTED_REASON };
		}
		const found = this.findBinary();
		if (!found) {
			return { code: 'CLI_MISSING', reason: new ClaudeNotFoundError(this.claudePath).message };
		}
		// The binary is there but does not run (a broken install, the wrong architecture).
		return this.version?.path === found && this.version.failure ? { code: 'CLI_FAILED', reason: this.version.failure } : null;
	}

	/** Where the CLI is; looked up again a while after it was missing (it may get installed). */
	private findBinary(): string | undefined {
		const now = Date.now();
		if (!this.binary || (!this.binary.path && now - this.binary.checkedAt > RECHECK_MISSING_MS)) {
			this.binary = { path: findExecutable(this.claudePath, this.settings.env ?? process.env), checkedAt: now };
			// Someone asked and the answer changed (the CLI got installed): tell the listeners, after this read.
			queueMicrotask(() => this.checkAvailability());
		}
		return this.binary.path;
	}

	/**
	 * Availability with its code and the CLI found. The CLI's version is asked once per binary,
	 * in the background (only in a trusted workspace: it starts the CLI); until it answers,
	 * `version` is null and {@link onDidChangeAvailability} fires when it does.
	 */
	status(): ClaudeStatusRecord {
		const unavailable = this.unavailable();
		const found = this.trusted ? this.findBinary() : undefined;
		if (found && this.version?.path !== found) {
			this.askVersion(found);
		}
		return {
			available: unavailable === null,
			code: unavailable?.code ?? null,
			reason: unavailable?.reason ?? null,
			path: found ?? null,
			version: found && this.version?.path === found ? this.version.text : null,
			signIn: found ? claudeSignIn(this.settings.env ?? process.env) : null,
		};
	}

	private askVersion(binary: string): void {
		this.version = { path: binary, text: null };
		execFile(binary, ['--version'], { env: this.settings.env ?? process.env, timeout: 15_000, windowsHide: true }, (err, stdout) => {
			if (this.isDisposed || this.version?.path !== binary) {
				return;
			}
			this.version = err
				? { path: binary, text: null, failure: `${binary} --version failed: ${err.message.split('\n')[0]}` }
				: { path: binary, text: stdout.toString().trim().split('\n')[0] || null };
			// The status changed (a version, or a failure) even where the reason did not: tell the faces once.
			this.lastReason = this.unavailableReason;
			this._onDidChangeAvailability.fire(this.lastReason);
		});
	}

	private get claudePath(): string {
		return this.settings.claudePath || 'claude';
	}

	/** Applies changed settings to later runs and looks for the CLI again. */
	configure(settings: ClaudeAgentRunsSettings): void {
		this.settings = { ...this.settings, ...settings };
		const { claudePath, env, timeoutMs, defaults, concurrency, dailyBudgetUsd } = this.settings;
		this.queue?.configure({ claudePath, env, timeoutMs, defaults, dailyBudgetUsd });
		if (this.queue && concurrency !== undefined) {
			this.queue.concurrency = concurrency;
		}
		this.binary = undefined;
		this.checkAvailability();
	}

	/** Workspace trust was granted (or revoked): runs may start from now on. */
	setTrusted(trusted: boolean): void {
		this.trusted = trusted;
		this.checkAvailability();
	}

	private checkAvailability(): void {
		if (this.isDisposed) {
			return;
		}
		const reason = this.unavailableReason;
		if (this.lastReason !== undefined && reason !== this.lastReason) {
			this._onDidChangeAvailability.fire(reason);
		}
		this.lastReason = reason;
	}

	private onRunChanged(run: AgentRun): void {
		if (run.status === 'FAILED' && !run.sessionId) {
			// A run that never opened a session may have found no CLI: look again before the next one.
			this.binary = undefined;
			this.checkAvailability();
		}
		this._onDidChangeRun.fire(toRecord(run));
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
		const runs = this.requireFleet(id) && this.fleetRuns(id).filter((r) => !isTerminal(r.status));
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

	private worktreeOf(runId: string): { run: AgentRun; worktree: RunWorktree } | undefined {
		const run = this.queue?.get(runId);
		return run?.worktree ? { run, worktree: run.worktree } : undefined;
	}

	private location(run: AgentRun, worktree: RunWorktree) {
		return { path: worktree.path, branch: worktree.branch, baseCommit: worktree.baseCommit, repositoryPath: run.repositoryPath };
	}

	async worktreeChanges(runId: string): Promise<readonly WorktreeFileChangeRecord[]> {
		const found = this.worktreeOf(runId);
		if (!found || found.worktree.state !== 'ACTIVE' || !this.options.worktrees) {
			return [];
		}
		return this.options.worktrees.changes(this.location(found.run, found.worktree));
	}

	async worktreeDiff(runId: string): Promise<string> {
		const found = this.worktreeOf(runId);
		if (!found || found.worktree.state !== 'ACTIVE' || !this.options.worktrees) {
			return '';
		}
		return this.options.worktrees.diff(this.location(found.run, found.worktree));
	}

	/** The run's worktree, which must still be there, of a run that has ended. */
	private async reviewable(runId: string): Promise<{ queue: RunQueue; run: AgentRun; worktree: RunWorktree; source: AgentWorktreeSource }> {
		const queue = await this.requireQueue();
		const run = queue.get(runId);
		if (!run) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent run ${runId}`);
		}
		if (!run.worktree || !this.options.worktrees) {
			throw new SourceError('CLAUDE', 'CONFLICT', 'This run worked in place: it has no worktree.');
		}
		if (run.worktree.state !== 'ACTIVE') {
			throw new SourceError('CLAUDE', 'CONFLICT', `This run's worktree was already ${run.worktree.state.toLowerCase()}.`);
		}
		// A resumed run works in the same worktree: none of them may still be going.
		if (this.runs.some((r) => r.worktree?.path === run.worktree?.path && !isTerminal(r.status))) {
			throw new SourceError('CLAUDE', 'CONFLICT', 'A run is still working in this worktree: wait for it to finish or cancel it first.');
		}
		return { queue, run, worktree: run.worktree, source: this.options.worktrees };
	}

	private commitMessageOf(run: AgentRun): string {
		const subject = run.prompt.split('\n').find((l) => l.trim())?.trim() ?? 'agent run';
		return `${subject.length > 60 ? `${subject.slice(0, 59)}…` : subject}\n\nMade by agent run ${run.id} on ${run.worktree?.branch ?? 'its branch'}.`;
	}

	/** Sets the worktree's new state on every run that worked in it (a run and its resumptions). */
	private markWorktree(queue: RunQueue, worktree: RunWorktree, next: RunWorktree): void {
		for (const r of this.runs.filter((x) => x.worktree?.path === worktree.path)) {
			queue.setWorktree(r.id, next);
		}
	}

	async mergeRun(runId: string, mode: AgentMergeMode): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		const location = this.location(run, worktree);
		const mergeCommit = await source.merge(location, mode, this.commitMessageOf(run));
		// Merged: the branch is in the user's branch now, so worktree and branch can go.
		await source.discard(location);
		this.markWorktree(queue, worktree, { ...worktree, state: 'MERGED', mergeCommit });
		return toRecord(queue.get(runId) ?? run);
	}

	async keepRunBranch(runId: string): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		await source.keep(this.location(run, worktree), this.commitMessageOf(run));
		this.markWorktree(queue, worktree, { ...worktree, state: 'KEPT' });
		return toRecord(queue.get(runId) ?? run);
	}

	async discardRun(runId: string): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		await source.discard(this.location(run, worktree));
		this.markWorktree(queue, worktree, { ...worktree, state: 'DISCARDED' });
		return toRecord(queue.get(runId) ?? run);
	}

	async storedWorktrees(): Promise<readonly StoredWorktreeRecord[]> {
		const listed = (await this.options.worktrees?.list()) ?? [];
		const owner = new Map<string, string>();
		for (const r of this.runs) {
			// The first run that made it (resumptions share it).
			if (r.worktree?.state === 'ACTIVE' && !owner.has(r.worktree.path)) {
				owner.set(r.worktree.path, r.id);
			}
		}
		return listed.map((w) => ({ ...w, runId: owner.get(w.path) ?? null }));
	}

	async cleanWorktrees(): Promise<number> {
		const source = this.options.worktrees;
		const orphans = (await this.storedWorktrees()).filter((w) => w.runId === null);
		for (const w of orphans) {
			await source?.discard(w);
		}
		return orphans.length;
	}

	/** Stops a run and resolves once it has ended; a finished run is returned as it is. */
	async cancel(id: string): Promise<AgentRunRecord> {
		const queue = await this.requireQueue();
		if (!queue.get(id)) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent run ${id}`);
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
					suggestion = this.suggest(queue, repo, signal);
					byRepo.set(repo, suggestion);
				}
				return suggestion;
			}),
		);
		// Rows that finished before the abort are dropped too: the caller asked to stop, not for a part.
		throwIfCancelled(signal);
		return rows;
	}

	private async suggest(queue: RunQueue, repo: string, signal: AbortSignal | undefined): Promise<CommitMessageSuggestionRecord> {
		const row = (fields: Partial<CommitMessageSuggestionRecord>): CommitMessageSuggestionRecord => ({ repositoryPath: repo, message: null, error: null, paths: null, runId: null, ...fields });
		let runId: string | null = null;
		let paths: string[] | null = null;
		try {
			const input = await readCommitMessageInput(this.options.git, repo);
			if (!input) {
				return row({ error: 'Nothing to commit: the working tree is clean.' });
			}
			if (signal?.aborted) {
				return row({ error: 'The run was cancelled.' });
			}
			paths = input.paths ? [...input.paths] : null;
			const prompt = await this.commitMessagePrompt(repo, input);
			const id = queue.start(repo, prompt, COMMIT_MESSAGE_RUN).id;
			runId = id;
			const stop = () => queue.cancel(id);
			signal?.addEventListener('abort', stop, { once: true });
			let done: AgentRun;
			try {
				// Resolves once the run has ended: after a cancel, its processes are gone.
				done = await queue.whenFinished(id);
			} finally {
				signal?.removeEventListener('abort', stop);
			}
			if (done.status !== 'SUCCEEDED') {
				return row({ runId, paths, error: done.error ?? (done.status === 'CANCELLED' ? 'The run was cancelled.' : 'The run failed.') });
			}
			return row({ runId, paths, message: cleanCommitMessage(done.result) });
		} catch (err) {
			return row({ runId, paths, error: err instanceof Error ? err.message : String(err) });
		}
	}

	/**
	 * The built-in commit-message prompt, or the user's `commit-message` template (a workspace
	 * file or a setting) filled in with the same changes.
	 */
	private async commitMessagePrompt(repo: string, input: CommitMessageInput): Promise<string> {
		const override = (await this.promptTemplates()).find((t) => t.name === COMMIT_MESSAGE_TEMPLATE && t.source !== 'BUILT_IN');
		if (!override) {
			return buildCommitMessagePrompt({ ...input, repositoryName: path.basename(repo) }).prompt;
		}
		const changedFiles = [...splitDiff(input.diff).map((f) => `- ${summariseFile(f)}`), ...input.untracked.map((p) => `- ${p}: new file`)].join('\n');
		const values = await placeholderValues(this.options.git, repo, override.body, { changedFiles, diff: input.diff.slice(0, DEFAULT_MAX_DIFF_CHARS) });
		return renderTemplate(override.body, values);
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
