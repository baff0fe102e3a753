/**
 * The git adapter's edge: every failure that leaves it is a `SourceError` of domain `REPOS`.
 * Inside, git failures stay {@link GitError}s, classified from git's own (English) output.
 */
import { SourceError, type ReposErrorCode } from '../schema/contracts/sourceError';
import { GitError, type GitErrorCode } from './errors';

/** The contract's code for each of git's failure kinds. */
export const REPOS_CODE_OF: Readonly<Record<GitErrorCode, ReposErrorCode>> = {
	GitNotFound: 'GIT_MISSING',
	RepositoryNotFound: 'REPOSITORY_GONE',
	NotARepository: 'NOT_A_REPOSITORY',
	IndexLocked: 'INDEX_LOCKED',
	Cancelled: 'CANCELLED',
	Disposed: 'CANCELLED',
	HookRejected: 'HOOK_REJECTED',
	NothingToCommit: 'NOTHING_TO_COMMIT',
	PushRejected: 'PUSH_REJECTED',
	NotFastForward: 'NOT_FAST_FORWARD',
	NoUpstream: 'NO_UPSTREAM',
	Conflict: 'CONFLICT',
	LocalChangesOverwritten: 'LOCAL_CHANGES_OVERWRITTEN',
	RemoteUnreachable: 'REMOTE_UNREACHABLE',
	TimedOut: 'GIT_FAILED',
	Unknown: 'GIT_FAILED',
};

/** Turns whatever a git operation threw into a `SourceError` (a `SourceError` passes unchanged). */
export function toReposError(err: unknown): SourceError<'REPOS'> {
	if (err instanceof SourceError && err.domain === 'REPOS') {
		return err as SourceError<'REPOS'>;
	}
	if (err instanceof GitError) {
		return new SourceError('REPOS', REPOS_CODE_OF[err.code], err.message, { cause: err });
	}
	return new SourceError('REPOS', 'GIT_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
}

/** Runs `fn`, letting only `SourceError`s out. */
export async function atReposEdge<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		throw toReposError(err);
	}
}
