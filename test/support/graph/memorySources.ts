import { Emitter } from '../../../src/common/event';
import { SourceError, type ClaudeErrorCode, type GitHubErrorCode } from '../../../src/schema/contracts/sourceError';
import type { RepositoryState } from '../../../src/schema/contracts/repos';
import {
	CANCELLED_MESSAGE, type ClaudeStatusRecord, type AgentRunEventRecord, type AgentRunRecord, type AgentRunsSource, type CommitMessageSuggestionRecord, type AgentFleetRecord, type AgentUsageRecord,
	type PromptTemplateRecord, type StoredWorktreeRecord, type WorktreeFileChangeRecord,
} from '../../../src/schema/contracts/agentRuns';
import type { ReposSource } from '../../../src/schema/contracts/repos';
import {
	type DispatchRequest,
	type DispatchResultRecord,
	type GitHubActorRecord,
	type GitHubRepositoryInfo,
	type WorkflowInputRecord,
	type WorkflowJobRecord,
	type WorkflowRecord,
	type WorkflowRunRecord,
	type WorkflowsSource,
	type WorkflowsStatusRecord,
} from '../../../src/schema/contracts/workflows';

/**
 * Typed in-memory sources for schema-level tests: they exercise the stitch, the gateway and the
 * bridge without the adapters. Tests of the adapters themselves use real git, the GitHub stand-in
 * and the real `claude` CLI.
 */

/** Builds a {@link RepositoryState} with clean defaults. */
export function repoState(path: string, overrides: Partial<RepositoryState> = {}): RepositoryState {
	return {
		path,
		name: path.split('/').pop() ?? path,
		kind: 'ROOT',
		parentPath: null,
		initialized: true,
		branch: 'main',
		detached: false,
		headSha: 'a'.repeat(40),
		upstream: 'origin/main',
		ahead: 0,
		behind: 0,
		stashes: 0,
		changes: [],
		submoduleChanges: [],
		remotes: [],
		error: null,
		errorCode: null,
		updatedAt: Date.UTC(2026, 0, 1),
		...overrides,
	};
}

/** A {@link ReposSource} over a fixed list; `update` fires the change event like the git model. */
export class MemoryRepos implements ReposSource {
	private readonly _onDidChangeRepository = new Emitter<RepositoryState>();
	readonly onDidChangeRepository = this._onDidChangeRepository.event;
	scans = 0;

	constructor(public repositories: RepositoryState[]) {}

	get(path: string): RepositoryState | undefined {
		return this.repositories.find((r) => r.path === path);
	}

	async scan(): Promise<void> {
		this.scans++;
	}

	async refresh(path: string): Promise<RepositoryState | undefined> {
		return this.get(path);
	}

	update(state: RepositoryState): void {
		this.repositories = this.repositories.map((r) => (r.path === state.path ? state : r));
		this._onDidChangeRepository.fire(state);
	}

	get listenerCount(): number {
		return this._onDidChangeRepository.listenerCount;
	}
}

/** Builds a {@link WorkflowRunRecord}. */
export function workflowRun(repositoryPath: string, overrides: Partial<WorkflowRunRecord> = {}): WorkflowRunRecord {
	return {
		id: '1',
		runNumber: 1,
		workflowName: 'CI',
		status: 'COMPLETED',
		conclusion: 'SUCCESS',
		event: 'push',
		branch: 'main',
		headSha: 'a'.repeat(40),
		url: 'https://github.com/o/r/actions/runs/1',
		createdAt: '2026-01-01T00:00:00Z',
		updatedAt: '2026-01-01T00:01:00Z',
		actor: { login: 'octocat', avatarUrl: null },
		triggeringActor: { login: 'octocat', avatarUrl: null },
		repositoryPath,
		...overrides,
	};
}

/** A {@link WorkflowsSource} over fixed data; counts batched lookups so tests can assert no N+1. */
export class MemoryWorkflows implements WorkflowsSource {
	private readonly _onDidChangeRun = new Emitter<WorkflowRunRecord>();
	readonly onDidChangeRun = this._onDidChangeRun.event;
	unavailableReason: string | null = null;
	/** The code reported while {@link unavailableReason} is set. */
	unavailableCode: GitHubErrorCode = 'SIGNED_OUT';
	batchCalls = 0;
	/** The signed-in account `viewer()` answers with. */
	viewerRecord: GitHubActorRecord | null = { login: 'octocat', avatarUrl: null };

	constructor(
		private readonly github: Map<string, GitHubRepositoryInfo>,
		private readonly allRuns: WorkflowRunRecord[],
	) {}

	async repositoriesByPath(paths: readonly string[]): Promise<ReadonlyArray<GitHubRepositoryInfo | null>> {
		this.batchCalls++;
		return paths.map((p) => this.github.get(p) ?? null);
	}

	latestRun(repositoryPath: string): WorkflowRunRecord | null {
		return this.allRuns.find((r) => r.repositoryPath === repositoryPath) ?? null;
	}

	async runs(repositoryPath: string, options: { first: number }): Promise<readonly WorkflowRunRecord[]> {
		return this.allRuns.filter((r) => r.repositoryPath === repositoryPath).slice(0, options.first);
	}

	recentRuns(first: number): readonly WorkflowRunRecord[] {
		return [...this.allRuns].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, first);
	}

	/** Workflow files by repository path, for tests that set them. */
	readonly workflowFiles = new Map<string, WorkflowRecord[]>();
	/** Dispatch inputs by `repositoryPath workflowPath`. */
	readonly inputs = new Map<string, WorkflowInputRecord[] | null>();
	/** Jobs by run id. */
	readonly jobsByRun = new Map<string, WorkflowJobRecord[]>();
	/** Dispatches asked for, in order. */
	readonly dispatched: Array<{ repositoryPath: string; request: DispatchRequest }> = [];

	async workflows(repositoryPath: string): Promise<readonly WorkflowRecord[]> {
		return this.workflowFiles.get(repositoryPath) ?? [];
	}

	async dispatchInputs(repositoryPath: string, workflowPath: string): Promise<readonly WorkflowInputRecord[] | null> {
		return this.inputs.get(`${repositoryPath} ${workflowPath}`) ?? null;
	}

	async jobs(_repositoryPath: string, runId: string): Promise<readonly WorkflowJobRecord[]> {
		return this.jobsByRun.get(runId) ?? [];
	}

	async run(repositoryPath: string, runId: string): Promise<WorkflowRunRecord | null> {
		return this.allRuns.find((r) => r.id === runId && r.repositoryPath === repositoryPath) ?? null;
	}

	/** Job logs by job id, for tests that set them. */
	readonly logs = new Map<string, string>();

	async jobLog(_repositoryPath: string, jobId: string): Promise<string> {
		const text = this.logs.get(jobId);
		if (text === undefined) {
			throw new SourceError('GITHUB', 'NOT_FOUND', `No log for job ${jobId}`);
		}
		return text;
	}

	async dispatch(repositoryPath: string, request: DispatchRequest): Promise<DispatchResultRecord> {
		this.dispatched.push({ repositoryPath, request });
		return { repositoryPath, workflow: request.workflow, ref: request.ref ?? 'main', run: null };
	}

	async cancelRun(repositoryPath: string, runId: string): Promise<WorkflowRunRecord> {
		return this.changeRun(repositoryPath, runId, { status: 'COMPLETED', conclusion: 'CANCELLED' });
	}

	async rerunRun(repositoryPath: string, runId: string): Promise<WorkflowRunRecord> {
		return this.changeRun(repositoryPath, runId, { status: 'QUEUED', conclusion: null });
	}

	/** The pushes the graph said were made, in order. */
	readonly pushesExpected: Array<{ repositoryPath: string; headSha: string }> = [];

	expectPush(repositoryPath: string, headSha: string): void {
		this.pushesExpected.push({ repositoryPath, headSha });
	}

	async viewer(): Promise<GitHubActorRecord | null> {
		return this.viewerRecord;
	}

	status(): WorkflowsStatusRecord {
		return {
			available: this.unavailableReason === null,
			code: this.unavailableReason === null ? null : this.unavailableCode,
			reason: this.unavailableReason,
			retryAt: null,
			stale: null,
			lastPolledAt: null,
			paused: false,
			pollIntervalSeconds: null,
			rateLimits: [],
		};
	}

	private changeRun(repositoryPath: string, runId: string, change: Partial<WorkflowRunRecord>): WorkflowRunRecord {
		const index = this.allRuns.findIndex((r) => r.id === runId && r.repositoryPath === repositoryPath);
		if (index === -1) {
			throw new SourceError('GITHUB', 'NOT_FOUND', `No run ${runId} in ${repositoryPath}`);
		}
		const run = { ...this.allRuns[index], ...change };
		this.allRuns[index] = run;
		this.fire(run);
		return run;
	}

	fire(run: WorkflowRunRecord): void {
		this._onDidChangeRun.fire(run);
	}
}

/** Builds an {@link AgentRunRecord}. */
export function agentRun(repositoryPath: string, overrides: Partial<AgentRunRecord> = {}): AgentRunRecord {
	return {
		id: 'run-1',
		repositoryPath,
		prompt: 'Explain this repository',
		status: 'SUCCEEDED',
		sessionId: 'session-1',
		costUsd: 0.01,
		durationMs: 900,
		numTurns: 1,
		result: 'It is a library.',
		error: null,
		parentId: null,
		model: 'claude-sonnet',
		createdAt: Date.UTC(2026, 0, 1),
		startedAt: Date.UTC(2026, 0, 1),
		finishedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
		...overrides,
	};
}

/** An {@link AgentRunsSource} over fixed runs; `emit` streams an event as the run queue does. */
export class MemoryAgentRuns implements AgentRunsSource {
	private readonly _onDidChangeRun = new Emitter<AgentRunRecord>();
	readonly onDidChangeRun = this._onDidChangeRun.event;
	private readonly _onDidReceiveEvent = new Emitter<AgentRunEventRecord>();
	readonly onDidReceiveEvent = this._onDidReceiveEvent.event;
	unavailableReason: string | null = null;
	/** The code reported while {@link unavailableReason} is set. */
	unavailableCode: ClaudeErrorCode = 'CLI_MISSING';
	status(): ClaudeStatusRecord {
		return this.unavailableReason === null
			? { available: true, code: null, reason: null, path: '/usr/bin/claude', version: '1.0.0 (Claude Code)', signIn: 'API_KEY' }
			: { available: false, code: this.unavailableCode, reason: this.unavailableReason, path: null, version: null, signIn: null };
	}

	constructor(private readonly runs: AgentRunRecord[]) {}

	list(first: number): readonly AgentRunRecord[] {
		return this.runs.slice(0, first);
	}
	get(id: string): AgentRunRecord | undefined {
		return this.runs.find((r) => r.id === id);
	}
	forRepository(path: string): readonly AgentRunRecord[] {
		return this.runs.filter((r) => r.repositoryPath === path);
	}
	async events(): Promise<readonly AgentRunEventRecord[]> {
		return [];
	}
	async start(): Promise<AgentRunRecord> {
		throw new Error('not supported by the in-memory source');
	}
	cancel = this.start;
	retry = this.start;
	resume = this.start;
	startFrom = this.start;
	mergeRun = this.start;
	keepRunBranch = this.start;
	discardRun = this.start;
	async startFleet(): Promise<AgentFleetRecord> {
		throw new Error('not supported by the in-memory source');
	}
	cancelFleet = this.startFleet;
	retryFleet = this.startFleet;
	/** Fleets of the records that carry a `fleetId`, newest first. */
	fleets(first: number): readonly AgentFleetRecord[] {
		const ids = [...new Set(this.runs.map((r) => r.fleetId).filter((id): id is string => !!id))];
		return ids.map((id) => this.fleet(id)).filter((f): f is AgentFleetRecord => !!f).slice(0, first);
	}
	fleet(id: string): AgentFleetRecord | undefined {
		const runs = this.runs.filter((r) => r.fleetId === id);
		if (runs.length === 0) {
			return undefined;
		}
		const count = (status: string) => runs.filter((r) => r.status === status).length;
		return {
			id, prompt: runs[0].prompt, createdAt: runs[0].createdAt, runIds: runs.map((r) => r.id),
			queued: count('QUEUED'), running: count('RUNNING'), succeeded: count('SUCCEEDED'), failed: count('FAILED'), cancelled: count('CANCELLED'),
			budgetExceeded: count('BUDGET_EXCEEDED'), costUsd: runs.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
			finished: runs.every((r) => r.status !== 'QUEUED' && r.status !== 'RUNNING'),
		};
	}
	/** Every record counts as today's. */
	usage(): AgentUsageRecord {
		const sum = (pick: (r: AgentRunRecord) => number | null | undefined) => this.runs.reduce((total, r) => total + (pick(r) ?? 0), 0);
		return {
			today: { day: 'today', costUsd: sum((r) => r.costUsd), runs: this.runs.length, tokensIn: sum((r) => r.tokensIn), tokensOut: sum((r) => r.tokensOut) },
			repositories: [],
			dailyBudgetUsd: null,
			remainingTodayUsd: null,
		};
	}
	async worktreeChanges(): Promise<readonly WorktreeFileChangeRecord[]> {
		return [];
	}
	async worktreeDiff(): Promise<string> {
		return '';
	}
	async storedWorktrees(): Promise<readonly StoredWorktreeRecord[]> {
		return [];
	}
	async cleanWorktrees(): Promise<number> {
		return 0;
	}
	async promptTemplates(): Promise<readonly PromptTemplateRecord[]> {
		return [];
	}

	/** Suggestions by repository path, for tests that set them; others get an error row. */
	readonly suggestions = new Map<string, string>();

	/** While true, suggestions wait for their signal to abort (as slow runs would) and then reject CANCELLED. */
	holdSuggestions = false;
	/** The signal of the last `generateCommitMessages` call. */
	lastSignal: AbortSignal | undefined;

	async generateCommitMessages(paths: readonly string[], signal?: AbortSignal): Promise<readonly CommitMessageSuggestionRecord[]> {
		this.lastSignal = signal;
		if (this.holdSuggestions && signal && !signal.aborted) {
			await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
		}
		if (signal?.aborted) {
			throw new SourceError('CLAUDE', 'CANCELLED', CANCELLED_MESSAGE);
		}
		return paths.map((repositoryPath) => {
			const message = this.suggestions.get(repositoryPath) ?? null;
			return { repositoryPath, message, error: message ? null : 'Nothing to commit.', paths: null, runId: null };
		});
	}

	emit(e: AgentRunEventRecord): void {
		this._onDidReceiveEvent.fire(e);
	}

	get eventListenerCount(): number {
		return this._onDidReceiveEvent.listenerCount;
	}
}
