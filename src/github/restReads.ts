/**
 * The REST reads the poller and the workflows model make, and the conversion of GitHub's
 * payloads into the graph's records (GitHub's vocabulary, upper-cased). Every GET goes through
 * the ETag cache, so repeating one whose answer did not change costs no rate-limit point.
 */
import type { GitHubActorRecord, WorkflowInputRecord, WorkflowJobRecord, WorkflowRunConclusion, WorkflowRunRecord, WorkflowRunStatus, WorkflowState } from '../schema/contracts/workflows';
import { toGitHubError } from './errors';
import type { GitHubOctokit } from './octokit';
import type { LatestWorkflowRun } from './overviewQuery';
import type { WorkflowInput } from './workflowInputs';

/** A run as the cache keeps it: the graph's record, keyed by GitHub repository instead of local path. */
export interface CachedRun extends Omit<WorkflowRunRecord, 'repositoryPath'> {
	/** `owner/name` in lower case: GitHub resolves names case-insensitively. */
	readonly slug: string;
	readonly workflowId: string | null;
}

/** A workflow file as the cache keeps it. */
export interface CachedWorkflow {
	readonly id: string;
	readonly name: string;
	readonly path: string;
	readonly state: WorkflowState;
	readonly url: string | null;
}

/** Where a read goes. */
export interface RepoRef {
	readonly slug: string;
	readonly owner: string;
	readonly name: string;
}

const STATUSES = new Set<string>(['REQUESTED', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'WAITING', 'PENDING']);
const CONCLUSIONS = new Set<string>(['SUCCESS', 'FAILURE', 'NEUTRAL', 'CANCELLED', 'SKIPPED', 'TIMED_OUT', 'ACTION_REQUIRED', 'STALE', 'STARTUP_FAILURE']);
const STATES = new Set<string>(['ACTIVE', 'DELETED', 'DISABLED_FORK', 'DISABLED_INACTIVITY', 'DISABLED_MANUALLY']);

/** A status in the graph's vocabulary; one GitHub adds later reads as PENDING rather than failing the query. */
export function toStatus(value: string | null | undefined): WorkflowRunStatus {
	const upper = String(value ?? 'queued').toUpperCase();
	return (STATUSES.has(upper) ? upper : 'PENDING') as WorkflowRunStatus;
}

/** A conclusion in the graph's vocabulary; unknown ones read as NEUTRAL. */
export function toConclusion(value: string | null | undefined): WorkflowRunConclusion | null {
	if (value === null || value === undefined || value === '') {
		return null;
	}
	const upper = value.toUpperCase();
	return (CONCLUSIONS.has(upper) ? upper : 'NEUTRAL') as WorkflowRunConclusion;
}

/** The fields of a REST workflow run the cache uses. */
export interface RestRun {
	id: number;
	run_number: number;
	name?: string | null;
	status: string | null;
	conclusion: string | null;
	event: string;
	head_branch: string | null;
	head_sha: string;
	html_url: string;
	created_at: string;
	updated_at: string;
	workflow_id: number;
	actor?: RestUser | null;
	triggering_actor?: RestUser | null;
}

/** The fields of a REST user the graph shows. */
export interface RestUser {
	login: string;
	avatar_url?: string | null;
}

/** A REST user as the graph's actor; null when GitHub sent none (a run some integrations start). */
export function actorFromRest(user: RestUser | null | undefined): GitHubActorRecord | null {
	return user ? { login: user.login, avatarUrl: user.avatar_url || null } : null;
}

/** A REST workflow run as a cached run. */
export function runFromRest(slug: string, run: RestRun): CachedRun {
	return {
		slug,
		id: String(run.id),
		runNumber: run.run_number,
		workflowName: run.name ?? '',
		workflowId: String(run.workflow_id),
		status: toStatus(run.status),
		conclusion: toConclusion(run.conclusion),
		event: run.event,
		branch: run.head_branch,
		headSha: run.head_sha,
		url: run.html_url,
		createdAt: run.created_at,
		updatedAt: run.updated_at,
		actor: actorFromRest(run.actor),
		triggeringActor: actorFromRest(run.triggering_actor),
	};
}

/** A run from the GraphQL overview: it ran on `headSha`, the head of `branch` (the default branch or a pull request's). */
export function runFromOverview(slug: string, run: LatestWorkflowRun, branch: string | null, headSha: string | null): CachedRun {
	return {
		slug,
		id: String(run.id),
		runNumber: run.runNumber,
		workflowName: run.workflowName,
		workflowId: run.workflowId === undefined ? null : String(run.workflowId),
		status: toStatus(run.status),
		conclusion: toConclusion(run.conclusion),
		event: run.event,
		branch,
		headSha,
		url: run.url,
		createdAt: run.createdAt,
		updatedAt: run.updatedAt,
		// The check suite's creator; GraphQL does not say who started the latest attempt.
		actor: run.actor ?? null,
		triggeringActor: null,
	};
}

/** A parsed `workflow_dispatch` input as the graph shows it. */
export function inputRecord(input: WorkflowInput): WorkflowInputRecord {
	return {
		name: input.name,
		type: input.type.toUpperCase() as WorkflowInputRecord['type'],
		description: input.description ?? null,
		required: input.required,
		default: input.default === undefined ? null : String(input.default),
		options: input.type === 'choice' ? [...input.options] : null,
	};
}

/** Options of {@link fetchRuns}. */
export interface ListRunsOptions {
	readonly branch?: string | null;
	readonly perPage: number;
	/** Only runs of this workflow (id or file name). */
	readonly workflowId?: string;
	readonly event?: string;
	/** Only runs of this commit. */
	readonly headSha?: string;
	readonly signal?: AbortSignal;
}

/**
 * One run by id, or undefined when GitHub no longer has it (deleted).
 * @throws {@link GitHubError} for anything else.
 */
export async function fetchRun(octokit: GitHubOctokit, repo: RepoRef, runId: string, signal?: AbortSignal): Promise<CachedRun | undefined> {
	try {
		const response = await octokit.rest.actions.getWorkflowRun({ owner: repo.owner, repo: repo.name, run_id: Number(runId), request: { signal } });
		return runFromRest(repo.slug, response.data);
	} catch (err) {
		const mapped = toGitHubError(err, { action: `Reading run ${runId} of ${repo.owner}/${repo.name}` });
		if (mapped.kind === 'notFound') {
			return undefined;
		}
		throw mapped;
	}
}

/** The newest runs of a repository (or of one workflow), newest first. */
export async function fetchRuns(octokit: GitHubOctokit, repo: RepoRef, options: ListRunsOptions): Promise<CachedRun[]> {
	const filters = { per_page: options.perPage, ...(options.branch ? { branch: options.branch } : {}), ...(options.event ? { event: options.event } : {}), ...(options.headSha ? { head_sha: options.headSha } : {}), request: { signal: options.signal } };
	try {
		const response =
			options.workflowId === undefined
				? await octokit.rest.actions.listWorkflowRunsForRepo({ owner: repo.owner, repo: repo.name, ...filters })
				: await octokit.rest.actions.listWorkflowRuns({ owner: repo.owner, repo: repo.name, workflow_id: options.workflowId, ...filters });
		return response.data.workflow_runs.map((run) => runFromRest(repo.slug, run));
	} catch (err) {
		throw toGitHubError(err, { action: `Listing the runs of ${repo.owner}/${repo.name}` });
	}
}

/** Jobs of a run's latest attempt, with their steps. */
export async function fetchJobs(octokit: GitHubOctokit, repo: RepoRef, runId: string, signal?: AbortSignal): Promise<WorkflowJobRecord[]> {
	try {
		const response = await octokit.rest.actions.listJobsForWorkflowRun({ owner: repo.owner, repo: repo.name, run_id: Number(runId), filter: 'latest', per_page: 100, request: { signal } });
		return response.data.jobs.map((job) => ({
			id: String(job.id),
			name: job.name,
			status: toStatus(job.status),
			conclusion: toConclusion(job.conclusion),
			startedAt: job.started_at ?? null,
			completedAt: job.completed_at ?? null,
			url: job.html_url ?? null,
			steps: (job.steps ?? []).map((step) => ({
				number: step.number,
				name: step.name,
				status: toStatus(step.status),
				conclusion: toConclusion(step.conclusion),
				startedAt: step.started_at ?? null,
				completedAt: step.completed_at ?? null,
			})),
		}));
	} catch (err) {
		throw toGitHubError(err, { action: `Reading the jobs of run ${runId}` });
	}
}

/** The account the token belongs to (`GET /user`). */
export async function fetchViewer(octokit: GitHubOctokit, signal?: AbortSignal): Promise<GitHubActorRecord> {
	try {
		const response = await octokit.rest.users.getAuthenticated({ request: { signal } });
		return actorFromRest(response.data) as GitHubActorRecord;
	} catch (err) {
		throw toGitHubError(err, { action: 'Reading the signed-in GitHub account' });
	}
}

/** The workflow files GitHub knows for a repository. */
export async function fetchWorkflows(octokit: GitHubOctokit, repo: RepoRef, signal?: AbortSignal): Promise<CachedWorkflow[]> {
	try {
		const response = await octokit.rest.actions.listRepoWorkflows({ owner: repo.owner, repo: repo.name, per_page: 100, request: { signal } });
		return response.data.workflows.map((workflow) => {
			const state = workflow.state.toUpperCase();
			return { id: String(workflow.id), name: workflow.name, path: workflow.path, state: (STATES.has(state) ? state : 'ACTIVE') as WorkflowState, url: workflow.html_url ?? null };
		});
	} catch (err) {
		throw toGitHubError(err, { action: `Listing the workflows of ${repo.owner}/${repo.name}` });
	}
}
