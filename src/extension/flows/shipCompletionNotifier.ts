import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { FIX_WITH_CLAUDE } from '../commands/fixWithClaudeCommand';
import { showMessage } from '../errors/notify';
import { readGraph } from '../readGraph';
import { readWorkflowsSettings } from '../workflows/workflowsSettings';
import { followGraph } from './followGraph';
import type { LastShip } from './lastShip';
import { ShipQuery, ShipUpdatedSubscription, unfollowedCi } from './shipQueries';
import { NO_RUN_STARTED, shipCiNotice } from './shipCiNotice';

const FIX = 'Fix with Claude';
const SHOW = 'Show Runs';

/**
 * Tells the user when the CI of the last ship has finished, in every repository it pushed: one
 * notification with the ship's line, "Fix with Claude" on the first failed run and "Show Runs"
 * (the Workflows view, where the ship's rows are). Ship Everything has already said what it
 * committed and pushed; this says what CI made of it, minutes later, wherever the user is.
 * Follows the ship through `shipUpdated`; a newer ship replaces it. Setting
 * `metaGothic.github.notifyOnCompletion`, as for dispatched runs. A repository whose push has
 * started no run `NO_RUN_AFTER_MS` (followGraph.ts) after the ship is counted as having no CI, so that one
 * repository without a push workflow does not keep the others' outcome from being said.
 */
export class ShipCompletionNotifier implements vscode.Disposable {
	private stopFollowing: (() => void) | undefined;
	private readonly listener: vscode.Disposable;

	constructor(
		private readonly gateway: Pick<Gateway, 'execute' | 'subscribe'>,
		lastShip: Pick<LastShip, 'id' | 'onDidChange'>,
	) {
		this.listener = lastShip.onDidChange(() => this.follow(lastShip.id));
	}

	private follow(id: string | undefined): void {
		this.stopFollowing?.();
		this.stopFollowing = undefined;
		if (id === undefined) {
			return;
		}
		let waitedLong = false;
		let stopped = false;
		// `stopSubscription` is set below, before anything can call `stop`.
		const stop = () => {
			stopped = true;
			stopSubscription();
		};
		/** Reads the ship; says its outcome once, and stops, when it has one. */
		const settle = async (): Promise<boolean> => {
			const { data } = await readGraph(this.gateway, ShipQuery, { id });
			if (stopped) {
				return true;
			}
			if (!data?.ship) {
				// The graph forgot it (a newer graph after a reload): nothing left to follow.
				stop();
				return true;
			}
			const unfollowed = unfollowedCi(data);
			const notice = shipCiNotice(data.ship.rows, (row) => unfollowed(row) ?? (waitedLong && row.ci === 'WAITING' ? NO_RUN_STARTED : undefined));
			if (notice.kind === 'wait') {
				return false;
			}
			// Stopped before saying it: an event and the give-up timer reading at once say it once.
			stop();
			if (notice.kind === 'notify' && readWorkflowsSettings().notifyOnCompletion) {
				void this.notify(notice.text, notice.failed, notice.failedRun);
			}
			return true;
		};
		const stopSubscription = followGraph(this.gateway, {
			subscription: { query: ShipUpdatedSubscription, variables: { id } },
			what: 'Ship: following CI failed',
			check: settle,
			// Then a repository still waiting for its first run has none to wait for.
			giveUp: {
				check: () => {
					waitedLong = true;
					return settle();
				},
			},
		});
		this.stopFollowing = stop;
	}

	private async notify(text: string, failed: boolean, failedRun: { repositoryPath: string; runId: string } | undefined): Promise<void> {
		const choice = await showMessage(failed ? 'warning' : 'info', text, ...(failedRun ? [FIX] : []), SHOW);
		if (choice === FIX && failedRun) {
			await vscode.commands.executeCommand(FIX_WITH_CLAUDE, failedRun);
		} else if (choice === SHOW) {
			await vscode.commands.executeCommand('metaGothic.workflows.focus');
		}
	}

	dispose(): void {
		this.listener.dispose();
		this.stopFollowing?.();
	}
}
