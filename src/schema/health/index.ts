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

	"What a health item is about."
	enum HealthItemKind {
		"A repository git cannot read."
		REPOSITORY_ERROR
		"A repository with merge conflicts."
		CONFLICT
		"The newest run on a repository's default branch failed."
		CI_FAILED
		"Agent runs failed."
		AGENT_RUNS_FAILED
	}

	type HealthItem {
		status: HealthStatus!
		kind: HealthItemKind!
		"The whole line, repository name first, e.g. libs/core · CI #3 failed."
		message: String!
		"The line without the repository name."
		detail: String!
		repositoryPath: String
		repositoryName: String
		"The failed run, for CI_FAILED."
		runId: ID
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
