/**
 * Small REST adapters around Octokit for what the workflows subschema needs beyond the overview:
 * job logs, a workflow file's dispatch inputs, a repository's default branch. Each turns
 * Octokit's errors into a {@link GitHubError} with a message a person can act on.
 */
import { GitHubError, toGitHubError } from './errors';
import type { GitHubOctokit } from './octokit';
import { type WorkflowDispatchInfo, parseWorkflowDispatch } from './workflowInputs';

/** A repository on the client's host. */
export interface RepoCoordinates {
	readonly owner: string;
	readonly repo: string;
}

/**
 * A job's log as text. GitHub answers with a 302 to a short-lived signed URL, which fetch
 * follows; logs past retention answer 410.
 * @throws {@link GitHubError} of kind `gone` when the logs expired.
 */
export async function downloadJobLogs(octokit: GitHubOctokit, target: RepoCoordinates & { readonly jobId: number }): Promise<string> {
	try {
		const response = await octokit.rest.actions.downloadJobLogsForWorkflowRun({ owner: target.owner, repo: target.repo, job_id: target.jobId });
		const data: unknown = response.data;
		return typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : String(data);
	} catch (err) {
		if ((err as { status?: unknown }).status === 410) {
			throw new GitHubError('gone', `The logs of job ${target.jobId} in ${target.owner}/${target.repo} have expired; GitHub keeps them for a limited time only.`, 410, undefined, { cause: err });
		}
		throw toGitHubError(err, { action: `Downloading the logs of job ${target.jobId}` });
	}
}

/**
 * Reads a workflow file from GitHub and parses its `workflow_dispatch` inputs.
 * @throws {@link GitHubError} when the file cannot be read, {@link WorkflowYamlError} when it is not a workflow.
 */
export async function readWorkflowDispatch(octokit: GitHubOctokit, target: RepoCoordinates & { readonly path: string; readonly ref?: string }): Promise<WorkflowDispatchInfo> {
	let text: string;
	try {
		const response = await octokit.rest.repos.getContent({ owner: target.owner, repo: target.repo, path: target.path, ...(target.ref ? { ref: target.ref } : {}) });
		const data = response.data as { type?: string; encoding?: string; content?: string };
		if (Array.isArray(response.data) || data.type !== 'file' || typeof data.content !== 'string') {
			throw new GitHubError('validation', `${target.path} in ${target.owner}/${target.repo} is not a file.`, response.status);
		}
		text = data.encoding === 'base64' ? Buffer.from(data.content, 'base64').toString('utf8') : data.content;
	} catch (err) {
		throw toGitHubError(err, { action: `Reading ${target.path} from ${target.owner}/${target.repo}` });
	}
	return parseWorkflowDispatch(text, target.path);
}

/** The repository's default branch, the usual `ref` for a dispatch. */
export async function getDefaultBranch(octokit: GitHubOctokit, target: RepoCoordinates): Promise<string> {
	try {
		const response = await octokit.rest.repos.get({ owner: target.owner, repo: target.repo });
		return response.data.default_branch;
	} catch (err) {
		throw toGitHubError(err, { action: `Reading ${target.owner}/${target.repo}` });
	}
}
