import type { SubschemaConfig } from '@graphql-tools/delegate';
import { mergeSchemas } from '@graphql-tools/schema';
import { filterSchema, MapperKind, mapSchema } from '@graphql-tools/utils';
import { getNamedType, GraphQLFieldResolver, GraphQLSchema, defaultFieldResolver } from 'graphql';
import type { RepositoryState } from './contracts/repos';

/** Resolves the `{ path }` stub another domain returns to the repository it names. */
export type RepositoryHydrator = (path: string) => RepositoryState | null | undefined;

function isStub(value: unknown): value is { path: string } {
	// A full RepositoryState always carries `kind`; a domain's reference to one carries only `path`.
	return typeof value === 'object' && value !== null && !('kind' in value) && typeof (value as { path?: unknown }).path === 'string';
}

function hydrateValue(value: unknown, hydrate: RepositoryHydrator): unknown {
	if (Array.isArray(value)) {
		return value.map((v) => hydrateValue(v, hydrate));
	}
	return isStub(value) ? (hydrate(value.path) ?? null) : value;
}

/**
 * The same subschemas as the stitch, merged into one executable schema for in-process
 * execution. Every subschema lives in this process, so the stitch's delegation (rewriting each
 * query per subschema, batching merged types, re-assembling results) is pure overhead: the
 * fused schema runs each resolver once, where it stands. Type merging becomes a lookup: where a
 * domain answers a `Repository` with its key only (`{ path }`), the repos model supplies the rest.
 *
 * The stitched schema stays the definition of the graph (its SDL is `schema.graphql`); tests
 * run operations through both and require the same results.
 */
export function createFusedSchema(subschemas: readonly SubschemaConfig[], hydrate: RepositoryHydrator): GraphQLSchema {
	const merged = mergeSchemas({ schemas: subschemas.map((s) => s.schema) });
	const hydrated = mapSchema(merged, {
		[MapperKind.OBJECT_FIELD]: (field) => {
			if (getNamedType(field.type).name !== 'Repository') {
				return field;
			}
			const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
			return {
				...field,
				resolve: (source, args, context, info) => {
					const result = resolve(source, args, context, info);
					return result instanceof Promise ? result.then((r) => hydrateValue(r, hydrate)) : hydrateValue(result, hydrate);
				},
			};
		},
	});
	return filterSchema({ schema: hydrated, rootFieldFilter: (_operation, fieldName) => !fieldName.startsWith('_') });
}
