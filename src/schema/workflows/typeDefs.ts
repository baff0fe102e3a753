/** SDL of the workflows subschema: GitHub Actions state, extending `Repository`. */
export const workflowsTypeDefs = /* GraphQL */ `
	enum WorkflowRunStatus {
		REQUESTED
		QUEUED
		IN_PROGRESS
		COMPLETED
		WAITING
		PENDING
	}

	enum WorkflowRunConclusion {
		SUCCESS
		FAILURE
		NEUTRAL
		CANCELLED
		SKIPPED
		TIMED_OUT
		ACTION_REQUIRED
		STALE
		STARTUP_FAILURE
	}

	"""A GitHub Actions workflow run."""
	type WorkflowRun {
		id: ID!
		runNumber: Int!
		workflowName: String!
		status: WorkflowRunStatus!
		conclusion: WorkflowRunConclusion
		event: String!
		branch: String
		headSha: String
		url: String!
		createdAt: String!
		updatedAt: String!
		repository: Repository!
	}

	"""The GitHub repository a local repository's remote points at."""
	type RepositoryGitHub {
		owner: String!
		name: String!
		defaultBranch: String
		url: String!
		"Newest run on the default branch."
		latestRun: WorkflowRun
		"Runs, newest first."
		runs(first: Int = 10, branch: String): [WorkflowRun!]!
	}

	type Repository {
		path: String!
		"Null when the repository has no GitHub remote; an error when GitHub cannot be reached."
		github: RepositoryGitHub
	}

	type Query {
		"Runs across every repository, newest first."
		workflowRuns(first: Int = 20): [WorkflowRun!]
		_workflowRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Subscription {
		"Fires whenever the poller sees a run appear or change."
		workflowRunUpdated: WorkflowRun!
	}
`;
