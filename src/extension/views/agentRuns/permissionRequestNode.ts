import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewPermissionRequest } from '../../agentRuns/agentRunsQueries';

/**
 * `core: Bash \`npm test\``: what a run waits to be allowed, as one line of plain text. Tree
 * labels and notifications are not Markdown, so the summary (the agent's own text) is shown as
 * it is and cannot format or link anything.
 */
export function permissionRequestText(request: Pick<ViewPermissionRequest, 'tool' | 'inputSummary' | 'repository'>): string {
	const summary = request.inputSummary ? ` \`${request.inputSummary}\`` : '';
	return `${path.basename(request.repository.path)}: ${request.tool}${summary}`;
}

/** One pending permission request, under its run, answered with the row's inline actions. */
export class PermissionRequestNode {
	constructor(readonly request: ViewPermissionRequest) {}

	/** The `viewItem` the Allow Once / Always for This Run / Deny actions match (see package.json). */
	readonly contextValue = 'permissionRequest';

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(permissionRequestText(this.request), vscode.TreeItemCollapsibleState.None);
		item.id = `permission:${this.request.id}`;
		item.description = 'waiting for permission';
		item.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
		item.contextValue = this.contextValue;
		// A plain string, never a MarkdownString: the summary is the agent's text.
		item.tooltip = `${permissionRequestText(this.request)}\nRequested ${new Date(this.request.requestedAt).toLocaleTimeString()}. Unanswered, it is denied.`;
		return item;
	}
}
