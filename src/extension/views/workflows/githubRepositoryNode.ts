import * as vscode from 'vscode';
import type { ViewGitHubRepository, ViewRun } from '../../workflows/workflowsQueries';
import { stateThemeIcon } from './stateThemeIcon';

/** A local repository with a GitHub remote; its workflows are read when it is expanded. */
export class GitHubRepositoryNode {
	constructor(
		readonly repository: ViewGitHubRepository,
		/** Newest run on the default branch, for the icon. */
		private readonly latestRun: ViewRun | null,
	) {}

	get id(): string {
		return `repo:${this.repository.path}`;
	}

	get repositoryPath(): string {
		return this.repository.path;
	}

	get url(): string | null {
		return this.repository.github?.url ?? null;
	}

	toTreeItem(): vscode.TreeItem {
		const gh = this.repository.github;
		const item = new vscode.TreeItem(this.repository.name, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.description = gh ? `${gh.owner}/${gh.name}` : '';
		if (gh?.error) {
			item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
			item.tooltip = gh.error;
		} else {
			item.iconPath = this.latestRun ? stateThemeIcon(this.latestRun.status, this.latestRun.conclusion) : new vscode.ThemeIcon('repo');
			item.tooltip = `${this.repository.path}\n${gh?.url ?? ''}`;
		}
		item.contextValue = 'githubRepository';
		return item;
	}
}
