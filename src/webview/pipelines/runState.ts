/**
 * What a run, job or step's status and conclusion mean on the Pipelines page: which codicon and
 * tone show it, and which actions GitHub accepts for a run in that state. Pure, for the tests.
 */

/** A status and, once completed, a conclusion, as the graph spells them. */
export interface RunState {
	readonly status: string;
	readonly conclusion?: string | null;
}

/** How a state is drawn: a codicon, whether it spins, and a tone class for its colour. */
export interface StateMark {
	readonly icon: string;
	readonly spin?: boolean;
	readonly tone: 'success' | 'failure' | 'running' | 'neutral';
}

const FAILED = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);
// A startup failure has no jobs to re-run; a cancelled run's jobs GitHub does re-run.
const RERUNNABLE_JOBS = new Set(['FAILURE', 'TIMED_OUT', 'CANCELLED']);

/** The mark of a state: a spinner while it runs, a clock while it waits, then its conclusion. */
export function stateMark(state: RunState): StateMark {
	if (state.status === 'IN_PROGRESS') {
		return { icon: 'sync', spin: true, tone: 'running' };
	}
	if (state.status !== 'COMPLETED') {
		return { icon: 'clock', tone: 'running' };
	}
	switch (state.conclusion) {
		case 'SUCCESS':
			return { icon: 'pass', tone: 'success' };
		case 'FAILURE':
		case 'STARTUP_FAILURE':
			return { icon: 'error', tone: 'failure' };
		case 'TIMED_OUT':
			return { icon: 'watch', tone: 'failure' };
		case 'CANCELLED':
			return { icon: 'circle-slash', tone: 'neutral' };
		case 'SKIPPED':
			return { icon: 'debug-step-over', tone: 'neutral' };
		case 'ACTION_REQUIRED':
			return { icon: 'warning', tone: 'neutral' };
		default:
			return { icon: 'circle-large-outline', tone: 'neutral' };
	}
}

/** Whether a job or step failed, so the page leads with it and offers its log. */
export function isFailed(state: RunState): boolean {
	return state.status === 'COMPLETED' && FAILED.has(state.conclusion ?? '');
}

/** The writes the page offers for a run. */
export type RunAction = 'cancel' | 'rerun' | 'rerunFailed';

/**
 * The writes GitHub accepts for a run now: cancel while it has not finished, re-run once it has,
 * and re-run failed jobs once it failed, timed out or was cancelled (GitHub re-runs the failed
 * and the cancelled jobs).
 */
export function applicableActions(run: RunState): ReadonlySet<RunAction> {
	if (run.status !== 'COMPLETED') {
		return new Set(['cancel']);
	}
	return new Set(RERUNNABLE_JOBS.has(run.conclusion ?? '') ? ['rerun', 'rerunFailed'] : ['rerun']);
}
