import * as vscode from 'vscode';
import type { ViewStep } from '../../workflows/workflowsQueries';
import { runState, stateText } from '../../workflows/runPresentation';
import { stateThemeIcon } from './stateThemeIcon';

/** One step of a job: number, name and state. */
export class WorkflowStepNode {
	constructor(
		readonly step: ViewStep,
		private readonly parentId: string,
	) {}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.step.name, vscode.TreeItemCollapsibleState.None);
		item.id = `${this.parentId}/step:${this.step.number}`;
		item.description = `#${this.step.number}`;
		item.iconPath = stateThemeIcon(this.step.status, this.step.conclusion);
		item.tooltip = `${this.step.name}: ${stateText(runState(this.step.status, this.step.conclusion))}`;
		item.contextValue = 'workflowStep';
		return item;
	}
}
