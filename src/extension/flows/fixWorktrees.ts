/**
 * The checkouts a Fix with Claude makes when the user's own is at another commit or has changes:
 * a linked worktree at the run's commit, on the fix's branch, in the extension's storage. Each is
 * shown as a repository of its own while it exists (the agent, the fix's review and its commit
 * work on repositories the model knows), and goes with its branch when the fix is discarded.
 */
import * as path from 'node:path';
import { createWorktree, discardWorktree, type Worktree } from '../../git/worktrees';
import type { Git } from '../../git/git';

/** What {@link FixWorktrees} needs from the host. */
export interface FixWorktreesOptions {
	readonly git: Pick<Git, 'exec'>;
	/** The storage folder the worktrees go in. */
	readonly parentDir: string;
	/** Called after a worktree came or went: the model must search the new set of folders. */
	readonly onDidChange: () => Promise<void>;
}

/** See the module comment. */
export class FixWorktrees {
	private readonly worktrees = new Map<string, Worktree>();

	constructor(private readonly options: FixWorktreesOptions) {}

	/** The folders of the worktrees that exist, for the repository model's search. */
	get paths(): string[] {
		return [...this.worktrees.keys()];
	}

	/** True when `folder` is a worktree made here. */
	owns(folder: string | null | undefined): boolean {
		return !!folder && this.worktrees.has(path.resolve(folder));
	}

	/** Checks out `commit` of `repositoryPath` on the new branch `branch`, and waits until the model shows it. */
	async create(repositoryPath: string, branch: string, commit: string, signal?: AbortSignal): Promise<string> {
		const worktree = await createWorktree({ repositoryPath, branch, base: commit, parentDir: this.options.parentDir }, { git: this.options.git, signal });
		this.worktrees.set(path.resolve(worktree.path), worktree);
		await this.options.onDidChange();
		return worktree.path;
	}

	/** Removes the worktree at `folder` and, unless `keepBranch` (it was pushed), its branch. */
	async remove(folder: string, keepBranch = false): Promise<void> {
		const key = path.resolve(folder);
		const worktree = this.worktrees.get(key);
		if (!worktree) {
			return;
		}
		this.worktrees.delete(key);
		try {
			await discardWorktree(worktree, { git: this.options.git, keepBranch });
		} finally {
			await this.options.onDidChange();
		}
	}
}
