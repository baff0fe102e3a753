import * as vscode from 'vscode';
import { workflowContextValue } from '../../workflows/runPresentation';
import type { ViewRun, ViewWorkflow } from '../../workflows/workflowsQueries';
import { stateThemeIcon } from './stateThemeIcon';
import { WorkflowRunNode } from './workflowRunNode';

/** A workflow file of a repository, with its newest runs as children. */
export class WorkflowNode {
	constructor(
		readonly repositoryPath: string,
		readonly workflow: ViewWorkflow,
		readonly runs: readonly ViewRun[],
		private readonly parentId: string,
		private readonly now = Date.now(),
	) {}

	get id(): string {
		return `${this.parentId}/workflow:${this.workflow.id}`;
	}

	get url(): string | null {
		return this.workflow.url;
	}

	get children(): WorkflowRunNode[] {
		return this.runs.map((run) => new WorkflowRunNode(run, this.id, false, this.now));
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.workflow.name, this.runs.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = this.workflow.path.split('/').pop();
		const latest = this.runs[0];
		item.iconPath = latest ? stateThemeIcon(latest.status, latest.conclusion) : new vscode.ThemeIcon('symbol-event');
		item.tooltip = `${this.workflow.path}${this.workflow.state === 'ACTIVE' ? '' : ` (${this.workflow.state.toLowerCase().replace(/_/g, ' ')})`}${this.workflow.dispatchInputs ? '\nCan be run by hand.' : ''}`;
		item.contextValue = workflowContextValue(this.workflow.dispatchInputs != null, this.workflow.url != null);
		return item;
	}
}
