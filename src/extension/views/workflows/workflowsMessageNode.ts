import * as vscode from 'vscode';

/** A one-line state the welcome content does not cover: rate limited, token rejected, stale, an error. */
export class WorkflowsMessageNode {
	constructor(
		readonly message: string,
		readonly icon: string,
		private readonly command?: vscode.Command,
		private readonly key = 'message',
	) {}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
		item.id = `message:${this.key}`;
		item.iconPath = new vscode.ThemeIcon(this.icon);
		item.tooltip = this.message;
		item.contextValue = 'workflowsMessage';
		item.command = this.command;
		return item;
	}
}
