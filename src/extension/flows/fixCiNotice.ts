/**
 * Whether CI on a pushed fix has finished and what to say of it, as pure rules over the fix's
 * follow-up runs (no `vscode` import, unit-tested in plain Node).
 */

/** The facts of a pushed fix the rules read. */
export interface FixCiFacts {
	readonly runNumber: number;
	readonly workflowName: string;
	readonly round: number;
	readonly maxRounds: number;
	readonly pushed: boolean;
	readonly repository: { readonly path: string };
	readonly followUpRuns: ReadonlyArray<{ readonly id: string; readonly runNumber: number; readonly workflowName: string; readonly status: string; readonly conclusion: string | null | undefined; readonly url: string }>;
}

/** What {@link fixCiNotice} decides. */
export type FixCiNotice =
	/** Not pushed, no run yet, or a run still going. */
	| { readonly kind: 'wait' }
	| {
			readonly kind: 'notify';
			readonly text: string;
			readonly failed: boolean;
			/** The first failed run, for one more round of Fix with Claude; absent past the round limit. */
			readonly nextRound: { readonly repositoryPath: string; readonly runId: string } | undefined;
			/** The run to open on GitHub: the failed one, else the first. */
			readonly url: string;
	  };

const PASSED: ReadonlySet<string> = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);
const FIXABLE: ReadonlySet<string> = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

/** Decides once every run the fix's push triggered has completed. */
export function fixCiNotice(fix: FixCiFacts): FixCiNotice {
	const runs = fix.followUpRuns;
	if (!fix.pushed || runs.length === 0 || runs.some((r) => r.status !== 'COMPLETED')) {
		return { kind: 'wait' };
	}
	const repo = fix.repository.path.split(/[/\\]/).pop() ?? fix.repository.path;
	const failedRuns = runs.filter((r) => !PASSED.has(r.conclusion ?? ''));
	const names = (list: typeof runs) => list.map((r) => `${r.workflowName} #${r.runNumber}`).join(', ');
	const first = failedRuns[0];
	if (!first) {
		return { kind: 'notify', text: `The fix of ${fix.workflowName} #${fix.runNumber} in ${repo} passes CI: ${names(runs)} succeeded.`, failed: false, nextRound: undefined, url: runs[0]?.url ?? '' };
	}
	const fixable = failedRuns.find((r) => FIXABLE.has(r.conclusion ?? ''));
	const roundsLeft = fix.round < fix.maxRounds;
	const limit = roundsLeft ? '' : ` That was round ${fix.round} of ${fix.maxRounds}: no further round is offered.`;
	return {
		kind: 'notify',
		text: `The fix of ${fix.workflowName} #${fix.runNumber} in ${repo} did not pass CI: ${names(failedRuns)} ${failedRuns.length === 1 ? 'did' : 'do'} not succeed.${limit}`,
		failed: true,
		nextRound: fixable && roundsLeft ? { repositoryPath: fix.repository.path, runId: fixable.id } : undefined,
		url: first.url,
	};
}
