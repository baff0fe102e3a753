/** SDL of the agent runs subschema: Claude Code runs on repositories, extending `Repository`. */
export const agentRunsTypeDefs = /* GraphQL */ `
	enum AgentRunStatus {
		QUEUED
		RUNNING
		SUCCEEDED
		FAILED
		CANCELLED
	}

	"""A headless Claude Code run in one repository."""
	type AgentRun {
		id: ID!
		prompt: String!
		status: AgentRunStatus!
		sessionId: String
		costUsd: Float
		durationMs: Float
		numTurns: Int
		"The final text of a successful run."
		result: String
		"Why the run failed."
		error: String
		model: String
		"The run this one retried or resumed."
		parent: AgentRun
		createdAt: String!
		startedAt: String
		finishedAt: String
		events: [AgentRunEvent!]!
		repository: Repository!
	}

	"""One event of a run's output stream."""
	type AgentRunEvent {
		runId: ID!
		seq: Int!
		type: String!
		text: String
		"The event as the CLI printed it (JSON)."
		json: String!
		at: String!
	}

	input AgentRunOptions {
		model: String
		maxTurns: Int
		permissionMode: String
		allowedTools: [String!]
		appendSystemPrompt: String
	}

	type Repository {
		path: String!
		"Agent runs in this repository, newest first."
		agentRuns: [AgentRun!]
	}

	type Query {
		"Runs across every repository, newest first."
		agentRuns(first: Int = 50): [AgentRun!]
		agentRun(id: ID!): AgentRun
		_agentRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Mutation {
		startAgentRun(repository: String!, prompt: String!, options: AgentRunOptions): AgentRun!
		cancelAgentRun(id: ID!): AgentRun!
		"Starts a new run with the same prompt, linked to this one."
		retryAgentRun(id: ID!): AgentRun!
		"Continues the same Claude session with a follow-up prompt."
		resumeAgentRun(id: ID!, prompt: String!): AgentRun!
	}

	type Subscription {
		"Events of one run as they arrive."
		agentRunEvents(id: ID!): AgentRunEvent!
		"Fires whenever any run changes state."
		agentRunUpdated: AgentRun!
	}
`;
