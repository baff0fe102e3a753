import * as vscode from 'vscode';
import { IGNORED_GIT_PATHS, repositoryForFile } from '../../git/repositoryForFile';
import type { RepositoryState } from '../../git/types';
import { log } from '../log';

/** What the watcher needs of the git model. */
export interface WatchedModel {
	readonly repositories: readonly RepositoryState[];
	refresh(path: string): Promise<unknown>;
}

/**
 * Keeps repository state live from file-system events: each event marks its repository, and
 * each marked repository is re-read once its burst has settled — only that repository, with one
 * `git status`.
 */
export class RepositoryWatcher implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly model: WatchedModel,
		private readonly debounceMs = 200,
	) {
		const watcher = vscode.workspace.createFileSystemWatcher('**/*');
		this.disposables.push(watcher, watcher.onDidChange((u) => this.onFile(u)), watcher.onDidCreate((u) => this.onFile(u)), watcher.onDidDelete((u) => this.onFile(u)));
	}

	private onFile(uri: vscode.Uri): void {
		if (uri.scheme !== 'file' || IGNORED_GIT_PATHS.test(uri.path)) {
			return;
		}
		const repo = repositoryForFile(uri.fsPath, this.model.repositories);
		if (repo) {
			this.eventuallyRefresh(repo.path);
		}
	}

	private eventuallyRefresh(repoPath: string): void {
		clearTimeout(this.timers.get(repoPath));
		this.timers.set(
			repoPath,
			setTimeout(() => {
				this.timers.delete(repoPath);
				this.model.refresh(repoPath).catch((err: unknown) => log.warn(`Could not refresh ${repoPath}: ${err instanceof Error ? err.message : String(err)}`));
			}, this.debounceMs),
		);
	}

	dispose(): void {
		for (const timer of this.timers.values()) {
			clearTimeout(timer);
		}
		this.timers.clear();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
