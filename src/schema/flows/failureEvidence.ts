/**
 * What a fix reads about a failed run before an agent starts: each failed job's failing step and
 * the tail of its log, and the workflow file at the run's commit.
 */
import type { FlowGit, FlowSettings } from '../contracts/flows';
import { isSourceError, SourceError } from '../contracts/sourceError';
import type { WorkflowRunRecord, WorkflowsSource } from '../contracts/workflows';
import type { FixFailure } from './fixPrompt';
import { failingStepTail } from './logTail';

/** The conclusions of a run, job or step that a fix is for. */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

/** Throws the coded cancel of a fix that has changed nothing yet. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) {
		throw new SourceError('CLAUDE', 'CANCELLED', 'Cancelled: no agent was started and nothing was changed.');
	}
}

/** Each failed job of `run` with its failing step and that step's log tail (capped by the settings). */
export async function failedJobs(workflows: WorkflowsSource, repositoryPath: string, run: WorkflowRunRecord, settings: FlowSettings, signal?: AbortSignal): Promise<FixFailure[]> {
	const jobs = await workflows.jobs(repositoryPath, run.id);
	const failed = jobs.filter((j) => j.conclusion !== null && FAILED_CONCLUSIONS.has(j.conclusion));
	const out: FixFailure[] = [];
	for (const job of failed) {
		throwIfAborted(signal);
		const step = job.steps.find((s) => s.conclusion !== null && FAILED_CONCLUSIONS.has(s.conclusion))?.name ?? null;
		let logTail: string;
		try {
			logTail = failingStepTail(await workflows.jobLog(repositoryPath, job.id), step, { maxLines: settings.logTailLines, maxBytes: settings.logTailBytes });
		} catch (err) {
			logTail = isSourceError(err, 'GITHUB', 'GONE') ? '(GitHub no longer keeps this log)' : `(the log could not be read: ${err instanceof Error ? err.message : String(err)})`;
		}
		out.push({ jobId: job.id, job: job.name, step, logTail });
	}
	return out;
}

/**
 * The path of the run's workflow file, found by the workflow's name (a run record carries no
 * workflow id), or null when it cannot be told.
 */
export async function workflowPathOf(workflows: WorkflowsSource, repositoryPath: string, run: WorkflowRunRecord): Promise<string | null> {
	try {
		return (await workflows.workflows(repositoryPath)).find((w) => w.name === run.workflowName)?.path ?? null;
	} catch {
		return null;
	}
}

/** The workflow file's text at `commit`, else at the local HEAD, else null. */
export async function readWorkflowFile(git: FlowGit | undefined, repositoryPath: string, workflowPath: string, commit: string | null, signal?: AbortSignal): Promise<string | null> {
	if (!git) {
		return null;
	}
	for (const ref of [commit, 'HEAD']) {
		if (!ref) {
			continue;
		}
		try {
			const text = await git.show(repositoryPath, workflowPath, ref, signal);
			if (text !== null) {
				return text;
			}
		} catch {
			// The run's commit may not be fetched here: try the local HEAD.
		}
	}
	return null;
}
