/**
 * GitHub failures as GraphQL errors: one `extensions.code` per kind of failure, so a client
 * branches on the code (sign in again, wait, refresh) and shows the message as it is.
 */
import { GraphQLError } from 'graphql';
import { GitHubError, type GitHubErrorKind } from '../../github/errors';
import { redact } from '../../github/redact';
import { WorkflowYamlError } from '../../github/workflowInputs';
import { WorkflowsSourceError } from './workflowsSource';

/** The `extensions.code` of each kind of GitHub failure. */
export const GITHUB_ERROR_CODES: Readonly<Record<GitHubErrorKind, string>> = {
	auth: 'GITHUB_UNAUTHORIZED',
	rateLimited: 'GITHUB_RATE_LIMITED',
	forbidden: 'GITHUB_FORBIDDEN',
	notFound: 'GITHUB_NOT_FOUND',
	conflict: 'GITHUB_CONFLICT',
	gone: 'GITHUB_GONE',
	validation: 'GITHUB_VALIDATION_FAILED',
	server: 'GITHUB_SERVER_ERROR',
	network: 'GITHUB_UNREACHABLE',
	graphql: 'GITHUB_ERROR',
	unknown: 'GITHUB_ERROR',
};

/** Turns whatever a workflows source threw into a GraphQL error with a code and no credential. */
export function toWorkflowsGraphQLError(err: unknown): GraphQLError {
	if (err instanceof GraphQLError) {
		return err;
	}
	if (err instanceof GitHubError) {
		const extensions: Record<string, unknown> = { code: GITHUB_ERROR_CODES[err.kind] };
		if (err.status !== undefined) {
			extensions.status = err.status;
		}
		if (err.retryAt) {
			extensions.retryAt = err.retryAt.toISOString();
		}
		return new GraphQLError(redact(err.message), { extensions });
	}
	if (err instanceof WorkflowsSourceError) {
		return new GraphQLError(redact(err.message), { extensions: { code: err.code } });
	}
	if (err instanceof WorkflowYamlError) {
		return new GraphQLError(err.message, { extensions: { code: 'WORKFLOW_FILE_INVALID' } });
	}
	return new GraphQLError(redact(err instanceof Error ? err.message : String(err)), { extensions: { code: 'GITHUB_ERROR' } });
}

/** Runs a resolver body, turning its failure into a {@link toWorkflowsGraphQLError} error. */
export async function mapErrors<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		throw toWorkflowsGraphQLError(err);
	}
}
