/**
 * The CI timeline's filters, the Pipelines page's and the Workflows view's Recent runs: by outcome
 * (failing, running), by who started the run (mine), by branch, and by text over repository,
 * branch, event and workflow. Pure, so the rules are unit-tested in plain Node and both faces
 * filter alike.
 */

/** The outcome chips: all runs, failed ones, unfinished ones. */
export type RunState = '' | 'failing' | 'running';

/** What the filters read of a run row. */
export interface FilterableRow {
	readonly repository: { readonly name: string };
	readonly run: {
		readonly status: string;
		readonly conclusion?: string | null;
		readonly branch?: string | null;
		readonly event: string;
		readonly workflowName: string;
		readonly actor?: { readonly login: string } | null;
		readonly triggeringActor?: { readonly login: string } | null;
	};
}

/** The filters in force. */
export interface RunFilter {
	readonly state: RunState;
	readonly text: string;
	/** The signed-in login while Mine is on; null shows everyone's runs. */
	readonly mine: string | null;
	/** Only runs of this branch (exactly); null or absent for every branch. */
	readonly branch?: string | null;
}

/** The page's filters from the filter a link opened it with: `failing`, `running`, `mine`, or text. */
export function initialFilter(filter: string): { state: RunState; text: string; mine: boolean } {
	if (filter === 'failing' || filter === 'running') {
		return { state: filter, text: '', mine: false };
	}
	return filter === 'mine' ? { state: '', text: '', mine: true } : { state: '', text: filter, mine: false };
}

/**
 * A run is `login`'s when that account started it (pushed, dispatched) or started its latest
 * attempt (re-ran it). Logins compare as GitHub compares them, without case.
 */
export function isMine(run: FilterableRow['run'], login: string): boolean {
	const me = login.toLowerCase();
	return run.actor?.login.toLowerCase() === me || run.triggeringActor?.login.toLowerCase() === me;
}

/** Whether a run's outcome is what the chip asks for: failed, not finished, or anything. */
export function matchesState(run: FilterableRow['run'], state: RunState): boolean {
	if (state === 'failing') {
		return run.status === 'COMPLETED' && run.conclusion === 'FAILURE';
	}
	return state === 'running' ? run.status !== 'COMPLETED' : true;
}

/** The rows every filter lets through, in their order. */
export function filterRuns<R extends FilterableRow>(rows: readonly R[], filter: RunFilter): R[] {
	const needle = filter.text.trim().toLowerCase();
	const { mine, branch } = filter;
	return rows.filter(
		({ repository, run }) =>
			matchesState(run, filter.state) &&
			(mine === null || isMine(run, mine)) &&
			(branch == null || run.branch === branch) &&
			(!needle || `${repository.name} ${run.branch ?? ''} ${run.event} ${run.workflowName}`.toLowerCase().includes(needle)),
	);
}
