import * as vscode from 'vscode';
import type { RepositoryNode } from './repositoryNode';

/** The states repositories are grouped by, most urgent first. */
export type RepositoryGroup = 'errors' | 'conflicts' | 'dirty' | 'unsynced' | 'reading' | 'clean' | 'uninitialised';

const LABELS: Record<RepositoryGroup, string> = {
	errors: 'Errors',
	conflicts: 'Conflicts',
	dirty: 'Changes',
	unsynced: 'Ahead / Behind',
	reading: 'Reading…',
	clean: 'Clean',
	uninitialised: 'Not Initialised',
};

/** A group of repositories sharing a state. */
export class GroupNode {
	constructor(
		readonly group: RepositoryGroup,
		readonly repositories: readonly RepositoryNode[],
	) {}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(LABELS[this.group], this.group === 'clean' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
		item.id = `group:${this.group}`;
		item.description = String(this.repositories.length);
		item.contextValue = `group ${this.group}`;
		return item;
	}
}
