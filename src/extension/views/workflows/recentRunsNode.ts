import * as vscode from 'vscode';
import type { ViewRun } from '../../workflows/workflowsQueries';
import { WorkflowRunNode } from './workflowRunNode';

/** The newest runs of every repository, newest first: what just happened anywhere. */
export class RecentRunsNode {
	static readonly ID = 'recent';

	constructor(
		readonly runs: readonly ViewRun[],
		private readonly now = Date.now(),
	) {}

	get children(): WorkflowRunNode[] {
		return this.runs.map((run) => new WorkflowRunNode(run, RecentRunsNode.ID, true, this.now));
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Recent runs', vscode.TreeItemCollapsibleState.Expanded);
		item.id = RecentRunsNode.ID;
		item.iconPath = new vscode.ThemeIcon('history');
		const active = this.runs.filter((r) => r.status !== 'COMPLETED').length;
		item.description = active > 0 ? `${active} in progress` : this.runs.length === 0 ? 'none yet' : '';
		item.contextValue = 'recentRuns';
		return item;
	}
}
