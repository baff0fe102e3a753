/** SDL of the flows subschema: Fix with Claude and Ship everything, across the domains. */
export const flowsTypeDefs = /* GraphQL */ `
	"""Where a fix's agent works."""
	enum FixCheckout {
		"The repository itself: its checkout is clean and at the run's head commit."
		IN_PLACE
		"The local checkout is at another commit or has changes: a checkout at the run's commit (a worktree) is needed."
		ELSEWHERE
		"The checkout the caller named (workingDirectory)."
		GIVEN
	}

	"""The step a Fix with Claude is at."""
	enum WorkflowFixStatus {
		"Waiting for a checkout at the run's commit (checkout is ELSEWHERE); fixWorkflowRun again with workingDirectory."
		NEEDS_CHECKOUT
		"Prepared with start: false; no agent was started."
		PREPARED
		"The agent is working."
		RUNNING
		"The agent finished: review its changes, then continue, discard or accept."
		REVIEW
		"The agent run failed; its changes (if any) may still be reviewed, discarded or accepted."
		FAILED
		"Cancelled: the agent was stopped and its edits put back."
		CANCELLED
		"The agent's edits were put back."
		DISCARDED
		"Committed; not pushed (yet, or the push failed: see error)."
		COMMITTED
		"Committed and pushed: followUpRuns are the runs the push triggered."
		PUSHED
	}

	"""A failed job of the run being fixed, and what its log said."""
	type WorkflowFixFailure {
		jobId: ID!
		job: String!
		"The first failed step; null when the job failed outside one."
		step: String
		"The end of the step's log: ANSI colours and timestamps removed, capped by metaGothic.flows.logTailLines / logTailBytes."
		logTail: String!
	}

	"""Why a flow's step failed: the code of its domain (extensions.code) and a message for people."""
	type FlowError {
		code: String!
		message: String!
	}

	"""A Fix with Claude of one failed workflow run."""
	type WorkflowFix {
		id: ID!
		repository: Repository!
		runId: ID!
		runNumber: Int!
		workflowName: String!
		runUrl: String!
		"The run's branch and head commit."
		branch: String
		commit: String
		"1 for the first fix of a failure; the fix of a run its own push triggered counts on."
		round: Int!
		maxRounds: Int!
		"The workflow file, e.g. .github/workflows/ci.yml, when it could be found."
		workflowPath: String
		checkout: FixCheckout!
		"Where the agent works; null while checkout is ELSEWHERE."
		workingDirectory: String
		"The local checkout's commit when the fix was prepared."
		localHeadSha: String
		"The branch a fresh worktree for this fix gets: fix/<workflow>-<run number>."
		suggestedBranch: String!
		failures: [WorkflowFixFailure!]!
		"The prompt the agent got (metaGothic.flows.fixPrompt filled in; credentials removed)."
		prompt: String!
		"The agent runs of this fix, oldest first; a follow-up resumes the last (query agentRun(id:) for each)."
		agentRunIds: [ID!]!
		status: WorkflowFixStatus!
		"The files the agent changed, relative to workingDirectory, once it finished."
		changedPaths: [String!]!
		"The commit acceptWorkflowFix made."
		commitSha: String
		pushed: Boolean!
		"The runs the push triggered, newest first (id, status, conclusion)."
		followUpRuns: [FlowRun!]!
		"Why the last step failed."
		error: FlowError
		createdAt: String!
	}

	"""A workflow run a flow follows (query workflowRuns or Repository.github.run for the rest)."""
	type FlowRun {
		id: ID!
		runNumber: Int!
		workflowName: String!
		status: String!
		conclusion: String
		url: String!
	}

	enum ShipStepStatus {
		SUCCEEDED
		FAILED
		SKIPPED
	}

	"""What CI says about one shipped repository."""
	enum ShipCiStatus {
		"Not pushed: nothing to follow."
		NOT_PUSHED
		"Pushed; no run for the pushed commit yet."
		WAITING
		RUNNING
		"Every run of the pushed commit succeeded."
		PASSED
		"A run of the pushed commit failed: fixWorkflowRun it."
		FAILED
	}

	type ShipStep {
		status: ShipStepStatus!
		error: FlowError
	}

	"""One repository of a ship."""
	type ShipRow {
		repository: Repository!
		commit: ShipStep!
		"The commit made (a parent that only records new submodule pointers gets one too)."
		sha: String
		push: ShipStep!
		"The commit the remote got; the runs are matched by it."
		pushedSha: String
		ci: ShipCiStatus!
		runs: [FlowRun!]!
	}

	"""One Ship everything."""
	type Ship {
		id: ID!
		"Submodules first, in commit order."
		rows: [ShipRow!]!
		createdAt: String!
	}

	input ShipCommitInput {
		repository: String!
		message: String!
	}

	type Repository {
		path: String!
	}

	type Query {
		workflowFix(id: ID!): WorkflowFix
		"Fixes of this session, newest first."
		workflowFixes: [WorkflowFix!]!
		ship(id: ID!): Ship
		"Ships of this session, newest first: which commit each pushed where, so a timeline can group the runs one ship started."
		ships: [Ship!]!
		_flowRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Mutation {
		"""
		Fix with Claude: reads the failed jobs' logs and the workflow file, builds the prompt from
		metaGothic.flows.fixPrompt and, when the checkout is clean at the run's head commit (or
		workingDirectory names one), starts an agent run there. Code ROUND_LIMIT past
		metaGothic.flows.maxRounds rounds; CONFLICT when the run has not failed.
		"""
		fixWorkflowRun(runId: ID!, repository: String, workingDirectory: String, start: Boolean = true): WorkflowFix!
		"Sends the fix's agent a follow-up in the same session."
		continueWorkflowFix(id: ID!, prompt: String!): WorkflowFix!
		"Stops the agent and puts back everything it changed."
		cancelWorkflowFix(id: ID!): WorkflowFix!
		"Puts back everything the agent changed."
		discardWorkflowFix(id: ID!): WorkflowFix!
		"Commits the agent's changes with message and pushes them (unless push is false); a failed push keeps the commit."
		acceptWorkflowFix(id: ID!, message: String!, push: Boolean = true): WorkflowFix!
		"""
		Ship everything: commits each repository with its message, submodules first (parents record
		the new pointers), pushes every committed repository, submodules before parents. Each
		repository ends with its own outcome; follow ci with shipUpdated.
		"""
		shipRepositories(commits: [ShipCommitInput!]!, push: Boolean = true): Ship!
	}

	type Subscription {
		"Fires when a fix moves on, or a run its push triggered changes; every fix when no id is given."
		workflowFixUpdated(id: ID): WorkflowFix!
		"Fires when a run one of the ship's pushes triggered changes."
		shipUpdated(id: ID!): Ship!
	}
`;
