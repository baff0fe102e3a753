import * as vscode from 'vscode';
import { Debouncer } from '../../common/throttle';
import { IGNORED_GIT_PATHS, repositoryForFile } from '../../git/repositoryForFile';
import type { RepositoryState } from '../../schema/contracts/repos';
import { log } from '../log';

/** What the watcher needs of the git model. */
export interface WatchedModel {
	readonly repositories: readonly RepositoryState[];
	refresh(path: string): Promise<unknown>;
}

/** A repository's current burst of file events. */
interface Burst {
	/** Ends the burst once no event came for the debounce period. */
	readonly end: Debouncer;
	/** Events came after the read that opened the burst: read once more when it ends. */
	readAgain: boolean;
}

/**
 * Keeps repository state live from file-system events, re-reading only the repository an event
 * belongs to, with one `git status`. The first event in a quiet repository reads it at once: VS
 * Code's watcher already takes ~100 ms to report a change, and waiting out a debounce on top
 * would put a single save at ~300 ms. Events that follow within the debounce period (a checkout,
 * an install) make one more read once the burst has settled, so a burst costs at most two.
 */
export class RepositoryWatcher implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private readonly bursts = new Map<string, Burst>();

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
			this.onRepositoryEvent(repo.path);
		}
	}

	private onRepositoryEvent(repoPath: string): void {
		const burst = this.bursts.get(repoPath);
		if (burst) {
			burst.readAgain = true;
			burst.end.trigger();
			return;
		}
		const started: Burst = {
			end: new Debouncer(this.debounceMs, () => {
				this.bursts.delete(repoPath);
				started.end.dispose();
				if (started.readAgain) {
					this.refresh(repoPath);
				}
			}),
			readAgain: false,
		};
		this.bursts.set(repoPath, started);
		started.end.trigger();
		this.refresh(repoPath);
	}

	private refresh(repoPath: string): void {
		this.model.refresh(repoPath).catch((err: unknown) => log.warn(`Could not refresh ${repoPath}: ${err instanceof Error ? err.message : String(err)}`));
	}

	dispose(): void {
		for (const burst of this.bursts.values()) {
			burst.end.dispose();
		}
		this.bursts.clear();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
