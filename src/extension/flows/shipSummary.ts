/**
 * What a ship's summary says, as pure rules: each repository's furthest step (committed, pushed,
 * CI passed) or the step that failed with its code, the run Fix with Claude takes on, and one line
 * for the whole ship. No `vscode` import, so the rules are unit-tested in plain Node.
 */
import { type StateIcon, stateIcon } from '../workflows/runPresentation';

/** The fields of a ship row the summary reads (the graph's `ShipRow`). */
export interface ShipRowFacts {
	readonly repository: { readonly name: string };
	readonly commit: { readonly status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; readonly error: { readonly code: string; readonly message: string } | null };
	readonly sha: string | null;
	readonly push: { readonly status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; readonly error: { readonly code: string; readonly message: string } | null };
	readonly ci: 'NOT_PUSHED' | 'WAITING' | 'RUNNING' | 'PASSED' | 'FAILED';
	readonly runs: ReadonlyArray<{ readonly id: string; readonly runNumber: number; readonly workflowName: string; readonly status: string; readonly conclusion: string | null }>;
}

/** Where one repository of a ship got to. */
export type ShipRowState = 'NOT_SHIPPED' | 'COMMIT_FAILED' | 'COMMITTED' | 'PUSH_FAILED' | 'PUSHED' | 'CI_WAITING' | 'CI_RUNNING' | 'CI_PASSED' | 'CI_FAILED';

/** One repository's line of the summary. */
export interface ShipRowSummary {
	readonly state: ShipRowState;
	readonly icon: StateIcon;
	/** "committed 1a2b3c4 · pushed · CI passed", or the failed step with its code. */
	readonly description: string;
	/** The failed run to fix with Claude, when CI failed. */
	readonly failedRun: { readonly id: string; readonly runNumber: number; readonly workflowName: string } | undefined;
	/** True once nothing more will change for it (CI finished, or it was never pushed). */
	readonly settled: boolean;
	/** Tokens the menus match on: `shipRow`, and `failed` / `fixable`. */
	readonly contextValue: string;
}

const FIXABLE = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

function stateOf(row: ShipRowFacts, unfollowed: string | undefined): ShipRowState {
	if (row.commit.status === 'FAILED') {
		return 'COMMIT_FAILED';
	}
	if (row.push.status === 'FAILED') {
		return 'PUSH_FAILED';
	}
	if (row.push.status === 'SKIPPED') {
		return row.commit.status === 'SUCCEEDED' ? 'COMMITTED' : 'NOT_SHIPPED';
	}
	if (unfollowed !== undefined) {
		return 'PUSHED';
	}
	switch (row.ci) {
		case 'PASSED':
			return 'CI_PASSED';
		case 'FAILED':
			return 'CI_FAILED';
		case 'RUNNING':
			return 'CI_RUNNING';
		default:
			return 'CI_WAITING';
	}
}

const ICON: Readonly<Record<ShipRowState, StateIcon>> = {
	NOT_SHIPPED: stateIcon('skipped'),
	COMMIT_FAILED: stateIcon('failure'),
	COMMITTED: { id: 'git-commit', color: undefined },
	PUSH_FAILED: stateIcon('failure'),
	PUSHED: { id: 'cloud-upload', color: undefined },
	CI_WAITING: stateIcon('queued'),
	CI_RUNNING: stateIcon('running'),
	CI_PASSED: stateIcon('success'),
	CI_FAILED: stateIcon('failure'),
};

const CI_TEXT: Partial<Record<ShipRowState, string>> = {
	CI_WAITING: 'waiting for CI',
	CI_RUNNING: 'CI running',
	CI_PASSED: 'CI passed',
};

/**
 * The summary line of one repository. `unfollowed` says why CI cannot be followed for it (no
 * GitHub remote, GitHub not connected): its push is then the end, not a wait that never ends.
 */
export function summarizeShipRow(row: ShipRowFacts, unfollowed?: string): ShipRowSummary {
	const state = stateOf(row, unfollowed);
	const parts: string[] = [];
	if (row.commit.status === 'SUCCEEDED') {
		parts.push(`committed${row.sha ? ` ${row.sha.slice(0, 7)}` : ''}`);
	} else if (row.commit.status === 'FAILED') {
		parts.push(`commit failed (${row.commit.error?.code ?? 'GIT_FAILED'})`);
	}
	if (row.push.status === 'SUCCEEDED') {
		parts.push('pushed');
	} else if (row.push.status === 'FAILED') {
		// The commit stays in the repository: say so, the user decides what to do with it.
		parts.push(`push failed (${row.push.error?.code ?? 'GIT_FAILED'})${row.commit.status === 'SUCCEEDED' ? ', commit kept' : ''}`);
	} else if (row.push.error) {
		parts.push(`not pushed (${row.push.error.code})`);
	} else if (state === 'NOT_SHIPPED') {
		parts.push('nothing to ship');
	}
	const failed = state === 'CI_FAILED' ? row.runs.find((r) => r.status === 'COMPLETED' && r.conclusion !== null && FIXABLE.has(r.conclusion)) : undefined;
	if (state === 'CI_FAILED') {
		parts.push(failed ? `CI failed: ${failed.workflowName} #${failed.runNumber}` : 'CI failed');
	} else if (CI_TEXT[state]) {
		parts.push(CI_TEXT[state] as string);
	} else if (state === 'PUSHED') {
		parts.push(`CI not followed (${unfollowed as string})`);
	}
	const bad = state === 'COMMIT_FAILED' || state === 'PUSH_FAILED' || state === 'CI_FAILED';
	return {
		state,
		icon: ICON[state],
		description: parts.join(' · '),
		failedRun: failed ? { id: failed.id, runNumber: failed.runNumber, workflowName: failed.workflowName } : undefined,
		settled: state !== 'CI_WAITING' && state !== 'CI_RUNNING',
		contextValue: ['shipRow', bad ? 'failed' : '', failed ? 'fixable' : ''].filter(Boolean).join(' '),
	};
}

/** The whole ship in one line: "2 pushed, 1 push failed · CI: 1 passed, 1 running". `unfollowed` as for {@link summarizeShipRow}, per row. */
export function summarizeShip<R extends ShipRowFacts>(rows: readonly R[], unfollowed: (row: R) => string | undefined = () => undefined): { readonly text: string; readonly settled: boolean; readonly failed: number } {
	const summaries = rows.map((row) => summarizeShipRow(row, unfollowed(row)));
	const count = (...states: ShipRowState[]) => summaries.filter((s) => states.includes(s.state)).length;
	const plural = (n: number, what: string) => (n > 0 ? [`${n} ${what}`] : []);
	const shipped = [
		...plural(count('PUSHED', 'CI_WAITING', 'CI_RUNNING', 'CI_PASSED', 'CI_FAILED'), 'pushed'),
		...plural(count('COMMITTED'), 'committed, not pushed'),
		...plural(count('PUSH_FAILED'), count('PUSH_FAILED') === 1 ? 'push failed' : 'pushes failed'),
		...plural(count('COMMIT_FAILED'), count('COMMIT_FAILED') === 1 ? 'commit failed' : 'commits failed'),
		...plural(count('NOT_SHIPPED'), 'with nothing to ship'),
	];
	const ci = [...plural(count('CI_PASSED'), 'passed'), ...plural(count('CI_FAILED'), 'failed'), ...plural(count('CI_RUNNING'), 'running'), ...plural(count('CI_WAITING'), 'waiting')];
	return {
		text: [shipped.join(', '), ci.length ? `CI: ${ci.join(', ')}` : ''].filter(Boolean).join(' · '),
		settled: summaries.every((s) => s.settled),
		failed: count('COMMIT_FAILED', 'PUSH_FAILED', 'CI_FAILED'),
	};
}
