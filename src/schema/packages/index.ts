import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { PackagesSource } from '../contracts/packages';
import type { ReposSource } from '../contracts/repos';
import type { RepositoryGroupsSource } from '../repositoryGroupsSource';
import { createPackagesResolvers } from './resolvers';
import { packagesTypeDefs } from './typeDefs';

export type * from '../contracts/packages';

/** The packages subschema: extends `Repository` with `packages` and resolves packages back to it. */
export function createPackagesSubschema(source: PackagesSource, repos: Pick<ReposSource, 'repositories'>, groups?: RepositoryGroupsSource): SubschemaConfig {
	return {
		name: 'packages',
		schema: makeExecutableSchema({ typeDefs: packagesTypeDefs, resolvers: createPackagesResolvers(source, repos, groups) }),
		merge: {
			Repository: {
				selectionSet: '{ path }',
				fieldName: '_packageRepositoriesByPath',
				key: ({ path }: { path: string }) => path,
				argsFromKeys: (paths: readonly string[]) => ({ paths }),
			},
		},
	};
}
