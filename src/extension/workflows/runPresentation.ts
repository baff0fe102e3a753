/**
 * How workflow runs, jobs and steps read in the Workflows view: state, icon, relative time,
 * description and the `contextValue` tokens menus match on. No `vscode` import, so the rules
 * are unit-tested under plain Node; the node classes only turn them into tree items.
 */

/** GitHub's run, job and step status, as the graph spells it. */
export type RunStatus = 'REQUESTED' | 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'WAITING' | 'PENDING';

/** GitHub's conclusion of a finished run, job or step, as the graph spells it. */
export type RunConclusion = 'SUCCESS' | 'FAILURE' | 'NEUTRAL' | 'CANCELLED' | 'SKIPPED' | 'TIMED_OUT' | 'ACTION_REQUIRED' | 'STALE' | 'STARTUP_FAILURE';

/** What a person sees at a glance: one state per icon. */
export type RunState = 'running' | 'queued' | 'waiting' | 'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral';

/** A codicon and the theme colour it is drawn in (none: the foreground). */
export interface StateIcon {
	readonly id: string;
	readonly color: string | undefined;
}

/** The fields of a run the view reads. */
export interface RunFacts {
	readonly id: string;
	readonly runNumber: number;
	readonly workflowName: string;
	readonly status: RunStatus;
	readonly conclusion: RunConclusion | null;
	readonly event: string;
	readonly branch: string | null;
	readonly createdAt: string;
	readonly updatedAt: string;
}

/** Conclusions that leave jobs to re-run with "Re-run Failed Jobs". */
const FAILED: ReadonlySet<RunConclusion> = new Set(['FAILURE', 'TIMED_OUT', 'CANCELLED']);
/** What Fix with Claude takes on (the flows' failed conclusions): a cancelled run has nothing to fix. */
const FIXABLE: ReadonlySet<RunConclusion> = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

/** The state of a run, job or step. */
export function runState(status: RunStatus, conclusion: RunConclusion | null): RunState {
	switch (status) {
		case 'IN_PROGRESS':
			return 'running';
		case 'QUEUED':
		case 'REQUESTED':
			return 'queued';
		case 'WAITING':
		case 'PENDING':
			return 'waiting';
		case 'COMPLETED':
			break;
	}
	switch (conclusion) {
		case 'SUCCESS':
			return 'success';
		case 'FAILURE':
		case 'TIMED_OUT':
		case 'STARTUP_FAILURE':
			return 'failure';
		case 'CANCELLED':
			return 'cancelled';
		case 'SKIPPED':
			return 'skipped';
		default:
			return 'neutral';
	}
}

const ICONS: Readonly<Record<RunState, StateIcon>> = {
	// `~spin` animates the icon: the run is alive, no refresh needed to tell.
	running: { id: 'sync~spin', color: 'charts.yellow' },
	queued: { id: 'clock', color: 'charts.yellow' },
	waiting: { id: 'watch', color: 'charts.yellow' },
	success: { id: 'pass', color: 'testing.iconPassed' },
	failure: { id: 'error', color: 'testing.iconFailed' },
	cancelled: { id: 'circle-slash', color: 'disabledForeground' },
	skipped: { id: 'debug-step-over', color: 'disabledForeground' },
	neutral: { id: 'circle-large-outline', color: undefined },
};

/** The icon of a state. */
export function stateIcon(state: RunState): StateIcon {
	return ICONS[state];
}

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago`; the date after a month. */
export function relativeTime(iso: string | null | undefined, now: number): string {
	const at = iso ? Date.parse(iso) : NaN;
	if (Number.isNaN(at)) {
		return '';
	}
	const seconds = Math.round((now - at) / 1000);
	if (seconds < 45) {
		// Clocks of GitHub and this machine differ by a few seconds either way.
		return 'just now';
	}
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) {
		return `${minutes} min ago`;
	}
	const hours = Math.round(minutes / 60);
	if (hours < 24) {
		return `${hours} h ago`;
	}
	const days = Math.round(hours / 24);
	if (days < 31) {
		return days === 1 ? 'yesterday' : `${days} days ago`;
	}
	return new Date(at).toISOString().slice(0, 10);
}

/** `42 s`, `3 min 5 s`, `1 h 2 min`: how long something took. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) {
		return `${seconds} s`;
	}
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes} min ${seconds % 60} s`;
	}
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time from `start` to `end`, or to `now` while it is still going; empty without a start. */
export function elapsedText(start: string | null | undefined, end: string | null | undefined, now: number): string {
	const from = start ? Date.parse(start) : NaN;
	if (Number.isNaN(from)) {
		return '';
	}
	const to = end ? Date.parse(end) : now;
	return Number.isNaN(to) ? '' : formatElapsed(to - from);
}

/** Label of a run row: `CI #12`, with the repository first in the cross-repository timeline. */
export function runLabel(run: RunFacts, repositoryName?: string): string {
	const own = `${run.workflowName || 'Workflow'} #${run.runNumber}`;
	return repositoryName ? `${repositoryName} · ${own}` : own;
}

/** Description of a run row: branch, event and when it last changed. */
export function runDescription(run: RunFacts, now: number): string {
	const when = relativeTime(run.status === 'COMPLETED' ? run.updatedAt : run.createdAt, now);
	return [run.branch ?? '', run.event.replace(/_/g, ' '), when].filter(Boolean).join(' · ');
}

/** State words for a tooltip: `in progress`, `failed`, `succeeded`… */
export function stateText(state: RunState): string {
	switch (state) {
		case 'running':
			return 'in progress';
		case 'queued':
			return 'queued';
		case 'waiting':
			return 'waiting';
		case 'success':
			return 'succeeded';
		case 'failure':
			return 'failed';
		case 'cancelled':
			return 'cancelled';
		case 'skipped':
			return 'skipped';
		case 'neutral':
			return 'finished';
	}
}

/**
 * Space-joined tokens for `viewItem =~ /\bcancelable\b/` clauses: a run that has not finished
 * can be cancelled; a finished one re-run, and when something failed, re-run failed jobs only.
 */
export function runContextValue(run: Pick<RunFacts, 'status' | 'conclusion'>): string {
	const tokens = ['workflowRun'];
	if (run.status === 'COMPLETED') {
		tokens.push('rerunnable');
		if (run.conclusion && FAILED.has(run.conclusion)) {
			tokens.push('failed');
		}
		if (run.conclusion && FIXABLE.has(run.conclusion)) {
			tokens.push('fixable');
		}
	} else {
		tokens.push('cancelable');
	}
	return tokens.join(' ');
}

/** Tokens of a workflow row: `dispatchable` when it has a `workflow_dispatch` trigger. */
export function workflowContextValue(dispatchable: boolean, hasUrl: boolean): string {
	return ['workflow', dispatchable ? 'dispatchable' : '', hasUrl ? 'hasUrl' : ''].filter(Boolean).join(' ');
}

/** Tokens of a job row: its log can be opened once the job has started; a failed job is `fixable` (Fix with Claude). */
export function jobContextValue(job: { status: RunStatus; conclusion?: RunConclusion | null; url: string | null }): string {
	const started = job.status === 'IN_PROGRESS' || job.status === 'COMPLETED';
	const fixable = job.status === 'COMPLETED' && !!job.conclusion && FIXABLE.has(job.conclusion);
	return ['workflowJob', started ? 'hasLog' : '', job.url ? 'hasUrl' : '', fixable ? 'failed fixable' : ''].filter(Boolean).join(' ');
}
