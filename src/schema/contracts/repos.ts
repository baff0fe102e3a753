/**
 * The repos contract: what the graph reads about repositories (records and the source that holds
 * them) and the writes it can ask for. The git adapter implements it; the graph and the faces
 * know nothing of git's own types or errors.
 *
 * Records are plain data (no class instances, no Buffers) so a state can cross to the webview or
 * into GraphQL resolvers unchanged. Paths that are not valid UTF-8 are carried as strings with
 * each invalid byte escaped as a lone surrogate (U+DC80–U+DCFF, "surrogateescape"); see
 * `src/common/pathEncoding.ts`. They display as `�` and are turned back into the original bytes
 * whenever a path is handed to git.
 */
import type { Event } from '../../common/event';
import type { ReposErrorCode, SourceError } from './sourceError';

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

/**
 * A configured remote. URLs are as written in the config (no `insteadOf` rewriting), except that
 * credentials in their userinfo are replaced by `[REDACTED]`.
 */
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
	/** The code of {@link RepositoryState.error}; null when there is none. */
	errorCode: ReposErrorCode | null;
	/** When this state was last read, in ms since the epoch; 0 while it never was (see {@link isUnread}). */
	updatedAt: number;
}

/**
 * True for a repository the first scan has found but not read yet: its git fields are blank, and
 * a face says "reading" rather than showing it clean.
 */
export function isUnread(state: Pick<RepositoryState, 'updatedAt' | 'error'>): boolean {
	return state.updatedAt === 0 && state.error === null;
}


/** What the repos subschema reads: the git model's cache and its change events. Resolvers never spawn git themselves, so a warm query costs no process. */
export interface ReposSource {
	readonly repositories: readonly RepositoryState[];
	get(path: string): RepositoryState | undefined;
	readonly onDidChangeRepository: Event<RepositoryState>;
	/** Finds the repositories again and reads every status; fails only with a {@link SourceError}. */
	scan(signal?: AbortSignal): Promise<void>;
	/** Reads one repository again; fails only with a {@link SourceError}. */
	refresh(path: string, signal?: AbortSignal): Promise<RepositoryState | undefined>;
}

/** One repository's part of a batch commit. */
export interface CommitSpec {
	path: string;
	message: string;
	/** Commit only these repository-relative paths; all changes (untracked included) when absent. */
	paths?: readonly string[];
}

/** What happened to one repository in a batch commit. */
export type CommitOutcome =
	| { path: string; status: 'committed'; sha: string | null }
	| { path: string; status: 'failed'; error: SourceError<'REPOS'> }
	/** Not attempted: an earlier commit failed and `continueOnError` was false. */
	| { path: string; status: 'skipped' };

/** Names of the write operations, as their progress events report them. */
export type RepositoryOperationKind = 'stage' | 'unstage' | 'commit' | 'push' | 'pull' | 'fetch' | 'initialize' | 'show';

/** Fired when an operation starts in a repository and again when it ends. */
export interface RepositoryOperationEvent {
	path: string;
	operation: RepositoryOperationKind;
	phase: 'start' | 'end';
	/** Set on an `end` that failed. */
	error?: SourceError<'REPOS'>;
}

/**
 * The git writes the repos subschema can run. Every call takes the request's AbortSignal so a
 * cancelled batch stops its remaining work, and fails only with a {@link SourceError}.
 */
export interface ReposOperations {
	stage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void>;
	unstage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void>;
	commit(repoPath: string, message: string, options?: { paths?: readonly string[]; signal?: AbortSignal }): Promise<string | null>;
	commitAll(commits: readonly CommitSpec[], options?: { continueOnError?: boolean; signal?: AbortSignal }): Promise<CommitOutcome[]>;
	commitHierarchy(commits: readonly CommitSpec[], options?: { continueOnError?: boolean; signal?: AbortSignal }): Promise<CommitOutcome[]>;
	push(repoPath: string, options?: { setUpstream?: boolean; signal?: AbortSignal }): Promise<void>;
	pull(repoPath: string, options?: { ffOnly?: boolean; signal?: AbortSignal }): Promise<void>;
	fetch(repoPath: string, options?: { prune?: boolean; signal?: AbortSignal }): Promise<void>;
	/** Checks out `paths` (repository-relative; all when absent) of the parent's registered submodules, and theirs with `recursive`. */
	initializeSubmodules(parentPath: string, options?: { paths?: readonly string[]; recursive?: boolean; signal?: AbortSignal }): Promise<void>;
	/** Start and end of every write, for progress. */
	readonly onDidRunOperation: Event<RepositoryOperationEvent>;
}

/** Whether git can be used, as `gitStatus` reports it. */
export interface GitStatusRecord {
	available: boolean;
	/** Why not (`GIT_MISSING`, `UNTRUSTED`); null when git can be used. */
	code: ReposErrorCode | null;
	reason: string | null;
}
