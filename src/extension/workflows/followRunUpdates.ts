import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import type { Gateway, SubscriptionResult } from '../../schema/gateway';
import { WorkflowRunUpdatedSubscription } from './workflowsQueries';

/**
 * Calls `onUpdate` for every `workflowRunUpdated` event of the graph. The graph refuses the
 * subscription while GitHub cannot be used (not signed in), so a refused or ended subscription
 * is tried again when the GitHub status next changes.
 */
export function followRunUpdates(gateway: Pick<Gateway, 'subscribe'>, onDidChangeStatus: Event<void>, onUpdate: () => void): vscode.Disposable {
	let iterator: SubscriptionResult | undefined;
	let disposed = false;
	let waiting = false;

	const start = async (): Promise<void> => {
		const result = await gateway.subscribe({ query: WorkflowRunUpdatedSubscription });
		if (disposed) {
			if (Symbol.asyncIterator in result) {
				await result.return?.();
			}
			return;
		}
		if (!(Symbol.asyncIterator in result)) {
			waiting = true;
			return;
		}
		iterator = result;
		for await (const event of result) {
			if (!event.errors?.length) {
				onUpdate();
			}
		}
		iterator = undefined;
		waiting = !disposed;
	};
	const run = () => {
		waiting = false;
		start().catch(() => {
			waiting = !disposed;
		});
	};
	const statusListener = onDidChangeStatus(() => {
		if (waiting && !disposed) {
			run();
		}
	});
	run();
	return new vscode.Disposable(() => {
		disposed = true;
		statusListener.dispose();
		void iterator?.return?.();
	});
}
