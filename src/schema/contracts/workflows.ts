/**
 * The workflows contract: GitHub Actions records and the source the workflows subschema reads.
 * The GitHub adapter implements it and fails only with a `SourceError` of domain `GITHUB`.
 */
import type { Event } from '../../common/event';
import type { GitHubErrorCode } from './sourceError';

/** GitHub's workflow run status vocabulary, upper-cased. */
export type WorkflowRunStatus = 'REQUESTED' | 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'WAITING' | 'PENDING';

/** GitHub's check conclusion vocabulary, upper-cased. */
export type WorkflowRunConclusion =
	| 'SUCCESS'
	| 'FAILURE'
	| 'NEUTRAL'
	| 'CANCELLED'
	| 'SKIPPED'
	| 'TIMED_OUT'
	| 'ACTION_REQUIRED'
	| 'STALE'
	| 'STARTUP_FAILURE';

/** GitHub's workflow state vocabulary, upper-cased. */
export type WorkflowState = 'ACTIVE' | 'DELETED' | 'DISABLED_FORK' | 'DISABLED_INACTIVITY' | 'DISABLED_MANUALLY';

/** The input types of `workflow_dispatch`, upper-cased. */
export type WorkflowInputType = 'STRING' | 'BOOLEAN' | 'NUMBER' | 'CHOICE' | 'ENVIRONMENT';

/** The GitHub repository a local repository maps to through its remotes. */
export interface GitHubRepositoryInfo {
	repositoryPath: string;
	owner: string;
	name: string;
	defaultBranch: string | null;
	url: string;
	/** Why GitHub could not resolve the repository (renamed, deleted, no access), if it could not. */
	error?: string | null;
}

/** A GitHub account as a run or the credential names it. */
export interface GitHubActorRecord {
	login: string;
	/** Null where GitHub did not say (an answer that carries only the login). */
	avatarUrl: string | null;
}

/** One workflow run as cached by the poller. */
export interface WorkflowRunRecord {
	id: string;
	runNumber: number;
	workflowName: string;
	status: WorkflowRunStatus;
	conclusion: WorkflowRunConclusion | null;
	event: string;
	branch: string | null;
	headSha: string | null;
	url: string;
	createdAt: string;
	updatedAt: string;
	/** Who started the run: the pusher of a push, the caller of a dispatch; null where GitHub did not say. */
	actor: GitHubActorRecord | null;
	/** Who started the latest attempt (a re-run can be someone else's); null where GitHub did not say. */
	triggeringActor: GitHubActorRecord | null;
	/** Local path of the repository the run belongs to. */
	repositoryPath: string;
}

/** A workflow file of a repository. */
export interface WorkflowRecord {
	id: string;
	name: string;
	/** Path inside the repository, e.g. `.github/workflows/ci.yml`. */
	path: string;
	state: WorkflowState;
	url: string | null;
	/** Local path of the repository. */
	repositoryPath: string;
}

/** One input a manual run of a workflow asks for. */
export interface WorkflowInputRecord {
	name: string;
	type: WorkflowInputType;
	description: string | null;
	required: boolean;
	/** The default as GitHub would send it (`"true"` for a boolean). */
	default: string | null;
	/** The choices of a `choice` input; null for other types. */
	options: string[] | null;
}

/** One step of a job. */
export interface WorkflowStepRecord {
	number: number;
	name: string;
	status: WorkflowRunStatus;
	conclusion: WorkflowRunConclusion | null;
	/** ISO 8601; null until the step starts. */
	startedAt: string | null;
	/** ISO 8601; null until the step finishes. */
	completedAt: string | null;
}

/** One job of a run's latest attempt. */
export interface WorkflowJobRecord {
	id: string;
	name: string;
	status: WorkflowRunStatus;
	conclusion: WorkflowRunConclusion | null;
	startedAt: string | null;
	completedAt: string | null;
	url: string | null;
	steps: WorkflowStepRecord[];
}

/** What a dispatch did. */
export interface DispatchResultRecord {
	repositoryPath: string;
	/** The workflow's name. */
	workflow: string;
	ref: string;
	/** The run the dispatch started, when GitHub said which one. */
	run: WorkflowRunRecord | null;
}

/** What a dispatch asks for. */
export interface DispatchRequest {
	/** A workflow id, file name (`ci.yml`), path or name. */
	workflow: string;
	/** Branch or tag; the default branch when absent. */
	ref?: string | null;
	/** Input values by name, as text (`"true"` for a boolean). */
	inputs?: Readonly<Record<string, string>>;
}

/** The rate-limit budget of one GitHub resource. */
export interface RateLimitRecord {
	resource: string;
	/** Points of the current window (GitHub's is an hour). */
	limit: number;
	remaining: number;
	/** Points spent in the current window. */
	used: number;
	resetAt: string;
}

/** Whether GitHub can be used now, and how fresh the cache is. */
export interface WorkflowsStatusRecord {
	/** False when not signed in, the token was rejected, or a rate limit holds. */
	available: boolean;
	/** Why not, as a code: `SIGNED_OUT`, `UNAUTHORIZED`, `RATE_LIMITED`, `OFFLINE`, `UNTRUSTED`…; null when available. */
	code: GitHubErrorCode | null;
	/** Why GitHub cannot be used, for people (the source's `unavailableReason`). */
	reason: string | null;
	/** When a rate limit lifts (ISO 8601), while `code` is `RATE_LIMITED`. */
	retryAt: string | null;
	/** Set while polls fail but earlier results are still shown. */
	stale: string | null;
	/** When the last poll succeeded (ISO 8601). */
	lastPolledAt: string | null;
	/** True while polling is paused (e.g. the window is not focused). */
	paused: boolean;
	/** Seconds the poller waits between its last cycle and the next; null while it is not polling. */
	pollIntervalSeconds: number | null;
	rateLimits: RateLimitRecord[];
}

/**
 * What the workflows subschema reads: the GitHub poller's cache. Reads are synchronous or
 * batched so a warm query makes no HTTP request. Failing calls reject with a `SourceError` of
 * domain `GITHUB`.
 */
export interface WorkflowsSource {
	/** Why GitHub cannot be reached (not signed in, …), or null when it can. */
	readonly unavailableReason: string | null;
	/** GitHub repositories for many local paths at once (null where a path has no GitHub remote). */
	repositoriesByPath(paths: readonly string[]): Promise<ReadonlyArray<GitHubRepositoryInfo | null>>;
	/** Newest run on the default branch, from the last poll. */
	latestRun(repositoryPath: string): WorkflowRunRecord | null;
	/** Runs of one repository, newest first. */
	runs(repositoryPath: string, options: { first: number; branch?: string | null }): Promise<readonly WorkflowRunRecord[]>;
	/** Runs across all repositories, newest first. */
	recentRuns(first: number): readonly WorkflowRunRecord[];
	/** Workflow files of one repository. */
	workflows(repositoryPath: string): Promise<readonly WorkflowRecord[]>;
	/** Inputs of a workflow's `workflow_dispatch`; null when it has no such trigger. */
	dispatchInputs(repositoryPath: string, workflowPath: string): Promise<readonly WorkflowInputRecord[] | null>;
	/** Jobs of a run's latest attempt, with their steps. */
	jobs(repositoryPath: string, runId: string): Promise<readonly WorkflowJobRecord[]>;
	/** One run by id (from the cache when it is there); null when GitHub has no such run. */
	run(repositoryPath: string, runId: string): Promise<WorkflowRunRecord | null>;
	/** A job's log as text; rejects with code `GONE` once GitHub no longer keeps it. */
	jobLog(repositoryPath: string, jobId: string): Promise<string>;
	/** Starts a workflow run by `workflow_dispatch`. */
	dispatch(repositoryPath: string, request: DispatchRequest): Promise<DispatchResultRecord>;
	/** Asks GitHub to cancel a run; resolves with the run as GitHub then reports it. */
	cancelRun(repositoryPath: string, runId: string): Promise<WorkflowRunRecord>;
	/** Re-runs every job of a finished run, or only the failed ones. */
	rerunRun(repositoryPath: string, runId: string, options: { failedOnly: boolean }): Promise<WorkflowRunRecord>;
	/**
	 * `headSha` was just pushed from `repositoryPath`: look for the runs GitHub starts on it now,
	 * not at the next full read. Does nothing where the repository has no GitHub remote.
	 */
	expectPush(repositoryPath: string, headSha: string): void;
	/** The account the credential belongs to (`GET /user`, read once per connection); null without one. */
	viewer(): Promise<GitHubActorRecord | null>;
	/** Availability, freshness and rate limits; never fails. */
	status(): WorkflowsStatusRecord;
	/** Fires when a run appears or changes status or conclusion. */
	readonly onDidChangeRun: Event<WorkflowRunRecord>;
}
