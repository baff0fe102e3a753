import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { AgentRunsSource } from '../contracts/agentRuns';
import type { ReposSource } from '../contracts/repos';
import type { WorkflowsSource } from '../contracts/workflows';
import { computeHealth } from './computeHealth';

const healthTypeDefs = /* GraphQL */ `
	enum HealthStatus {
		OK
		WARNING
		ERROR
	}

	type HealthItem {
		status: HealthStatus!
		message: String!
		repositoryPath: String
	}

	"""The health of the whole workspace, across git, GitHub and agent runs."""
	type Health {
		status: HealthStatus!
		summary: String!
		items: [HealthItem!]!
	}

	type Query {
		health: Health!
	}
`;

/** A small subschema that folds every domain's cached state into one health status. */
export function createHealthSubschema(repos: ReposSource, workflows: WorkflowsSource, agentRuns: AgentRunsSource): SubschemaConfig {
	const resolvers = {
		Query: {
			health: () =>
				computeHealth({
					repositories: repos.repositories,
					latestRuns: workflows.unavailableReason ? [] : repos.repositories.map((r) => workflows.latestRun(r.path)),
					agentRuns: agentRuns.list(50),
				}),
		},
	};
	return { name: 'health', schema: makeExecutableSchema({ typeDefs: healthTypeDefs, resolvers }) };
}
