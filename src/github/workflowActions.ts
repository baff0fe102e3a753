/**
 * The writes of the workflows graph: dispatch, cancel and re-run. Each one checks what it can
 * before GitHub sees it (a dispatch's inputs against the workflow file), then reads the run
 * back so the cache, and every view on it, shows the new state at once.
 */
import { SourceError } from '../schema/contracts/sourceError';
import { readWorkflowDispatch } from './actions';
import { toGitHubError } from './errors';
import type { GitHubOctokit } from './octokit';
import { type CachedRun, type CachedWorkflow, type RepoRef, fetchRun } from './restReads';
import type { RunStore } from './runStore';
import { toDispatchInputs } from './workflowInputs';

/** What an action needs: where, with which client, and the cache to update. */
export interface ActionTarget {
	readonly octokit: GitHubOctokit;
	readonly repo: RepoRef;
	readonly store: RunStore;
}

/** A workflow picked by id, file name, path or name (in that order of preference). */
export function findWorkflow(workflows: readonly CachedWorkflow[], wanted: string): CachedWorkflow | undefined {
	const text = wanted.trim();
	return (
		workflows.find((w) => w.id === text) ??
		workflows.find((w) => w.path === text) ??
		workflows.find((w) => w.path.split('/').pop() === text) ??
		workflows.find((w) => w.name === text)
	);
}

/** Reads a run back after a write and stores it. */
async function readBack(target: ActionTarget, runId: string): Promise<CachedRun> {
	const run = await fetchRun(target.octokit, target.repo, runId);
	if (!run) {
		throw new SourceError('GITHUB', 'NOT_FOUND', `Run ${runId} no longer exists in ${target.repo.owner}/${target.repo.name}.`);
	}
	target.store.upsertRun(run);
	return target.store.run(runId) ?? run;
}

/**
 * Dispatches a workflow at `ref` with `values` checked against its file at that ref. Resolves
 * with the run when GitHub names it (`return_run_details`), else undefined.
 * @throws a `SourceError` `BAD_USER_INPUT` for a workflow without `workflow_dispatch` or bad inputs.
 */
export async function dispatchWorkflow(target: ActionTarget, workflow: CachedWorkflow, ref: string, values: Readonly<Record<string, string>>): Promise<CachedRun | undefined> {
	const { owner, name } = target.repo;
	const info = await readWorkflowDispatch(target.octokit, { owner, repo: name, path: workflow.path, ref });
	if (!info.dispatchable) {
		throw new SourceError('GITHUB', 'BAD_USER_INPUT', `${workflow.name} (${workflow.path}) has no workflow_dispatch trigger, so it cannot be run by hand.`);
	}
	const checked = toDispatchInputs(info.inputs, values);
	if (checked.errors.length > 0) {
		throw new SourceError('GITHUB', 'BAD_USER_INPUT', `Cannot run ${workflow.name}: ${checked.errors.join(' ')}`);
	}
	let runId: number | undefined;
	try {
		const response = await target.octokit.rest.actions.createWorkflowDispatch({ owner, repo: name, workflow_id: Number(workflow.id), ref, inputs: checked.inputs, return_run_details: true });
		// Servers without `return_run_details` (older GitHub Enterprise) answer 204 and no body.
		runId = (response.status as number) === 200 ? (response.data as { workflow_run_id?: number } | undefined)?.workflow_run_id : undefined;
	} catch (err) {
		throw toGitHubError(err, { action: `Running ${workflow.name} on ${ref}` });
	}
	return runId === undefined ? undefined : readBack(target, String(runId));
}

/**
 * Asks GitHub to cancel a run; the cancellation lands a moment later, which the poller sees.
 * @throws {@link GitHubError} of kind `conflict` when the run already finished.
 */
export async function cancelRun(target: ActionTarget, runId: string): Promise<CachedRun> {
	try {
		await target.octokit.rest.actions.cancelWorkflowRun({ owner: target.repo.owner, repo: target.repo.name, run_id: Number(runId) });
	} catch (err) {
		throw toGitHubError(err, { action: `Cancelling run ${runId}` });
	}
	return readBack(target, runId);
}

/** Re-runs every job of a finished run, or only those that failed or were cancelled. */
export async function rerunRun(target: ActionTarget, runId: string, failedOnly: boolean): Promise<CachedRun> {
	const params = { owner: target.repo.owner, repo: target.repo.name, run_id: Number(runId) };
	try {
		if (failedOnly) {
			await target.octokit.rest.actions.reRunWorkflowFailedJobs(params);
		} else {
			await target.octokit.rest.actions.reRunWorkflow(params);
		}
	} catch (err) {
		throw toGitHubError(err, { action: `Re-running ${failedOnly ? 'the failed jobs of ' : ''}run ${runId}` });
	}
	// The new attempt has new jobs.
	target.store.dropJobs(runId);
	return readBack(target, runId);
}
