import * as vscode from 'vscode';

/**
 * A view with nothing to list yet: an empty tree makes VS Code show the view's `viewsWelcome`
 * content (sign in, install the CLI, no runs yet) instead of a blank panel.
 */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
	getTreeItem(element: never): vscode.TreeItem {
		return element;
	}
	getChildren(): never[] {
		return [];
	}
}
