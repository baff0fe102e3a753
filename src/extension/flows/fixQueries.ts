/** The typed graph documents of Fix with Claude. */
import { graphql, ResultOf } from '../../graphql';

const FixFields = graphql(`
	fragment FixFields on WorkflowFix @_unmask {
		id runId runNumber workflowName runUrl branch commit round maxRounds checkout workingDirectory suggestedBranch
		status changedPaths commitSha pushed
		repository { path }
		failures { job step }
		error { code message }
	}
`);

/** A fix as the command follows it. */
export type ViewFix = ResultOf<typeof FixFields>;

/** Prepares a fix and, when there is a checkout at the run's commit, starts the agent. */
export const FixWorkflowRunMutation = graphql(
	`
		mutation FixWorkflowRun($runId: ID!, $repository: String, $workingDirectory: String) {
			fixWorkflowRun(runId: $runId, repository: $repository, workingDirectory: $workingDirectory) { ...FixFields }
		}
	`,
	[FixFields],
);

/** One fix, read while its agent works. */
export const WorkflowFixQuery = graphql(
	`
		query WorkflowFix($id: ID!) {
			workflowFix(id: $id) { ...FixFields }
		}
	`,
	[FixFields],
);

/** The fixes of this session, to pick up one still waiting for review. */
export const WorkflowFixesQuery = graphql(
	`
		query WorkflowFixes {
			workflowFixes { ...FixFields }
		}
	`,
	[FixFields],
);

/** Sends the fix's agent a follow-up. */
export const ContinueWorkflowFixMutation = graphql(
	`
		mutation ContinueWorkflowFix($id: ID!, $prompt: String!) {
			continueWorkflowFix(id: $id, prompt: $prompt) { ...FixFields }
		}
	`,
	[FixFields],
);

/** Stops the agent and puts back its edits. */
export const CancelWorkflowFixMutation = graphql(
	`
		mutation CancelWorkflowFix($id: ID!) {
			cancelWorkflowFix(id: $id) { ...FixFields }
		}
	`,
	[FixFields],
);

/** Puts back the agent's edits. */
export const DiscardWorkflowFixMutation = graphql(
	`
		mutation DiscardWorkflowFix($id: ID!) {
			discardWorkflowFix(id: $id) { ...FixFields }
		}
	`,
	[FixFields],
);

/** Commits the agent's edits and pushes them. */
export const AcceptWorkflowFixMutation = graphql(
	`
		mutation AcceptWorkflowFix($id: ID!, $message: String!) {
			acceptWorkflowFix(id: $id, message: $message) { ...FixFields }
		}
	`,
	[FixFields],
);

/** The failed runs of every repository, for the palette's pick list. */
export const FailedRunsQuery = graphql(`
	query FailedRuns {
		workflowRuns(first: 50) { id runNumber workflowName status conclusion branch headSha createdAt repository { path } }
	}
`);

/** A fix's follow-up runs, read while CI runs on its push. */
export const FixCiQuery = graphql(`
	query FixCi($id: ID!) {
		workflowFix(id: $id) {
			id runNumber workflowName round maxRounds pushed suggestedBranch checkout branch
			repository { path }
			followUpRuns { id runNumber workflowName status conclusion url }
		}
	}
`);

/** Fires as the fix (and so its follow-up runs) changes. */
export const WorkflowFixUpdatedSubscription = graphql(`
	subscription WorkflowFixUpdated($id: ID!) {
		workflowFixUpdated(id: $id) { id }
	}
`);
