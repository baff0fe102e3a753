import type { CommitOutcome, CommitSpec } from '../../git/operations';

/**
 * The git writes the repos subschema can run: `GitOperations` satisfies it. Every call takes
 * the request's AbortSignal so a cancelled batch stops its remaining work.
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
}

/**
 * Where the repos subschema gets its git writes: fixed, absent (repositories are read-only), or
 * a getter asked on every mutation, for a host whose permission changes while it runs (VS Code
 * grants workspace trust mid-session; the graph is built once, at activation).
 */
export type ReposOperationsProvider = ReposOperations | (() => ReposOperations | undefined);

/** The getter behind any {@link ReposOperationsProvider}; `undefined` means read-only. */
export function operationsGetter(provider: ReposOperationsProvider | undefined): () => ReposOperations | undefined {
	return typeof provider === 'function' ? provider : () => provider;
}
