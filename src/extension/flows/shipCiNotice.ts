/**
 * Whether a ship's CI has finished and what to say of it, as pure rules over the ship's rows (no
 * `vscode` import, unit-tested in plain Node).
 */
import { type ShipRowFacts, summarizeShip, summarizeShipRow } from './shipSummary';

/** Why CI is not followed for a pushed repository whose push started no run in time. */
export const NO_RUN_STARTED = 'no run started';

/** What {@link shipCiNotice} decides. */
export type ShipCiNotice =
	/** CI still runs (or has not started) on a pushed commit. */
	| { readonly kind: 'wait' }
	/** Nothing was followed to an end (nothing pushed, or CI not followed): Ship Everything's own message said it all. */
	| { readonly kind: 'silent' }
	| {
			readonly kind: 'notify';
			readonly text: string;
			/** True when some step or run failed. */
			readonly failed: boolean;
			/** The first failed run, for Fix with Claude. */
			readonly failedRun: { readonly repositoryPath: string; readonly runId: string } | undefined;
	  };

/**
 * Decides for a ship's rows. `unfollowed` says why CI is not followed for a row (as for
 * {@link summarizeShip}).
 */
export function shipCiNotice<R extends ShipRowFacts & { readonly repository: { readonly path: string } }>(rows: readonly R[], unfollowed: (row: R) => string | undefined = () => undefined): ShipCiNotice {
	const summary = summarizeShip(rows, unfollowed);
	if (!summary.settled) {
		return { kind: 'wait' };
	}
	const rowSummaries = rows.map((row) => ({ row, summary: summarizeShipRow(row, unfollowed(row)) }));
	if (!rowSummaries.some(({ summary: s }) => s.state === 'CI_PASSED' || s.state === 'CI_FAILED')) {
		return { kind: 'silent' };
	}
	const fixable = rowSummaries.find(({ summary: s }) => s.failedRun !== undefined);
	return {
		kind: 'notify',
		text: `Ship CI finished: ${summary.text}.`,
		failed: summary.failed > 0,
		failedRun: fixable?.summary.failedRun ? { repositoryPath: fixable.row.repository.path, runId: fixable.summary.failedRun.id } : undefined,
	};
}
