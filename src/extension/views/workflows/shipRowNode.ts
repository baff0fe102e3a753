import * as vscode from 'vscode';
import { summarizeShipRow } from '../../flows/shipSummary';
import type { ViewShipRow } from '../../flows/shipQueries';

/**
 * One repository of the last ship: how far it got (committed, pushed, CI) or the step that failed
 * with its code. A CI failure carries its run, so Fix with Claude takes the row as its argument.
 */
export class ShipRowNode {
	readonly repositoryPath: string;
	/** The failed run Fix with Claude fixes, when CI failed. */
	readonly runId: string | undefined;

	constructor(
		readonly row: ViewShipRow,
		private readonly parentId: string,
		/** Why CI is not followed for it, if it is not. */
		private readonly unfollowed?: string,
	) {
		this.repositoryPath = row.repository.path;
		this.runId = summarizeShipRow(row, unfollowed).failedRun?.id;
	}

	get id(): string {
		return `${this.parentId}/${this.repositoryPath}`;
	}

	toTreeItem(): vscode.TreeItem {
		const summary = summarizeShipRow(this.row, this.unfollowed);
		const item = new vscode.TreeItem(this.row.repository.name, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = summary.description;
		item.iconPath = new vscode.ThemeIcon(summary.icon.id, summary.icon.color ? new vscode.ThemeColor(summary.icon.color) : undefined);
		item.contextValue = summary.contextValue;
		// The code is in the description; the message (git's words, credentials removed) is for hovering.
		const error = this.row.commit.error ?? this.row.push.error;
		item.tooltip = [`${this.row.repository.name}: ${summary.description}`, error ? `${error.code}: ${error.message}` : '', this.repositoryPath].filter(Boolean).join('\n');
		return item;
	}
}
