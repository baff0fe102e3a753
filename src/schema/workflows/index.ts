import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { RepositoryGroupsSource } from '../repositoryGroupsSource';
import { createWorkflowsResolvers } from './resolvers';
import { workflowsTypeDefs } from './typeDefs';
import type { WorkflowsSource } from '../contracts/workflows';

export type * from '../contracts/workflows';

/** The workflows subschema: extends `Repository` with `github` and resolves runs back to it. */
export function createWorkflowsSubschema(source: WorkflowsSource, groups?: RepositoryGroupsSource): SubschemaConfig {
	return {
		name: 'workflows',
		schema: makeExecutableSchema({ typeDefs: workflowsTypeDefs, resolvers: createWorkflowsResolvers(source, groups) }),
		merge: {
			Repository: {
				selectionSet: '{ path }',
				fieldName: '_workflowRepositoriesByPath',
				key: ({ path }: { path: string }) => path,
				argsFromKeys: (paths: readonly string[]) => ({ paths }),
			},
		},
	};
}
