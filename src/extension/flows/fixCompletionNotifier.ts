import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { FIX_WITH_CLAUDE } from '../commands/fixWithClaudeCommand';
import { showMessage } from '../errors/notify';
import { openExternal } from '../openExternal';
import { readGraph } from '../readGraph';
import { readWorkflowsSettings } from '../workflows/workflowsSettings';
import { fixCiNotice } from './fixCiNotice';
import { followGraph } from './followGraph';
import { FixCiQuery, WorkflowFixUpdatedSubscription } from './fixQueries';

const FIX = 'Fix with Claude';
const OPEN = 'Open on GitHub';

/**
 * Follows the runs an accepted fix's push triggered and says, once they have all finished,
 * whether the fix passes CI: "Open on GitHub", and on a failure "Fix with Claude" for one more
 * round while the fix has rounds left. Accepting says the fix was pushed; this says, minutes
 * later and wherever the user is, what CI made of it. Setting `metaGothic.github.notifyOnCompletion`.
 */
export class FixCompletionNotifier implements vscode.Disposable {
	private readonly following = new Map<string, () => void>();

	constructor(private readonly gateway: Pick<Gateway, 'execute' | 'subscribe'>) {}

	/** Follows the fix `id` (just pushed) until its CI has finished; following it again restarts. */
	follow(id: string): void {
		this.following.get(id)?.();
		let sawRuns = false;
		const stop = followGraph(this.gateway, {
			subscription: { query: WorkflowFixUpdatedSubscription, variables: { id } },
			what: 'Fix with Claude: following CI failed',
			// A push that started no run by then never will: stop holding the subscription.
			giveUp: { check: async () => !sawRuns },
			check: async (stopped) => {
				const { data } = await readGraph(this.gateway, FixCiQuery, { id });
				if (stopped()) {
					return true;
				}
				const fix = data?.workflowFix;
				if (!fix) {
					// The graph forgot it (a newer graph after a reload): nothing left to follow.
					return true;
				}
				sawRuns ||= fix.followUpRuns.length > 0;
				const notice = fixCiNotice(fix);
				if (notice.kind === 'wait') {
					return false;
				}
				// Settled: end this follow (its subscription and its timer) before saying so.
				this.following.get(id)?.();
				if (readWorkflowsSettings().notifyOnCompletion) {
					void this.notify(notice.text, notice.failed, notice.nextRound, notice.url);
				}
				return true;
			},
		});
		this.following.set(id, () => {
			this.following.delete(id);
			stop();
		});
	}

	private async notify(text: string, failed: boolean, nextRound: { repositoryPath: string; runId: string } | undefined, url: string): Promise<void> {
		const choice = await showMessage(failed ? 'warning' : 'info', text, ...(nextRound ? [FIX] : []), ...(url ? [OPEN] : []));
		if (choice === FIX && nextRound) {
			await vscode.commands.executeCommand(FIX_WITH_CLAUDE, nextRound);
		} else if (choice === OPEN) {
			await openExternal(vscode.Uri.parse(url));
		}
	}

	dispose(): void {
		for (const stop of [...this.following.values()]) {
			stop();
		}
	}
}
