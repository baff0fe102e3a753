/**
 * Where a scripted run stands at a given instant. Pure: the stand-in stores only the script and
 * a few timestamps, and every response derives status and conclusion from the clock, so
 * `advance(ms)` needs no event loop and two reads at the same instant always agree.
 */
import type { JobScript, RunConclusion, RunStatus, StepOutcome, StepScript } from './types';

/** A job of one attempt of a run. */
export interface JobRecord {
	readonly id: number;
	readonly name: string;
	readonly script: JobScript;
	readonly attempt: number;
	/** When the job's attempt was created; the job starts after the run and job queue delays. */
	readonly attemptCreatedAt: number;
	readonly runQueuedMs: number;
}

/** A step as seen at an instant. */
export interface StepView {
	readonly number: number;
	readonly name: string;
	readonly status: RunStatus;
	readonly conclusion: RunConclusion | null;
	readonly startedAt: number | null;
	readonly completedAt: number | null;
	readonly log: readonly string[];
}

/** A job as seen at an instant. */
export interface JobView {
	readonly record: JobRecord;
	readonly status: RunStatus;
	readonly conclusion: RunConclusion | null;
	readonly createdAt: number;
	readonly startedAt: number;
	readonly completedAt: number | null;
	readonly steps: readonly StepView[];
	/** Last instant at or before `now` when anything about the job changed. */
	readonly updatedAt: number;
}

/** The run-level facts of one attempt. */
export interface AttemptFacts {
	readonly attempt: number;
	readonly createdAt: number;
	readonly queuedMs: number;
	/** When a cancellation takes effect, if one was requested. */
	readonly cancelAt: number | undefined;
}

/** A run's attempt as seen at an instant. */
export interface RunView {
	readonly status: RunStatus;
	readonly conclusion: RunConclusion | null;
	readonly startedAt: number;
	readonly updatedAt: number;
	readonly jobs: readonly JobView[];
}

const DEFAULT_STEP_MS = 1000;
const DEFAULT_STEPS: readonly StepScript[] = [{ name: 'Run tests' }];

function outcomeOf(step: StepScript, attempt: number): StepOutcome {
	const first = step.outcome ?? 'success';
	return attempt > 1 ? (step.retryOutcome ?? first) : first;
}

/** The job's state at `now`, given when a cancellation of its run takes effect. */
export function jobAt(job: JobRecord, now: number, cancelAt: number | undefined): JobView {
	const createdAt = job.attemptCreatedAt;
	const startedAt = createdAt + job.runQueuedMs + (job.script.queuedMs ?? 0);
	const stop = cancelAt ?? Number.POSITIVE_INFINITY;
	const steps: StepView[] = [];
	let cursor = startedAt;
	let failed = false;
	let cancelled = stop < startedAt;
	let updatedAt = Math.min(now, createdAt);
	const touch = (at: number) => {
		if (at <= now) {
			updatedAt = Math.max(updatedAt, at);
		}
	};
	if (cancelled) {
		cursor = stop;
	}
	(job.script.steps ?? DEFAULT_STEPS).forEach((script, index) => {
		const outcome = outcomeOf(script, job.attempt);
		const base = { number: index + 1, name: script.name, log: script.log ?? [] };
		const pending: StepView = { ...base, status: 'queued', conclusion: null, startedAt: null, completedAt: null };
		// After a failure or a cancellation the remaining steps are skipped, as on GitHub.
		if (failed || cancelled || outcome === 'skipped') {
			steps.push(cursor <= now ? { ...base, status: 'completed', conclusion: 'skipped', startedAt: cursor, completedAt: cursor } : pending);
			return;
		}
		const start = cursor;
		const end = start + (script.durationMs ?? DEFAULT_STEP_MS);
		if (stop < end) {
			// The cancellation lands while this step runs.
			cancelled = true;
			cursor = stop;
			touch(stop);
			steps.push(stop <= now ? { ...base, status: 'completed', conclusion: 'cancelled', startedAt: start, completedAt: stop } : start <= now ? { ...base, status: 'in_progress', conclusion: null, startedAt: start, completedAt: null } : pending);
			return;
		}
		touch(start);
		touch(end);
		steps.push(end <= now ? { ...base, status: 'completed', conclusion: outcome, startedAt: start, completedAt: end } : start <= now ? { ...base, status: 'in_progress', conclusion: null, startedAt: start, completedAt: null } : pending);
		failed = outcome === 'failure';
		cursor = end;
	});
	const finish = cursor;
	if (finish <= now) {
		touch(finish);
		const conclusion: RunConclusion = cancelled ? 'cancelled' : failed ? 'failure' : 'success';
		return { record: job, status: 'completed', conclusion, createdAt, startedAt, completedAt: finish, steps, updatedAt };
	}
	touch(startedAt);
	const status: RunStatus = startedAt <= now ? 'in_progress' : 'queued';
	return { record: job, status, conclusion: null, createdAt, startedAt, completedAt: null, steps, updatedAt };
}

/** The attempt's state at `now` from its latest jobs. */
export function runAt(attempt: AttemptFacts, jobs: readonly JobRecord[], now: number): RunView {
	const views = jobs.map((job) => jobAt(job, now, job.attempt === attempt.attempt ? attempt.cancelAt : undefined));
	const updatedAt = views.reduce((latest, view) => Math.max(latest, view.updatedAt), Math.min(now, attempt.createdAt));
	const cancelledEarly = attempt.cancelAt !== undefined && attempt.cancelAt <= now;
	if (views.length > 0 && views.every((view) => view.status === 'completed')) {
		const conclusion: RunConclusion = views.some((view) => view.conclusion === 'cancelled')
			? 'cancelled'
			: views.some((view) => view.conclusion === 'failure')
				? 'failure'
				: 'success';
		return { status: 'completed', conclusion, startedAt: attempt.createdAt, updatedAt, jobs: views };
	}
	if (views.length === 0 && cancelledEarly) {
		return { status: 'completed', conclusion: 'cancelled', startedAt: attempt.createdAt, updatedAt: attempt.cancelAt ?? updatedAt, jobs: views };
	}
	const status: RunStatus = now < attempt.createdAt + attempt.queuedMs ? 'queued' : 'in_progress';
	return { status, conclusion: null, startedAt: attempt.createdAt, updatedAt, jobs: views };
}

/** Job log text in GitHub's format: timestamped lines, one group per step. */
export function jobLog(view: JobView): string {
	const stamp = (at: number) => new Date(at).toISOString().replace('Z', '0000Z');
	const lines: string[] = [];
	for (const step of view.steps) {
		if (step.startedAt === null || step.conclusion === 'skipped') {
			continue;
		}
		const at = step.startedAt;
		lines.push(`${stamp(at)} ##[group]Run ${step.name}`, `${stamp(at)} ##[endgroup]`);
		for (const line of step.log) {
			lines.push(`${stamp(at)} ${line}`);
		}
		if (step.conclusion === 'failure') {
			lines.push(`${stamp(step.completedAt ?? at)} ##[error]Process completed with exit code 1.`);
		}
	}
	if (view.conclusion === 'cancelled') {
		lines.push(`${stamp(view.completedAt ?? view.startedAt)} ##[error]The operation was canceled.`);
	}
	if (view.status === 'completed') {
		lines.push(`${stamp(view.completedAt ?? view.startedAt)} Cleaning up orphan processes`);
	}
	return `${lines.join('\n')}\n`;
}
