/**
 * Several processes may write one run history (two VS Code windows, a window and the CLI). Each
 * holds the history as it read it plus its own runs; writing that alone would drop the runs
 * another process started since, and put back states their owners have moved past. So each
 * write merges what is on disk first.
 */
import { isTerminal, type AgentRun } from './runModel';

/**
 * `ours` merged with `stored` (the history on disk now): a run only on disk is kept; for a run in
 * both, the owner's version wins — ours when this process runs it, otherwise the stored one, unless
 * only ours has ended it (a run whose owner is gone, marked interrupted here).
 */
export function mergeWithStored(ours: readonly AgentRun[], stored: readonly AgentRun[], pid: number = process.pid): AgentRun[] {
	const merged = new Map(ours.map((run) => [run.id, run]));
	for (const theirs of stored) {
		const mine = merged.get(theirs.id);
		if (!mine) {
			merged.set(theirs.id, theirs);
		} else if (mine.owner?.pid !== pid && (isTerminal(theirs.status) || !isTerminal(mine.status))) {
			merged.set(theirs.id, theirs);
		}
	}
	return [...merged.values()];
}
