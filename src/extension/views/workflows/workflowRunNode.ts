import * as path from 'node:path';
import * as vscode from 'vscode';
import { runContextValue, runDescription, runLabel } from '../../workflows/runPresentation';
import type { ViewRun } from '../../workflows/workflowsQueries';
import { stateThemeIcon } from './stateThemeIcon';
import { workflowRunTooltip } from './workflowRunTooltip';

/** One workflow run; its children (jobs) are read when it is expanded. */
export class WorkflowRunNode {
	constructor(
		readonly run: ViewRun,
		private readonly parentId: string,
		/** Set in the cross-repository timeline, where the row names its repository. */
		private readonly showRepository = false,
		private readonly now = Date.now(),
	) {}

	get id(): string {
		return `${this.parentId}/run:${this.run.id}`;
	}

	get repositoryPath(): string {
		return this.run.repository.path;
	}

	/** The run's page on GitHub, for "Open on GitHub". */
	get url(): string {
		return this.run.url;
	}

	get contextValue(): string {
		return runContextValue(this.run);
	}

	toTreeItem(): vscode.TreeItem {
		const label = runLabel(this.run, this.showRepository ? path.basename(this.repositoryPath) : undefined);
		const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.description = runDescription(this.run, this.now);
		item.iconPath = stateThemeIcon(this.run.status, this.run.conclusion);
		item.contextValue = this.contextValue;
		item.tooltip = this.tooltip();
		return item;
	}

	private tooltip(): vscode.MarkdownString {
		// Theme icons on for the tooltip's own icons; every name in it has `$(` escaped.
		return new vscode.MarkdownString(workflowRunTooltip(this.run, path.basename(this.repositoryPath), this.now), true);
	}
}
