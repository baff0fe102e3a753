import { composeExchanges, Exchange, getOperationName, makeErrorResult, makeResult, Operation, OperationResult, stringifyDocument, subscriptionExchange } from '@urql/core';
import { filter, make, merge, mergeMap, pipe, share, takeUntil } from 'wonka';
import type { BridgeClient } from './bridgeClient';

function toRequest(operation: Operation) {
	return {
		query: stringifyDocument(operation.query),
		variables: operation.variables as Record<string, unknown> | undefined,
		operationName: getOperationName(operation.query),
	};
}

/**
 * Queries and mutations over the bridge, shaped like urql's `fetchExchange`: take the
 * non-teardown query/mutation operations, run each until its teardown arrives, forward the rest.
 */
export function bridgeFetchExchange(client: BridgeClient): Exchange {
	return ({ forward }) =>
		(ops$) => {
			const shared$ = pipe(ops$, share);
			const results$ = pipe(
				shared$,
				filter((op) => op.kind === 'query' || op.kind === 'mutation'),
				mergeMap((operation) => {
					const teardown$ = pipe(
						shared$,
						filter((op) => op.kind === 'teardown' && op.key === operation.key),
					);
					return pipe(
						make<OperationResult>((observer) => {
							const stop = client.request(operation.kind as 'query' | 'mutation', toRequest(operation), {
								next: (result) => observer.next(makeResult(operation, result)),
								error: (error) => observer.next(makeErrorResult(operation, error)),
								complete: () => observer.complete(),
							});
							return stop;
						}),
						takeUntil(teardown$),
					);
				}),
			);
			const forward$ = pipe(
				shared$,
				filter((op) => op.kind !== 'query' && op.kind !== 'mutation'),
				forward,
			);
			return merge([results$, forward$]);
		};
}

/** Subscriptions over the bridge through urql's own `subscriptionExchange`. */
export function bridgeSubscriptionExchange(client: BridgeClient): Exchange {
	return subscriptionExchange({
		forwardSubscription: (request) => ({
			subscribe(observer) {
				const unsubscribe = client.request(
					'subscription',
					{ query: request.query ?? '', variables: request.variables, operationName: request.operationName },
					{ next: (r) => observer.next(r as never), error: (e) => observer.error(e), complete: () => observer.complete() },
				);
				return { unsubscribe };
			},
		}),
	});
}

/** Both bridge exchanges, to put last in a client's exchange list. */
export function bridgeExchange(client: BridgeClient): Exchange {
	return composeExchanges([bridgeSubscriptionExchange(client), bridgeFetchExchange(client)]);
}
