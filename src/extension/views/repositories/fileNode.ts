import * as vscode from 'vscode';
import type { ViewFileChange } from './repositoriesQuery';

const LETTERS: Record<string, string> = {
	MODIFIED: 'M',
	ADDED: 'A',
	DELETED: 'D',
	RENAMED: 'R',
	COPIED: 'C',
	TYPE_CHANGED: 'T',
	UNTRACKED: 'U',
	IGNORED: '!',
	UNMERGED: '!',
	UNMODIFIED: '',
};

/** A changed file of a repository; clicking opens it. */
export class FileNode {
	constructor(
		readonly repositoryPath: string,
		readonly change: ViewFileChange,
	) {}

	get uri(): vscode.Uri {
		return vscode.Uri.joinPath(vscode.Uri.file(this.repositoryPath), this.change.path);
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.uri, vscode.TreeItemCollapsibleState.None);
		item.id = `file:${this.repositoryPath}:${this.change.path}`;
		const staged = LETTERS[this.change.indexStatus];
		const unstaged = LETTERS[this.change.worktreeStatus];
		item.description = this.change.conflicted ? 'conflict' : [staged && `${staged} staged`, unstaged].filter(Boolean).join(', ');
		if (this.change.originalPath) {
			item.tooltip = `${this.change.originalPath} → ${this.change.path}`;
		}
		item.contextValue = ['file', this.change.conflicted ? 'conflicted' : '', this.change.worktreeStatus === 'DELETED' ? 'deleted' : ''].filter(Boolean).join(' ');
		if (this.change.worktreeStatus !== 'DELETED') {
			item.command = { command: 'vscode.open', title: 'Open File', arguments: [this.uri] };
		}
		return item;
	}
}
