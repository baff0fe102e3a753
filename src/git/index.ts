/**
 * The git adapter: discovery, status and operations for many repositories. Runs under plain Node
 * (no `vscode` import), so tests, the CLI and benchmarks use it directly.
 */
export type { GitModelOptions } from './types';
export type { FileChange, FileStatus, Remote, RepositoryKind, RepositoryState } from '../schema/contracts/repos';
export { GitModel } from './model';
export { defaultConcurrency, Git } from './git';
export type { GitExecOptions, GitOptions, GitResult, GitRunEvent } from './git';
export { classifyGitOutput, GitError, isGitError } from './errors';
export type { GitErrorCode } from './errors';
export { parsePorcelainV2, PorcelainParseError } from './porcelainV2';
export type { PorcelainStatus, SubmoduleStatus } from './porcelainV2';
export { decodePath, encodePath, hasEscapedBytes } from '../common/pathEncoding';
export { DEFAULT_EXCLUDE, DEFAULT_MAX_DEPTH, discoverRepositories, normalizeRepoPath } from './discovery';
export type { DiscoveredRepository, DiscoveryOptions } from './discovery';
export type { OperationMode } from './queue';
export { GitOperations } from './operations';
export type { BatchCommitOptions, GitCommitOutcome, HierarchyCommitOptions, OperationEvent, OperationKind, PushOptions } from './operations';
export { GitReposOperations } from './reposOperations';
export { REPOS_CODE_OF, toReposError } from './sourceErrors';
export { defaultPointerMessage } from './hierarchy';
export { GitReleaseHistory } from './releaseHistory';
export { commitWorktree, createWorktree, discardWorktree, listWorktrees, mergeWorktree, worktreeChanges, worktreeDiff, worktreeFolder } from './worktrees';
export type { DiscardWorktreeOptions, MergeWorktreeOptions, Worktree, WorktreeFileChange, WorktreeOptions, WorktreeSpec } from './worktrees';
export { GitAgentWorktrees } from './agentWorktrees';
