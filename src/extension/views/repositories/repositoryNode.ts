import * as path from 'node:path';
import * as vscode from 'vscode';
import { packagesDescription } from './packageInfo';
import type { ViewRepository } from './repositoriesQuery';
import { repositoryTooltip } from './repositoryTooltip';

function describe(repo: ViewRepository): string {
	if (!repo.initialized) {
		return 'not initialised';
	}
	if (repo.error) {
		return 'error';
	}
	if (repo.loading) {
		return 'reading…';
	}
	const parts = [repo.detached ? `detached ${repo.headSha?.slice(0, 7) ?? ''}` : repo.branch ?? ''];
	if (repo.ahead) {
		parts.push(`↑${repo.ahead}`);
	}
	if (repo.behind) {
		parts.push(`↓${repo.behind}`);
	}
	const dirty = repo.changes.length + repo.submoduleChanges.length;
	if (dirty) {
		parts.push(`●${dirty}`);
	}
	const packages = packagesDescription(repo);
	return [parts.filter(Boolean).join(' '), packages].filter(Boolean).join(' · ');
}

function icon(repo: ViewRepository): vscode.ThemeIcon {
	if (repo.error) {
		return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
	}
	if (repo.loading) {
		return new vscode.ThemeIcon('loading~spin');
	}
	if (!repo.initialized) {
		return new vscode.ThemeIcon('circle-slash');
	}
	if (repo.changes.some((c) => c.conflicted)) {
		return new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('gitDecoration.conflictingResourceForeground'));
	}
	if (repo.isDirty) {
		return new vscode.ThemeIcon('repo', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'));
	}
	return new vscode.ThemeIcon(repo.kind === 'SUBMODULE' ? 'file-submodule' : 'repo');
}

/** A repository: branch, ↑↓ and dirty count at a glance; its changed files below. */
export class RepositoryNode {
	constructor(
		readonly repo: ViewRepository,
		readonly childRepositories: readonly RepositoryNode[] = [],
	) {}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.repo.name, this.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = `repo:${this.repo.path}`;
		item.description = describe(this.repo);
		item.iconPath = icon(this.repo);
		item.resourceUri = vscode.Uri.file(this.repo.path);
		item.tooltip = new vscode.MarkdownString(repositoryTooltip(this.repo));
		// Space-joined state tokens so menus can match with =~ (see package.json menus).
		// Not read yet, its state is unknown: no git action is offered until it is.
		item.contextValue = this.repo.loading ? 'repository reading' : [
			'repository',
			this.repo.initialized ? '' : 'uninitialised',
			this.repo.kind === 'SUBMODULE' ? 'submodule' : '',
			this.repo.isDirty ? 'dirty' : 'clean',
			this.repo.ahead ? 'ahead' : '',
			this.repo.behind ? 'behind' : '',
			this.repo.upstream ? 'upstream' : 'noUpstream',
			this.repo.packages.some((p) => p.needsRelease) ? 'needsRelease' : '',
		]
			.filter(Boolean)
			.join(' ');
		return item;
	}

	get hasChildren(): boolean {
		return this.repo.changes.length > 0 || this.repo.submoduleChanges.length > 0 || this.childRepositories.length > 0;
	}

	/** Absolute path of a file of this repository. */
	resolve(relativePath: string): string {
		return path.join(this.repo.path, relativePath);
	}
}
