import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { FIX_WITH_CLAUDE } from '../commands/fixWithClaudeCommand';
import { showMessage } from '../errors/notify';
import { readGraph } from '../readGraph';
import { readWorkflowsSettings } from '../workflows/workflowsSettings';
import { followGraph } from './followGraph';
import type { LastShip } from './lastShip';
import { ShipQuery, ShipUpdatedSubscription, unfollowedCi } from './shipQueries';
import { shipCiNotice } from './shipCiNotice';

const FIX = 'Fix with Claude';
const SHOW = 'Show Runs';

/**
 * Tells the user when the CI of the last ship has finished, in every repository it pushed: one
 * notification with the ship's line, "Fix with Claude" on the first failed run and "Show Runs"
 * (the Workflows view, where the ship's rows are). Ship Everything has already said what it
 * committed and pushed; this says what CI made of it, minutes later, wherever the user is.
 * Follows the ship through `shipUpdated`; a newer ship replaces it. Setting
 * `metaGothic.github.notifyOnCompletion`, as for dispatched runs.
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
		this.stopFollowing = followGraph(this.gateway, {
			subscription: { query: ShipUpdatedSubscription, variables: { id } },
			what: 'Ship: following CI failed',
			check: async (stopped) => {
				const { data } = await readGraph(this.gateway, ShipQuery, { id });
				if (stopped()) {
					return true;
				}
				if (!data?.ship) {
					// The graph forgot it (a newer graph after a reload): nothing left to follow.
					return true;
				}
				const notice = shipCiNotice(data.ship.rows, unfollowedCi(data));
				if (notice.kind === 'wait') {
					return false;
				}
				if (notice.kind === 'notify' && readWorkflowsSettings().notifyOnCompletion) {
					void this.notify(notice.text, notice.failed, notice.failedRun);
				}
				return true;
			},
		});
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
