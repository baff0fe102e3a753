/**
 * The GitHub adapter's edge: every failure that leaves it is a `SourceError` of domain `GITHUB`.
 * Inside, failures stay {@link GitHubError}s, classified from Octokit's errors.
 */
import { SourceError, type GitHubErrorCode } from '../schema/contracts/sourceError';
import { GitHubError, type GitHubErrorKind } from './errors';

/** The contract's code for each kind of GitHub failure. */
export const GITHUB_CODE_OF: Readonly<Record<GitHubErrorKind, GitHubErrorCode>> = {
	auth: 'UNAUTHORIZED',
	rateLimited: 'RATE_LIMITED',
	forbidden: 'FORBIDDEN',
	notFound: 'NOT_FOUND',
	conflict: 'CONFLICT',
	gone: 'GONE',
	validation: 'VALIDATION_FAILED',
	server: 'SERVER_ERROR',
	network: 'OFFLINE',
	graphql: 'GITHUB_FAILED',
	unknown: 'GITHUB_FAILED',
};

/** Turns whatever a GitHub call threw into a `SourceError` (a `SourceError` passes unchanged). */
export function toGitHubSourceError(err: unknown): SourceError<'GITHUB'> {
	if (err instanceof SourceError && err.domain === 'GITHUB') {
		return err as SourceError<'GITHUB'>;
	}
	if (err instanceof GitHubError) {
		return new SourceError('GITHUB', GITHUB_CODE_OF[err.kind], err.message, { status: err.status, ...(err.retryAt ? { retryAt: err.retryAt } : {}), cause: err });
	}
	// By name: the YAML reader's module loads the YAML parser, which this edge must not pull in.
	if (err instanceof Error && err.name === 'WorkflowYamlError') {
		return new SourceError('GITHUB', 'WORKFLOW_FILE_INVALID', err.message, { cause: err });
	}
	return new SourceError('GITHUB', 'GITHUB_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
}

/** Runs `fn`, letting only `SourceError`s out. */
export async function atGitHubEdge<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		throw toGitHubSourceError(err);
	}
}
