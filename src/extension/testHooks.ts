import * as vscode from 'vscode';
import type { RepositoriesProvider } from './views/repositories/repositoriesProvider';

/** What `metaGothic.test.repositoriesView` answers: the Repositories view as a user sees it. */
export interface RepositoriesViewSnapshot {
	description: string | undefined;
	/** Labels of the top-level nodes (state groups, repositories or a message). */
	roots: string[];
	/** Paths of every repository the view holds. */
	repositories: string[];
}

/**
 * Lets the extension-host tests read what a tree view shows, which VS Code's API does not
 * expose for another extension's view. Registered outside production only, and not contributed,
 * so users never see it.
 */
export function registerTestHooks(context: vscode.ExtensionContext, view: vscode.TreeView<unknown>, provider: RepositoriesProvider): vscode.Disposable[] {
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
			};
		}),
	];
}
