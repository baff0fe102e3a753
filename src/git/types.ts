/**
 * The public, serialisable shape of repository state. Plain data only (no class instances, no
 * Buffers) so a state can cross to the webview or into GraphQL resolvers unchanged.
 *
 * Paths that are not valid UTF-8 are carried as strings with each invalid byte escaped as a lone
 * surrogate (U+DC80–U+DCFF, "surrogateescape"); see `pathEncoding.ts`. They display as `�` and
 * are turned back into the original bytes whenever a path is handed to git.
 */

/**
 * How a repository relates to the workspace:
 * - `ROOT`: a repository with no enclosing discovered repository (a workspace folder that is a
 *   repository, or a top-level repository in a folder of sibling repositories);
 * - `SUBMODULE`: registered in its parent's `.gitmodules`;
 * - `NESTED`: inside another repository's working tree without being a submodule;
 * - `WORKTREE`: a linked worktree (`git worktree add`) of another repository.
 */
export type RepositoryKind = 'ROOT' | 'SUBMODULE' | 'NESTED' | 'WORKTREE';

/**
 * The state of one side (index or working tree) of a file change.
 * For conflicts, see {@link FileChange.conflicted}: each side keeps what that side did
 * (`AU` is `ADDED`/`UNMERGED`, `DD` is `DELETED`/`DELETED`, `UU` is `UNMERGED`/`UNMERGED`).
 */
export type FileStatus =
	| 'MODIFIED'
	| 'ADDED'
	| 'DELETED'
	| 'RENAMED'
	| 'COPIED'
	| 'TYPE_CHANGED'
	| 'UNTRACKED'
	| 'IGNORED'
	| 'UNMERGED'
	| 'UNMODIFIED';

/** One changed path as reported by `git status`. Paths are relative to the repository, `/`-separated. */
export interface FileChange {
	/** The path now (the new name for a rename or copy). */
	path: string;
	/** The source path of a rename or copy, otherwise `null`. */
	originalPath: string | null;
	/** What is staged (`UNMODIFIED` when nothing is; untracked and ignored files are `UNMODIFIED` here). */
	indexStatus: FileStatus;
	/** What differs between the index and the working tree. */
	worktreeStatus: FileStatus;
	/** True for an unmerged path (a merge, rebase or cherry-pick conflict). */
	conflicted: boolean;
}

/** A configured remote. URLs are as written in the config (no `insteadOf` rewriting). */
export interface Remote {
	name: string;
	fetchUrl: string | null;
	/** The `pushurl` if set, otherwise the fetch URL (what `git push` would use). */
	pushUrl: string | null;
}

/** Everything the UI shows about one repository. A new object on each change: never mutated. */
export interface RepositoryState {
	/** Absolute, normalised, no trailing separator: the key of the repository. */
	path: string;
	/** The folder name, or for a submodule its path relative to the parent (as in `.gitmodules`). */
	name: string;
	kind: RepositoryKind;
	/** The enclosing repository (parent of a submodule or nested repository, main worktree of a worktree). */
	parentPath: string | null;
	/** False for a submodule that is registered but not checked out: shown, never hidden. */
	initialized: boolean;
	/** The checked-out branch, also for an unborn branch; `null` when detached or unknown. */
	branch: string | null;
	detached: boolean;
	/** The commit HEAD points to; `null` on an unborn branch. */
	headSha: string | null;
	/** The upstream, e.g. `origin/main`, or `null` when none is configured. */
	upstream: string | null;
	ahead: number;
	behind: number;
	stashes: number;
	/** Changes to ordinary paths. */
	changes: FileChange[];
	/** Changes whose path is a submodule (a moved pointer, or modified content inside it). */
	submoduleChanges: FileChange[];
	remotes: Remote[];
	/** A clear per-repository error (corrupt HEAD, folder vanished…) instead of a crash. */
	error: string | null;
	/** When this state was last read, in ms since the epoch. */
	updatedAt: number;
}

/** Options of a {@link GitModel}. */
export interface GitModelOptions {
	/** Absolute folders to search (the workspace folders). */
	roots: string[];
	/** The git executable; defaults to `git` on `PATH`. */
	gitPath?: string;
	/** Maximum git processes at once across all repositories; defaults to the number of CPU cores. */
	concurrency?: number;
	/** How many folder levels below each root to look for nested repositories (default 3). Submodules are always followed. */
	maxDepth?: number;
	/** Globs (relative to a root, `/`-separated) of folders never searched for nested repositories. */
	exclude?: string[];
	/** Extra environment for every git process (tests use it to isolate the git configuration). */
	env?: Record<string, string>;
	/** Where git processes are forked from; see `GitOptions.spawnMode` (default `auto`). */
	spawnMode?: 'direct' | 'helper' | 'auto';
	/**
	 * Walk the folders with synchronous file-system calls: a fifth of the CPU, but the thread waits
	 * meanwhile (see `DiscoveryOptions.sync`). For one-shot processes such as the CLI; default false.
	 */
	syncDiscovery?: boolean;
}
