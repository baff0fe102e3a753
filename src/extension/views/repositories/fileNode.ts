import * as vscode from 'vscode';
import { revisionUri } from '../../git/headContentProvider';
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
		item.contextValue = ['file', this.change.conflicted ? 'conflicted' : '', this.change.worktreeStatus === 'DELETED' ? 'deleted' : '', this.change.indexStatus !== 'UNMODIFIED' ? 'staged' : '', this.change.worktreeStatus !== 'UNMODIFIED' ? 'unstaged' : ''].filter(Boolean).join(' ');
		item.command = this.openCommand();
		return item;
	}

	/** Click: the diff against HEAD for a tracked file, the file itself for a new one. */
	private openCommand(): vscode.Command {
		const name = this.change.path.split('/').pop() ?? this.change.path;
		const isNew = this.change.worktreeStatus === 'UNTRACKED' || this.change.indexStatus === 'ADDED';
		if (isNew) {
			return { command: 'vscode.open', title: 'Open File', arguments: [this.uri] };
		}
		const head = revisionUri(this.repositoryPath, this.uri.fsPath, 'HEAD');
		if (this.change.worktreeStatus === 'DELETED' || (this.change.indexStatus === 'DELETED' && this.change.worktreeStatus === 'UNMODIFIED')) {
			return { command: 'vscode.open', title: 'Open File at HEAD', arguments: [head] };
		}
		return { command: 'vscode.diff', title: 'Open Changes', arguments: [head, this.uri, `${name} (HEAD ↔ Working Tree)`] };
	}
}
