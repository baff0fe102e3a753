import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { RepositoryGroupsSource } from '../repositoryGroupsSource';
import type { AgentRunsSource } from '../contracts/agentRuns';
import { createAgentRunsResolvers } from './resolvers';
import { agentRunsTypeDefs } from './typeDefs';

export type * from '../contracts/agentRuns';

/** The agent runs subschema: extends `Repository` with `agentRuns` and resolves runs back to it. */
export function createAgentRunsSubschema(source: AgentRunsSource, groups?: RepositoryGroupsSource): SubschemaConfig {
	return {
		name: 'agentRuns',
		schema: makeExecutableSchema({ typeDefs: agentRunsTypeDefs, resolvers: createAgentRunsResolvers(source, groups) }),
		merge: {
			Repository: {
				selectionSet: '{ path }',
				fieldName: '_agentRepositoriesByPath',
				key: ({ path }: { path: string }) => path,
				argsFromKeys: (paths: readonly string[]) => ({ paths }),
			},
		},
	};
}
