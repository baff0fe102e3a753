/**
 * A graph failure as the faces handle it: the domain and code the graph reported in
 * `extensions`, and the message for people. Faces throw it; `createCommand` shows it with the
 * actions that fix it.
 */
import type { TadaDocumentNode } from 'gql.tada';
import type { SourceDomain } from '../../schema/contracts/sourceError';
import type { ExecuteOptions, Gateway } from '../../schema/gateway';
import { readGraph } from '../readGraph';

const DOMAINS: readonly string[] = ['REPOS', 'GITHUB', 'CLAUDE', 'PACKAGES'];

/** See the module comment. */
export class CodedError extends Error {
	override readonly name = 'CodedError';

	constructor(
		message: string,
		/** The domain that failed; undefined for the graph's own refusals (limits, validation). */
		readonly domain: SourceDomain | undefined,
		readonly code: string,
		readonly retryable = false,
		/** The repository the failure is about, when there is one (for fixes that act on it). */
		readonly repositoryPath?: string,
	) {
		super(message);
	}
}

/** One error as a GraphQL result carries it. */
export interface GraphErrorLike {
	readonly message: string;
	readonly extensions?: Readonly<Record<string, unknown>>;
}

/** The first of a result's errors as a {@link CodedError}; the other messages are appended. */
export function codedErrorOf(errors: readonly GraphErrorLike[], repositoryPath?: string): CodedError {
	const first = errors[0];
	const extensions = first?.extensions ?? {};
	const domain = typeof extensions.domain === 'string' && DOMAINS.includes(extensions.domain) ? (extensions.domain as SourceDomain) : undefined;
	const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL';
	const messages = [...new Set(errors.map((e) => e.message))];
	return new CodedError(messages.join('; ') || 'The graph gave no reason.', domain, code, extensions.retryable === true, repositoryPath);
}

/**
 * Runs a typed document and returns its data, or throws a {@link CodedError} when the graph
 * answered with errors (or no data). The one way commands read the graph.
 */
export async function queryGraph<TResult, TVariables>(
	gateway: Pick<Gateway, 'execute'>,
	document: TadaDocumentNode<TResult, TVariables>,
	variables?: TVariables,
	options?: ExecuteOptions,
): Promise<TResult> {
	const result = await readGraph(gateway, document, variables, options);
	if (result.errors?.length || !result.data) {
		throw codedErrorOf(result.errors ?? []);
	}
	return result.data;
}
