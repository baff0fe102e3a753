import * as vscode from 'vscode';
import { commandsRun } from './commands/createCommand';
import { contextKeyValues } from './contextKeys';
import { DashboardPanel } from './dashboard/dashboardPanel';
import { shownNotifications } from './errors/notify';
import { captureExternalLinks } from './openExternal';
import { askedPrompts, queueAnswers, type ScriptedAnswer } from './prompts';
import type { HealthStatusBar } from './statusBar';
import { FileNode } from './views/repositories/fileNode';
import type { RepositoriesProvider } from './views/repositories/repositoriesProvider';
import { RepositoryNode } from './views/repositories/repositoryNode';

/** What `metaGothic.test.repositoriesView` answers: the Repositories view as a user sees it. */
export interface RepositoriesViewSnapshot {
	description: string | undefined;
	/** Labels of the top-level nodes (state groups, repositories or a message). */
	roots: string[];
	/** Paths of every repository the view holds. */
	repositories: string[];
	/** The message above the tree (what an empty workspace was searched with). */
	message: string | undefined;
	/** Paths of the repositories selected in the view. */
	selection: string[];
}

/** What `metaGothic.test.repositoryNodes` answers: a repository's row and its changed files' rows, as menus pass them to commands. */
export interface RepositoryNodesSnapshot {
	node: RepositoryNode;
	files: { node: FileNode; path: string; contextValue: string }[];
}

/**
 * Lets the extension-host tests read what a tree view shows, which VS Code's API does not
 * expose for another extension's view. Registered outside production only, and not contributed,
 * so users never see it.
 */
export function registerTestHooks(context: vscode.ExtensionContext, view: vscode.TreeView<unknown>, provider: RepositoriesProvider, statusBar: HealthStatusBar): vscode.Disposable[] {
	if (context.extensionMode === vscode.ExtensionMode.Production) {
		return [];
	}
	return [
		vscode.commands.registerCommand('metaGothic.test.repositoriesView', (): RepositoriesViewSnapshot => {
			const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
			return {
				description: typeof view.description === 'string' ? view.description : undefined,
				roots: provider.getChildren().map((node) => label(node.toTreeItem())),
				repositories: provider.shown.map((r) => r.path),
				message: view.message,
				selection: view.selection.filter((n): n is RepositoryNode => n instanceof RepositoryNode).map((n) => n.repo.path),
			};
		}),
		vscode.commands.registerCommand('metaGothic.test.repositoryNodes', (repositoryPath: string): RepositoryNodesSnapshot | undefined => {
			const node = provider.nodeOf(repositoryPath);
			if (!node) {
				return undefined;
			}
			const files = provider.getChildren(node).filter((n): n is FileNode => n instanceof FileNode);
			return { node, files: files.map((f) => ({ node: f, path: f.change.path, contextValue: f.toTreeItem().contextValue ?? '' })) };
		}),
		// Notifications shown (text and buttons), context keys set, the status bar's tooltip: what a user sees.
		vscode.commands.registerCommand('metaGothic.test.notifications', (clear?: boolean) => shownNotifications(clear === true)),
		// The open dashboard's bridge: its running operations and the results its page accepted.
		vscode.commands.registerCommand('metaGothic.test.dashboardBridge', () => DashboardPanel.bridgeSnapshot()),
		vscode.commands.registerCommand('metaGothic.test.contextKeys', () => contextKeyValues()),
		// Answers for the pick lists, input boxes and modal questions of src/extension/prompts.ts, and what they asked.
		vscode.commands.registerCommand('metaGothic.test.answerPrompts', (answers: ScriptedAnswer[]) => queueAnswers(answers)),
		vscode.commands.registerCommand('metaGothic.test.promptsAsked', (clear?: boolean) => askedPrompts(clear === true)),
		vscode.commands.registerCommand('metaGothic.test.commandsRun', () => commandsRun()),
		// Links a command opens outside VS Code, captured instead of opened while `capture` is true.
		vscode.commands.registerCommand('metaGothic.test.captureExternalLinks', (capture?: boolean) => captureExternalLinks(capture === true)),
		vscode.commands.registerCommand('metaGothic.test.statusBar', async () => {
			await statusBar.update();
			return { text: statusBar.text, tooltip: statusBar.tooltipMarkdown };
		}),
	];
}
