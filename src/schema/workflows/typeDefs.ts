import { GITHUB_ERROR_CODES } from '../contracts/sourceError';
import { enumSdl } from '../enumSdl';

/** SDL of the workflows subschema: GitHub Actions state, extending `Repository`. */
export const workflowsTypeDefs = /* GraphQL */ `
	${enumSdl('GitHubErrorCode', 'Why GitHub cannot be used or a GitHub request failed (extensions.code of the GitHub domain).', GITHUB_ERROR_CODES)}

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

	enum WorkflowState {
		ACTIVE
		DELETED
		DISABLED_FORK
		DISABLED_INACTIVITY
		DISABLED_MANUALLY
	}

	enum WorkflowInputType {
		STRING
		BOOLEAN
		NUMBER
		CHOICE
		ENVIRONMENT
	}

	"""One input a manual run of a workflow asks for, as its workflow file declares it."""
	type WorkflowDispatchInput {
		name: String!
		type: WorkflowInputType!
		description: String
		required: Boolean!
		"The default as text, as GitHub receives it (true for a boolean is the text true)."
		default: String
		"The choices of a CHOICE input."
		options: [String!]
	}

	"""A workflow file of a repository."""
	type Workflow {
		id: ID!
		name: String!
		"Path inside the repository, e.g. .github/workflows/ci.yml."
		path: String!
		state: WorkflowState!
		url: String
		"Inputs of a manual run; empty when it takes none, null when the workflow has no workflow_dispatch trigger."
		dispatchInputs: [WorkflowDispatchInput!]
	}

	"""One step of a job."""
	type WorkflowStep {
		number: Int!
		name: String!
		status: WorkflowRunStatus!
		conclusion: WorkflowRunConclusion
		"When the step started (ISO 8601); null until it does."
		startedAt: String
		"When the step finished (ISO 8601); null until it does."
		completedAt: String
	}

	"""One job of a run's latest attempt."""
	type WorkflowJob {
		id: ID!
		name: String!
		status: WorkflowRunStatus!
		conclusion: WorkflowRunConclusion
		startedAt: String
		completedAt: String
		url: String
		steps: [WorkflowStep!]!
	}

	"""A GitHub account, as a run or the signed-in credential names it."""
	type GitHubActor {
		login: String!
		"The account's picture; null where GitHub did not say."
		avatarUrl: String
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
		"Who started the run: the pusher of a push, the caller of a dispatch; null where GitHub did not say."
		actor: GitHubActor
		"Who started the latest attempt (a re-run can be someone else's); null where GitHub did not say."
		triggeringActor: GitHubActor
		repository: Repository!
		"Jobs of the latest attempt, with their steps."
		jobs: [WorkflowJob!]!
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
		"One run by id; null when GitHub has no such run in this repository."
		run(id: ID!): WorkflowRun
		"Workflow files, as GitHub lists them."
		workflows: [Workflow!]!
		"Why GitHub could not resolve the repository (renamed, deleted, no access)."
		error: String
	}

	"""A GitHub rate-limit budget."""
	type GitHubRateLimit {
		"core (REST) or graphql."
		resource: String!
		"Points of the current window (an hour on GitHub)."
		limit: Int!
		"Points left until resetAt."
		remaining: Int!
		"Points spent in the current window, by this credential from anywhere."
		used: Int!
		"When the window ends and the budget is full again (ISO 8601)."
		resetAt: String!
	}

	"""Whether GitHub can be used now and how fresh what the graph shows is."""
	type GitHubStatus {
		"False when not signed in, the token was rejected, or a rate limit holds."
		available: Boolean!
		"Why not, as a code to act on: SIGNED_OUT, UNAUTHORIZED, RATE_LIMITED, OFFLINE, UNTRUSTED…; null when available."
		code: GitHubErrorCode
		"Why GitHub cannot be used, for people, e.g. rate limited until 14:05."
		reason: String
		"When the rate limit lifts (ISO 8601), while code is RATE_LIMITED."
		retryAt: String
		"Set while polls fail but earlier results are still shown."
		stale: String
		"When the last poll succeeded (ISO 8601)."
		lastPolledAt: String
		"True while polling is paused (e.g. the window is not focused)."
		paused: Boolean!
		"Seconds between the poller's last cycle and its next: short while runs are live, long when idle or a budget runs low; null while it is not polling."
		pollIntervalSeconds: Float
		"The budgets GitHub reported in its last answers (core, graphql)."
		rateLimits: [GitHubRateLimit!]!
	}

	"""A workflow_dispatch input value, as text (a boolean is true or false)."""
	input DispatchInputValue {
		name: String!
		value: String!
	}

	"""What dispatching a workflow did."""
	type WorkflowDispatchResult {
		repository: Repository!
		"The workflow's name."
		workflow: String!
		ref: String!
		"The run the dispatch started, when GitHub said which one."
		run: WorkflowRun
	}

	type Mutation {
		"Starts a workflow with a workflow_dispatch trigger. Inputs are checked against the workflow file before GitHub sees them."
		dispatchWorkflow(repository: String!, workflow: String!, ref: String, inputs: [DispatchInputValue!]): WorkflowDispatchResult!
		"Asks GitHub to cancel a run; a finished run answers with code CONFLICT."
		cancelWorkflowRun(repository: String!, runId: ID!): WorkflowRun!
		"Re-runs a finished run: every job, or only those that failed."
		rerunWorkflowRun(repository: String!, runId: ID!, failedOnly: Boolean = false): WorkflowRun!
	}

	type Repository {
		path: String!
		"Null when the repository has no GitHub remote; an error when GitHub cannot be reached."
		github: RepositoryGitHub
	}

	type Query {
		"Runs across every repository, newest first; only in a group's repositories when one is named."
		workflowRuns(first: Int = 20, group: String): [WorkflowRun!]
		"Whether GitHub can be used; never an error, so a view can show why not."
		githubStatus: GitHubStatus!
		"The account GitHub knows the credential as (the runs that are mine); null while GitHub cannot be used."
		githubViewer: GitHubActor
		"The log of one job as text; code GONE once GitHub no longer keeps it."
		workflowJobLog(repository: String!, jobId: ID!): String!
		_workflowRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Subscription {
		"Fires whenever the poller sees a run appear or change status; only one repository's runs when given its path."
		workflowRunUpdated(repository: String): WorkflowRun!
	}
`;
