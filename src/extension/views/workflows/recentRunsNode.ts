import * as vscode from 'vscode';
import type { ViewRun } from '../../workflows/workflowsQueries';
import { WorkflowRunNode } from './workflowRunNode';
import { WorkflowsMessageNode } from './workflowsMessageNode';

/** The newest runs of every repository, newest first: what just happened anywhere. */
export class RecentRunsNode {
	static readonly ID = 'recent';

	constructor(
		readonly runs: readonly ViewRun[],
		private readonly now = Date.now(),
		/** The filters on ("failing · mine"), from Filter Recent Runs; empty for every run. */
		private readonly filter = '',
	) {}

	/** The runs' rows; a line that says the filter hides every run, with Clear, when it does. */
	get children(): Array<WorkflowRunNode | WorkflowsMessageNode> {
		if (this.runs.length === 0 && this.filter) {
			return [new WorkflowsMessageNode(`No recent run is ${this.filter}.`, 'filter', { command: 'metaGothic.workflows.clearRunFilter', title: 'Clear Run Filter' }, `${RecentRunsNode.ID}/filtered`)];
		}
		return this.runs.map((run) => new WorkflowRunNode(run, RecentRunsNode.ID, true, this.now));
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Recent runs', vscode.TreeItemCollapsibleState.Expanded);
		item.id = RecentRunsNode.ID;
		item.iconPath = new vscode.ThemeIcon(this.filter ? 'filter' : 'history');
		const active = this.runs.filter((r) => r.status !== 'COMPLETED').length;
		const state = active > 0 ? `${active} in progress` : this.runs.length === 0 && !this.filter ? 'none yet' : '';
		item.description = [this.filter, state].filter(Boolean).join(' · ');
		if (this.filter) {
			item.tooltip = `Recent runs that are ${this.filter}`;
		}
		item.contextValue = this.filter ? 'recentRuns filtered' : 'recentRuns';
		return item;
	}
}
