import { makeExecutableSchema } from '@graphql-tools/schema';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { createReposResolvers } from './resolvers';
import type { RepositoryGroupsSource } from '../repositoryGroupsSource';
import type { ReposOperationsProvider } from './reposOperations';
import type { ReposSource } from '../contracts/repos';
import { reposTypeDefs } from './typeDefs';

export type { ReposOperationsProvider } from './reposOperations';
export type { ReposOperations, ReposSource } from '../contracts/repos';

/** The repos subschema: it owns `Repository` (key `path`) that the other domains extend. */
export function createReposSubschema(source: ReposSource, operations?: ReposOperationsProvider, groups?: RepositoryGroupsSource): SubschemaConfig {
	return {
		name: 'repos',
		schema: makeExecutableSchema({ typeDefs: reposTypeDefs, resolvers: createReposResolvers(source, operations, groups) }),
		merge: {
			Repository: {
				selectionSet: '{ path }',
				fieldName: '_repositoriesByPath',
				key: ({ path }: { path: string }) => path,
				argsFromKeys: (paths: readonly string[]) => ({ paths }),
			},
		},
	};
}
