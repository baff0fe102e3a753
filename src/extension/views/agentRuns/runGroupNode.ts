import * as vscode from 'vscode';
import type { ViewAgentRun } from '../../agentRuns/agentRunsQueries';
import type { AgentRunNode } from './agentRunNode';

/** The statuses runs are grouped by, in the order the view shows them. */
export const RUN_GROUP_ORDER: readonly ViewAgentRun['status'][] = ['RUNNING', 'QUEUED', 'FAILED', 'BUDGET_EXCEEDED', 'SUCCEEDED', 'CANCELLED'];

const LABELS: Record<ViewAgentRun['status'], string> = {
	RUNNING: 'Running',
	QUEUED: 'Queued',
	FAILED: 'Failed',
	SUCCEEDED: 'Succeeded',
	CANCELLED: 'Cancelled',
	BUDGET_EXCEEDED: 'Stopped at Budget',
};

/** Runs sharing a status; the group shows how many and what they cost together. */
export class RunGroupNode {
	constructor(
		readonly status: ViewAgentRun['status'],
		readonly runs: readonly AgentRunNode[],
	) {}

	toTreeItem(): vscode.TreeItem {
		// Cancelled runs are rarely looked at again; everything else opens.
		const state = this.status === 'CANCELLED' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
		const item = new vscode.TreeItem(LABELS[this.status], state);
		item.id = `runGroup:${this.status}`;
		const cost = this.runs.reduce((sum, n) => sum + (n.run.costUsd ?? 0), 0);
		item.description = cost > 0 ? `${this.runs.length} · $${cost.toFixed(2)}` : String(this.runs.length);
		item.contextValue = `runGroup ${this.status.toLowerCase()}`;
		return item;
	}
}
