import { access, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
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

/** How many created paths of one burst are checked for a `.git` inside them. */
const MAX_CREATED_CHECKS = 256;

/** A `.git` folder or file, or the HEAD inside one: a repository may have appeared or gone. */
const DOT_GIT = /^(.*)\/\.git(?:\/HEAD)?$/;

/**
 * Keeps repository state live from file-system events, re-reading only the repository an event
 * belongs to, with one `git status`. The first event in a quiet repository reads it at once: VS
 * Code's watcher already takes ~100 ms to report a change, and waiting out a debounce on top
 * would put a single save at ~300 ms. Events that follow within the debounce period (a checkout,
 * an install) make one more read once the burst has settled, so a burst costs at most two.
 *
 * A `.git` that appears where no repository is known (a `git clone` or `git init` in a terminal),
 * or goes from one that is, asks for `onPossibleRepository` (a scan), once the burst has settled.
 */
export class RepositoryWatcher implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private readonly bursts = new Map<string, Burst>();
	private readonly possibleRepository: Debouncer;
	/** Paths created in the current burst, to check for a `.git` when it settles. */
	private readonly created = new Set<string>();
	private readonly checkCreated: Debouncer;
	/** The repositories known when {@link track} was first called; undefined before that. */
	private initial: Set<string> | undefined;
	/** Folders whose `.git` asked for a scan that is still to come. */
	private readonly candidates = new Set<string>();
	/**
	 * Folders with a `.git` that a scan did not take in (excluded, or deeper than the discovery
	 * depth): their events ask for no more scans, or every checkout there would cost one.
	 */
	private readonly notRepositories = new Set<string>();
	/** Own watchers of repositories that appeared after the first scan, by path. */
	private readonly appeared = new Map<string, vscode.Disposable>();
	private disposed = false;

	constructor(
		private readonly model: WatchedModel,
		onPossibleRepository: () => void,
		private readonly debounceMs = 200,
	) {
		// Long enough for a clone to write its working tree before the scan reads it.
		this.possibleRepository = new Debouncer(debounceMs * 5, onPossibleRepository);
		this.checkCreated = new Debouncer(debounceMs, () => void this.findCreatedRepositories());
		const watcher = vscode.workspace.createFileSystemWatcher('**/*');
		this.disposables.push(watcher, this.possibleRepository, this.checkCreated, ...this.listen(watcher));
	}

	/**
	 * Takes in the repositories of the latest scan. The workspace's recursive watcher can miss
	 * every later event in folders created in a burst, as a clone creates them (its recursive
	 * watch is set up while the folders fill), so a repository that appeared after the first scan
	 * gets non-recursive watchers of its own, on its root and its git folder: its index, HEAD and
	 * top-level files are then seen even when the workspace watcher is blind to it.
	 */
	async track(repositories: readonly RepositoryState[]): Promise<void> {
		const paths = new Set(repositories.map((r) => r.path));
		for (const folder of this.candidates) {
			if (paths.has(folder)) {
				this.notRepositories.delete(folder);
			} else {
				this.notRepositories.add(folder);
			}
		}
		this.candidates.clear();
		if (!this.initial) {
			this.initial = paths;
			return;
		}
		for (const [repoPath, watchers] of this.appeared) {
			if (!paths.has(repoPath)) {
				watchers.dispose();
				this.appeared.delete(repoPath);
			}
		}
		for (const repo of repositories) {
			if (this.initial.has(repo.path) || this.appeared.has(repo.path) || !repo.initialized) {
				continue;
			}
			const folders = [repo.path];
			const gitDir = await gitDirOf(repo.path);
			if (this.disposed || this.appeared.has(repo.path)) {
				// Disposed meanwhile, or taken in by a track() that ran during the read.
				continue;
			}
			if (gitDir) {
				folders.push(gitDir);
			}
			const watchers = folders.map((folder) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*')));
			const listeners = watchers.flatMap((w) => this.listen(w));
			this.appeared.set(repo.path, vscode.Disposable.from(...listeners, ...watchers));
		}
	}

	private listen(watcher: vscode.FileSystemWatcher): vscode.Disposable[] {
		return [
			watcher.onDidChange((u) => this.onFile(u, false)),
			watcher.onDidCreate((u) => {
				this.onCreated(u);
				this.onFile(u, false);
			}),
			watcher.onDidDelete((u) => this.onFile(u, true)),
		];
	}

	/**
	 * A folder created in one go (`git clone`) can hide its own `.git` from the watcher (see
	 * {@link track}): so created paths are checked for a `.git` once the burst settles, the first
	 * {@link MAX_CREATED_CHECKS} of a burst (a clone's folder is its first event).
	 */
	private onCreated(uri: vscode.Uri): void {
		if (uri.scheme !== 'file' || this.created.size >= MAX_CREATED_CHECKS || /\/\.git(?:\/|$)/.test(uri.path)) {
			return;
		}
		this.created.add(uri.fsPath.split(path.sep).join('/'));
		this.checkCreated.trigger();
	}

	private async findCreatedRepositories(): Promise<void> {
		const created = [...this.created];
		this.created.clear();
		const found = await Promise.all(created.map(async (folder) => ((await exists(`${folder}/.git`)) ? folder : undefined)));
		for (const folder of found) {
			if (folder !== undefined) {
				this.onDotGitEvent(folder, false);
			}
		}
	}

	private onFile(uri: vscode.Uri, deleted: boolean): void {
		if (uri.scheme !== 'file' || IGNORED_GIT_PATHS.test(uri.path)) {
			return;
		}
		const folder = DOT_GIT.exec(uri.fsPath.split(path.sep).join('/'))?.[1];
		if (folder !== undefined) {
			this.onDotGitEvent(folder, deleted);
		}
		const repo = repositoryForFile(uri.fsPath, this.model.repositories);
		if (repo) {
			this.onRepositoryEvent(repo.path);
		}
	}

	private onDotGitEvent(folder: string, deleted: boolean): void {
		if (this.model.repositories.some((r) => r.path === folder)) {
			// A known repository's .git went (the folder deleted, or the repository un-made).
			if (deleted) {
				this.possibleRepository.trigger();
			}
		} else if (!this.notRepositories.has(folder)) {
			this.candidates.add(folder);
			this.possibleRepository.trigger();
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
		this.disposed = true;
		for (const burst of this.bursts.values()) {
			burst.end.dispose();
		}
		this.bursts.clear();
		for (const watchers of this.appeared.values()) {
			watchers.dispose();
		}
		this.appeared.clear();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

/** The git folder of the repository at `repoPath`: `.git`, or where a `.git` file points (a submodule, a worktree). */
async function gitDirOf(repoPath: string): Promise<string | undefined> {
	const dotGit = path.join(repoPath, '.git');
	try {
		if ((await stat(dotGit)).isDirectory()) {
			return dotGit;
		}
		const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
		return pointer ? path.resolve(repoPath, pointer) : undefined;
	} catch {
		// Gone meanwhile: the next scan drops it.
		return undefined;
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await access(file);
		return true;
	} catch {
		return false;
	}
}
