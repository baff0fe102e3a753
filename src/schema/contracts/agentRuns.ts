/**
 * The agent runs contract: Claude run records and the source the agent runs subschema reads and
 * drives. The Claude adapter implements it and fails only with a `SourceError` of domain `CLAUDE`.
 */
import type { Event } from '../../common/event';
import type { ClaudeErrorCode } from './sourceError';

/** Lifecycle of an agent run. `BUDGET_EXCEEDED`: stopped at its cost cap, not an error. */
export type AgentRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'BUDGET_EXCEEDED';

/** Where a run works: a worktree of its own on branch `agent/<short id>`, or the user's working tree. */
export type AgentRunIsolation = 'WORKTREE' | 'IN_PLACE';

/** What became of a run's worktree: still there to review, merged, kept as a branch, or discarded. */
export type AgentWorktreeState = 'ACTIVE' | 'MERGED' | 'KEPT' | 'DISCARDED';

/** How a worktree's branch is brought into the user's branch. Never a force. */
export type AgentMergeMode = 'FAST_FORWARD' | 'MERGE_COMMIT';

/** The worktree of a `WORKTREE` run. */
export interface AgentRunWorktreeRecord {
	path: string;
	branch: string;
	/** The commit the branch started from: its changes are measured against it. */
	baseCommit: string;
	state: AgentWorktreeState;
	/** The repository's HEAD after the merge; null unless MERGED. */
	mergeCommit: string | null;
}

/** One Claude run as the run queue records it. */
export interface AgentRunRecord {
	id: string;
	repositoryPath: string;
	prompt: string;
	status: AgentRunStatus;
	sessionId: string | null;
	costUsd: number | null;
	durationMs: number | null;
	numTurns: number | null;
	result: string | null;
	error: string | null;
	/** The run this one retried or resumed. */
	parentId: string | null;
	/** Assistant text so far (its tail), for live progress; absent where the source keeps none. */
	output?: string | null;
	model: string | null;
	createdAt: number;
	startedAt: number | null;
	finishedAt: number | null;
	/** `IN_PLACE` for runs recorded before isolation existed. */
	isolation?: AgentRunIsolation;
	worktree?: AgentRunWorktreeRecord | null;
	/** The fleet the run was started in, if any. */
	fleetId?: string | null;
	/** The run's cost cap; null for none. */
	maxBudgetUsd?: number | null;
	/** Input tokens billed (cache reads and writes included); null until the run reports them. */
	tokensIn?: number | null;
	tokensOut?: number | null;
}

/** Runs started together on several repositories, with their roll-up. */
export interface AgentFleetRecord {
	id: string;
	prompt: string;
	createdAt: number;
	/** Every run of the fleet, retries included, oldest first. */
	runIds: string[];
	/** Counts over the latest attempt per repository (a retried run counts as its retry). */
	queued: number;
	running: number;
	succeeded: number;
	failed: number;
	cancelled: number;
	budgetExceeded: number;
	/** What every run of the fleet cost, retried attempts included. */
	costUsd: number;
	/** No run of the fleet is queued or running. */
	finished: boolean;
}

/** What runs cost over a period. */
export interface AgentUsagePeriodRecord {
	/** `YYYY-MM-DD`, local time. */
	day: string;
	costUsd: number;
	runs: number;
	tokensIn: number;
	tokensOut: number;
}

/** What one repository's runs cost today. */
export interface AgentRepositoryUsageRecord extends AgentUsagePeriodRecord {
	repositoryPath: string;
}

/** Spend of agent runs: today's, by repository, and against the daily cap. */
export interface AgentUsageRecord {
	today: AgentUsagePeriodRecord;
	repositories: AgentRepositoryUsageRecord[];
	/** The workspace's cap per day; null for none. */
	dailyBudgetUsd: number | null;
	/** What is left of it today; null without a cap. */
	remainingTodayUsd: number | null;
}

/** One changed file of a worktree against its base. */
export interface WorktreeFileChangeRecord {
	path: string;
	/** `ADDED`, `MODIFIED`, `DELETED`, `TYPE_CHANGED` or `UNTRACKED`. */
	status: string;
}

/** A worktree of ours as git lists it. */
export interface AgentWorktreeLocation {
	path: string;
	branch: string;
	baseCommit: string;
	repositoryPath: string;
}

/** A worktree in our storage, with the run that made it (null when no run record claims it: left by a crash). */
export interface StoredWorktreeRecord extends AgentWorktreeLocation {
	runId: string | null;
}

/**
 * The git side of isolation, given to the Claude adapter by whoever composes the graph (the
 * adapter never imports git). Failures are `SourceError`s of domain `REPOS`.
 */
export interface AgentWorktreeSource {
	/** A new worktree of `repositoryPath` on the new branch `branch`, from HEAD. */
	create(repositoryPath: string, branch: string, signal?: AbortSignal): Promise<AgentWorktreeLocation>;
	/** Every worktree of ours, of every repository of the workspace. */
	list(): Promise<AgentWorktreeLocation[]>;
	changes(worktree: AgentWorktreeLocation): Promise<WorktreeFileChangeRecord[]>;
	diff(worktree: AgentWorktreeLocation): Promise<string>;
	/** Commits pending work, merges into the repository's branch; resolves with its new HEAD. */
	merge(worktree: AgentWorktreeLocation, mode: AgentMergeMode, commitMessage: string): Promise<string>;
	/** Commits pending work and removes the folder, keeping the branch. */
	keep(worktree: AgentWorktreeLocation, commitMessage: string): Promise<void>;
	/** Removes folder and branch. */
	discard(worktree: AgentWorktreeLocation): Promise<void>;
}

/** A named prompt with placeholders. */
export interface PromptTemplateRecord {
	name: string;
	description: string | null;
	/** `BUILT_IN`, `WORKSPACE` (a `.vscode/meta-gothic/prompts/*.md` file) or `SETTINGS`. */
	source: 'BUILT_IN' | 'WORKSPACE' | 'SETTINGS';
	body: string;
	/** The file of a workspace template. */
	path: string | null;
}

/** One event of a run's stream, flattened for transport. */
export interface AgentRunEventRecord {
	runId: string;
	/** Position in the run's stream, from 0. */
	seq: number;
	/** `system`, `assistant`, `user`, `stream_event`, `result`, `stderr` or `raw`. */
	type: string;
	/** Human-readable text of the event, when it has any. */
	text: string | null;
	/** The event as the CLI printed it, JSON-encoded. */
	json: string;
	at: number;
}

/** Options a caller may set on a new run; unset ones come from the user's settings. */
export interface AgentRunOptions {
	model?: string | null;
	maxTurns?: number | null;
	permissionMode?: string | null;
	allowedTools?: string[] | null;
	appendSystemPrompt?: string | null;
	/** Default: the setting (`IN_PLACE` unless changed). */
	isolation?: AgentRunIsolation | null;
	/** The run's cost cap in dollars; default: the setting. 0 for none. */
	maxBudgetUsd?: number | null;
}

/** How a run's prompt is made: given text, or a template filled in per repository. */
export interface AgentPromptInput {
	prompt?: string | null;
	template?: string | null;
	/** Values for placeholders git cannot fill (`failingLog`), by name. */
	variables?: readonly { name: string; value: string }[] | null;
}

/** A commit message suggested for one repository; exactly one of `message` and `error` is set. */
export interface CommitMessageSuggestionRecord {
	repositoryPath: string;
	/** The cleaned message, ready to edit and commit. */
	message: string | null;
	/** Why there is no message (nothing to commit, the run failed, Claude answered nothing). */
	error: string | null;
	/** The files the message describes (the staged ones); null when it describes every change. */
	paths: string[] | null;
	/** The run that wrote the message; null when none was started. */
	runId: string | null;
}

/** Why `generateCommitMessages` rejects when its signal aborts. */
export const CANCELLED_MESSAGE = 'Cancelled: no commit message was written.';

/** Whether agent runs can start, as `claudeStatus` reports it. */
export interface ClaudeStatusRecord {
	available: boolean;
	/** Why not: `CLI_MISSING`, `CLI_FAILED`, `UNTRUSTED`; null when runs can start. */
	code: ClaudeErrorCode | null;
	reason: string | null;
	/** The CLI that runs would use, when it was found. */
	path: string | null;
	/** What `claude --version` printed, when it was asked. */
	version: string | null;
	/** How the CLI would sign in (`API_KEY`, `AUTH_TOKEN`, `OAUTH_TOKEN`, `CREDENTIALS`); null when it found no way, or was not found. */
	signIn: string | null;
}

/** How a person answers a permission request: this call, every call of the tool in the run, or no. */
export type PermissionDecisionValue = 'ALLOW_ONCE' | 'ALLOW_RUN' | 'DENY';

/** Every {@link PermissionDecisionValue}, the single list the schema enum is made from. */
export const PERMISSION_DECISION_VALUES: readonly PermissionDecisionValue[] = ['ALLOW_ONCE', 'ALLOW_RUN', 'DENY'];

/** A tool call a running agent was not allowed to make, waiting for an answer. */
export interface PermissionRequestRecord {
	id: string;
	runId: string;
	repositoryPath: string;
	/** The CLI's tool name: `Bash`, `Edit`, `WebFetch`… */
	tool: string;
	/** One line of plain text saying what the call would do, capped in length. */
	inputSummary: string;
	requestedAt: number;
}

/**
 * The permission inbox of running agents. An unanswered request is denied at the timeout or when
 * its run ends, never allowed.
 */
export interface AgentPermissionsSource {
	/** Pending requests, oldest first. */
	requests(): readonly PermissionRequestRecord[];
	/** Answers a pending request; rejects with `NOT_FOUND` when it was answered, timed out or its run ended. */
	answer(id: string, decision: PermissionDecisionValue): PermissionRequestRecord;
	/** Fires with the pending requests whenever one arrives or is settled. */
	readonly onDidChangeRequests: Event<readonly PermissionRequestRecord[]>;
}

/** What the agent runs subschema reads and drives: the Claude run queue. Mutations reject with a `SourceError` of domain `CLAUDE`. */
export interface AgentRunsSource {
	/** Why runs cannot start (no `claude` binary, untrusted workspace…), or null when they can. */
	readonly unavailableReason: string | null;
	/** Availability with its code, and the CLI found; never fails. */
	status(): ClaudeStatusRecord;
	list(first: number): readonly AgentRunRecord[];
	get(id: string): AgentRunRecord | undefined;
	forRepository(path: string): readonly AgentRunRecord[];
	events(id: string): Promise<readonly AgentRunEventRecord[]>;
	start(repositoryPath: string, prompt: string, options?: AgentRunOptions): Promise<AgentRunRecord>;
	cancel(id: string): Promise<AgentRunRecord>;
	retry(id: string): Promise<AgentRunRecord>;
	resume(id: string, prompt: string): Promise<AgentRunRecord>;
	/**
	 * One suggestion per repository, in the order given; a failure is reported in its row, never dropped.
	 * When `signal` aborts, every run it started is cancelled, none is started after, and once their
	 * processes are gone it rejects with code `CANCELLED` (partial suggestions are not returned).
	 */
	generateCommitMessages(repositoryPaths: readonly string[], signal?: AbortSignal): Promise<readonly CommitMessageSuggestionRecord[]>;
	readonly onDidChangeRun: Event<AgentRunRecord>;
	readonly onDidReceiveEvent: Event<AgentRunEventRecord>;

	/** Starts a run from a prompt or from a template filled in for the repository. */
	startFrom(repositoryPath: string, input: AgentPromptInput, options?: AgentRunOptions): Promise<AgentRunRecord>;
	/** Starts one run per repository under one fleet (the queue's concurrency bounds them). */
	startFleet(repositoryPaths: readonly string[], prompt: AgentPromptInput, options?: AgentRunOptions): Promise<AgentFleetRecord>;
	/** Fleets, newest first. */
	fleets(first: number): readonly AgentFleetRecord[];
	fleet(id: string): AgentFleetRecord | undefined;
	/** Cancels every queued and running run of the fleet; resolves once they have ended. */
	cancelFleet(id: string): Promise<AgentFleetRecord>;
	/** Retries the fleet's failed runs (the latest attempt per repository). */
	retryFleet(id: string): Promise<AgentFleetRecord>;
	/** Today's spend, by repository, against the daily cap. */
	usage(): AgentUsageRecord;
	/** A `WORKTREE` run's changes against its base; empty for any other run. */
	worktreeChanges(runId: string): Promise<readonly WorktreeFileChangeRecord[]>;
	/** A `WORKTREE` run's unified diff against its base; empty for any other run. */
	worktreeDiff(runId: string): Promise<string>;
	/** Merges a finished run's worktree into the repository's branch, then removes the worktree. */
	mergeRun(runId: string, mode: AgentMergeMode): Promise<AgentRunRecord>;
	/** Keeps a finished run's branch (its work committed) and removes the worktree folder. */
	keepRunBranch(runId: string): Promise<AgentRunRecord>;
	/** Removes a finished run's worktree and branch. */
	discardRun(runId: string): Promise<AgentRunRecord>;
	/** Every worktree in our storage, with the run that made it. */
	storedWorktrees(): Promise<readonly StoredWorktreeRecord[]>;
	/** Removes the worktrees no run record claims (left by a crash); resolves with how many. */
	cleanWorktrees(): Promise<number>;
	/** The templates a run can start from: built-in, the workspace's files, the settings'. */
	promptTemplates(): Promise<readonly PromptTemplateRecord[]>;
	/** The permission inbox; absent where runs cannot ask (they are refused unallowed tools then). */
	readonly permissions?: AgentPermissionsSource;
}
