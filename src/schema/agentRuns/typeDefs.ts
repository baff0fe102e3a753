import { CLAUDE_ERROR_CODES } from '../contracts/sourceError';
import { enumSdl } from '../enumSdl';

/** SDL of the agent runs subschema: Claude Code runs on repositories, extending `Repository`. */
export const agentRunsTypeDefs = /* GraphQL */ `
	${enumSdl('ClaudeErrorCode', 'Why agent runs cannot start or a request about them failed (extensions.code of the Claude domain).', CLAUDE_ERROR_CODES)}

	"""Whether agent runs can start: the Claude CLI and the workspace's trust."""
	type ClaudeStatus {
		available: Boolean!
		"Why not: CLI_MISSING, CLI_FAILED or UNTRUSTED; null when runs can start."
		code: ClaudeErrorCode
		reason: String
		"The claude executable runs use, when it was found."
		path: String
		"What claude --version printed; null until it has answered."
		version: String
		"How the CLI would sign in: API_KEY, AUTH_TOKEN, OAUTH_TOKEN (from its environment) or CREDENTIALS (after claude was logged in once); null when it would have to ask."
		signIn: String
	}

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
		"Assistant text so far (its tail): the live progress of a running run."
		output: String
		model: String
		"The run this one retried or resumed."
		parent: AgentRun
		createdAt: String!
		startedAt: String
		finishedAt: String
		events: [AgentRunEvent!]!
		repository: Repository!
		"Path of the repository the run works in; readable even when the workspace no longer holds it."
		repositoryPath: String!
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

	"""A commit message Claude suggested for one repository. Exactly one of message and error is set."""
	type CommitMessageSuggestion {
		repository: Repository!
		"The suggested message, cleaned of preambles and quotes; review it before committing."
		message: String
		"Why there is no message: nothing to commit, the run failed, or Claude answered nothing."
		error: String
		"The files the message describes (the staged ones); null when it describes every change, untracked files included."
		paths: [String!]
		"The run that wrote the message; null when none was started."
		run: AgentRun
	}

	type Repository {
		path: String!
		"Agent runs in this repository, newest first."
		agentRuns: [AgentRun!]
	}

	type Query {
		"Runs across every repository, newest first; only in a group's repositories when one is named."
		agentRuns(first: Int = 50, group: String): [AgentRun!]
		agentRun(id: ID!): AgentRun
		"Whether agent runs can start; never an error."
		claudeStatus: ClaudeStatus!
		_agentRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Mutation {
		startAgentRun(repository: String!, prompt: String!, options: AgentRunOptions): AgentRun!
		cancelAgentRun(id: ID!): AgentRun!
		"Starts a new run with the same prompt, linked to this one."
		retryAgentRun(id: ID!): AgentRun!
		"Continues the same Claude session with a follow-up prompt."
		resumeAgentRun(id: ID!, prompt: String!): AgentRun!
		"Asks Claude for a commit message per repository: for the staged changes, or every change when nothing is staged. Commits nothing. When the request is cancelled, every run it started is stopped and it fails with code CANCELLED."
		generateCommitMessages(paths: [String!]!): [CommitMessageSuggestion!]!
	}

	type Subscription {
		"Events of one run as they arrive."
		agentRunEvents(id: ID!): AgentRunEvent!
		"Fires whenever any run changes state."
		agentRunUpdated: AgentRun!
	}
`;
