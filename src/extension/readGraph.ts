import type { TadaDocumentNode } from 'gql.tada';
import type { ExecutionResult } from 'graphql';
import type { ExecuteOptions, Gateway } from '../schema/gateway';

/**
 * Runs a typed document on the graph and types the result by the document itself, so host
 * code, like the webview, never writes a result type by hand. `options.signal` cancels the
 * operation's remaining work.
 */
export async function readGraph<TResult, TVariables>(
	gateway: Pick<Gateway, 'execute'>,
	document: TadaDocumentNode<TResult, TVariables>,
	variables?: TVariables,
	options?: ExecuteOptions,
): Promise<ExecutionResult<TResult>> {
	const result = await gateway.execute({ query: document, variables: (variables ?? null) as Record<string, unknown> | null }, options);
	return result as ExecutionResult<TResult>;
}
