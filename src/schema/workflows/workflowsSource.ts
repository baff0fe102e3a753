import type { Event } from '../../common/event';

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

/** The GitHub repository a local repository maps to through its remotes. */
export interface GitHubRepositoryInfo {
	repositoryPath: string;
	owner: string;
	name: string;
	defaultBranch: string | null;
	url: string;
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
	/** Local path of the repository the run belongs to. */
	repositoryPath: string;
}

/**
 * What the workflows subschema reads: the GitHub poller's cache. Reads are synchronous or
 * batched so a warm query makes no HTTP request.
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
	readonly onDidChangeRun: Event<WorkflowRunRecord>;
}
