import { PERMISSION_DECISION_VALUES } from '../contracts/agentRuns';
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
		"Stopped at its cost cap (its own, or what was left of the day's); not an error."
		BUDGET_EXCEEDED
	}

	"Where a run works."
	enum AgentRunIsolation {
		"In a git worktree of its own, on a new branch agent/<short id>: the user's working tree is never touched."
		WORKTREE
		"In the repository's own working tree."
		IN_PLACE
	}

	"What became of a run's worktree."
	enum AgentWorktreeState {
		"Still there, to review, merge, keep or discard."
		ACTIVE
		MERGED
		"Its work was committed on its branch and the folder removed; the branch remains."
		KEPT
		DISCARDED
	}

	"How a run's branch is brought into the branch checked out in the repository. Never a force."
	enum AgentMergeMode {
		FAST_FORWARD
		MERGE_COMMIT
	}

	"One changed file of a worktree against its base commit."
	type WorktreeFileChange {
		path: String!
		"ADDED, MODIFIED, DELETED, TYPE_CHANGED or UNTRACKED."
		status: String!
	}

	"""The worktree a WORKTREE run works in."""
	type AgentRunWorktree {
		path: String!
		branch: String!
		"The commit the branch started from."
		baseCommit: String!
		state: AgentWorktreeState!
		"The repository's HEAD after the merge; null unless MERGED."
		mergeCommit: String
		"Committed and uncommitted changes against baseCommit; empty once the worktree is gone."
		changes: [WorktreeFileChange!]!
		"The unified diff against baseCommit (new files included); empty once the worktree is gone."
		diff: String!
	}

	"""A worktree in Meta GOTHIC's storage, as git lists it."""
	type StoredWorktree {
		path: String!
		branch: String!
		baseCommit: String!
		repositoryPath: String!
		"The run that made it; null when no run record claims it (left by a crash)."
		run: AgentRun
	}

	"""Runs started together on several repositories; the counts are over the latest attempt per repository."""
	type AgentFleet {
		id: ID!
		prompt: String!
		createdAt: String!
		runs: [AgentRun!]!
		queued: Int!
		running: Int!
		succeeded: Int!
		failed: Int!
		cancelled: Int!
		budgetExceeded: Int!
		"What every run of the fleet cost, retried attempts included."
		costUsd: Float!
		finished: Boolean!
	}

	"What agent runs cost on one day (local time)."
	type AgentUsagePeriod {
		"YYYY-MM-DD"
		day: String!
		costUsd: Float!
		runs: Int!
		tokensIn: Int!
		tokensOut: Int!
	}

	type AgentRepositoryUsage {
		repository: Repository!
		repositoryPath: String!
		costUsd: Float!
		runs: Int!
		tokensIn: Int!
		tokensOut: Int!
	}

	"""Spend of agent runs: today's, per repository, and against the daily cap."""
	type AgentUsage {
		today: AgentUsagePeriod!
		"Today's spend per repository, most expensive first."
		repositories: [AgentRepositoryUsage!]!
		"The workspace's cap per day; null for none."
		dailyBudgetUsd: Float
		remainingTodayUsd: Float
	}

	enum PromptTemplateSource {
		BUILT_IN
		"A .vscode/meta-gothic/prompts/<name>.md file of the workspace."
		WORKSPACE
		"The metaGothic.claude.prompts setting."
		SETTINGS
	}

	"""A saved prompt. Placeholders: {{repository}} {{branch}} {{changedFiles}} {{diff}} {{failingLog}}."""
	type PromptTemplate {
		name: String!
		description: String
		source: PromptTemplateSource!
		body: String!
		path: String
	}

	input PromptVariable {
		name: String!
		value: String!
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
		isolation: AgentRunIsolation!
		"The worktree of a WORKTREE run."
		worktree: AgentRunWorktree
		fleet: AgentFleet
		"The run's cost cap in dollars; null for none."
		maxBudgetUsd: Float
		"Input tokens billed (cache reads and writes included)."
		tokensIn: Int
		tokensOut: Int
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
		"Default: the metaGothic.claude.isolation setting."
		isolation: AgentRunIsolation
		"The run's cost cap in dollars (0: none); default: the metaGothic.claude.maxBudgetUsd setting."
		maxBudgetUsd: Float
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

	${enumSdl('PermissionDecision', 'How a permission request is answered: ALLOW_ONCE this call, ALLOW_RUN every call of the tool for the rest of the run, DENY.', PERMISSION_DECISION_VALUES)}

	"""A tool call a running agent was not allowed to make (Bash, an edit outside the repository, the network), waiting for an answer. Unanswered, it is denied at metaGothic.agent.permissionTimeoutSeconds or when its run ends."""
	type AgentPermissionRequest {
		id: ID!
		run: AgentRun
		repository: Repository!
		"The CLI's tool name: Bash, Edit, WebFetch…"
		tool: String!
		"One line of plain text saying what the call would do (the command, the file, the address), at most 200 characters."
		inputSummary: String!
		requestedAt: String!
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
		"Fleets, newest first."
		agentFleets(first: Int = 20): [AgentFleet!]!
		agentFleet(id: ID!): AgentFleet
		"What agent runs cost today, per repository, against the daily cap."
		agentUsage: AgentUsage!
		"Every worktree in Meta GOTHIC's storage, including those left by a crash."
		agentWorktrees: [StoredWorktree!]!
		"Prompt templates: built-in, the workspace's, the settings' (a later one overrides an earlier of the same name)."
		promptTemplates: [PromptTemplate!]!
		"Tool calls running agents wait to be allowed, oldest first."
		permissionRequests: [AgentPermissionRequest!]!
	}

	type Mutation {
		"Starts a run from prompt, or from the named template filled in for the repository (prompt is then appended to it)."
		startAgentRun(repository: String!, prompt: String, template: String, variables: [PromptVariable!], options: AgentRunOptions): AgentRun!
		"One run per repository under one fleet, queued with the usual concurrency."
		startAgentFleet(repositories: [String!]!, prompt: String, template: String, variables: [PromptVariable!], options: AgentRunOptions): AgentFleet!
		"Cancels the fleet's queued and running runs."
		cancelAgentFleet(id: ID!): AgentFleet!
		"Retries the fleet's failed runs."
		retryAgentFleet(id: ID!): AgentFleet!
		"Merges a finished WORKTREE run's branch (its uncommitted work committed first) into the repository's branch, then removes worktree and branch. Fails with LOCAL_CHANGES_OVERWRITTEN, NOT_FAST_FORWARD or CONFLICT and changes nothing."
		mergeAgentRun(id: ID!, mode: AgentMergeMode = FAST_FORWARD): AgentRun!
		"Commits a finished WORKTREE run's work on its branch and removes the worktree folder; the branch stays, to check out."
		keepAgentRunBranch(id: ID!): AgentRun!
		"Removes a finished WORKTREE run's worktree and branch."
		discardAgentRun(id: ID!): AgentRun!
		"Removes the worktrees no run record claims; returns how many."
		cleanAgentWorktrees: Int!
		cancelAgentRun(id: ID!): AgentRun!
		"Starts a new run with the same prompt, linked to this one."
		retryAgentRun(id: ID!): AgentRun!
		"Continues the same Claude session with a follow-up prompt."
		resumeAgentRun(id: ID!, prompt: String!): AgentRun!
		"Asks Claude for a commit message per repository: for the staged changes, or every change when nothing is staged. Commits nothing. When the request is cancelled, every run it started is stopped and it fails with code CANCELLED."
		generateCommitMessages(paths: [String!]!): [CommitMessageSuggestion!]!
		"Answers a pending permission request and returns it; the run resumes. Fails with NOT_FOUND when it was already answered, timed out or its run ended."
		answerPermissionRequest(id: ID!, decision: PermissionDecision!): AgentPermissionRequest!
	}

	type Subscription {
		"Events of one run as they arrive."
		agentRunEvents(id: ID!): AgentRunEvent!
		"Fires whenever any run changes state."
		agentRunUpdated: AgentRun!
		"The pending permission requests, whenever one arrives or is answered, times out or ends with its run."
		permissionRequestsChanged: [AgentPermissionRequest!]!
	}
`;
