import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

/**
 * Typed GraphQL documents for host and webview code: `graphql(\`…\`)` checks each operation
 * against the committed `schema.graphql` and infers its result type, so no result type is
 * written by hand. Regenerate the types with `npm run schema` when the graph changes.
 */
export const graphql = initGraphQLTada<{
	introspection: introspection;
	scalars: { ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
