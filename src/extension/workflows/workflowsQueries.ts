/** The typed graph documents of the Workflows view and the workflow commands. */
import { graphql, type ResultOf } from '../../graphql';

/** The fields every run row shows. */
export const RunFields = graphql(`
	fragment RunFields on WorkflowRun {
		id runNumber workflowName status conclusion event branch headSha url createdAt updatedAt
		actor { login } triggeringActor { login }
		repository { path }
	}
`);

/** One run as the view shows it. */
export type ViewRun = ResultOf<typeof RunFields>;

/**
 * The top of the view: can GitHub be used, the newest runs, and each repository's GitHub side;
 * everywhere, or in a group's repositories only.
 */
export const WorkflowsRootQuery = graphql(
	`
		query WorkflowsRoot($first: Int!, $group: String) {
			githubStatus { available code reason retryAt stale paused }
			githubViewer { login }
			workflowRuns(first: $first, group: $group) { ...RunFields }
			repositories(group: $group) {
				path name branch
				github { owner name url defaultBranch error latestRun { ...RunFields } }
			}
		}
	`,
	[RunFields],
);

/** What the root query says. */
export type WorkflowsRoot = ResultOf<typeof WorkflowsRootQuery>;

/** One repository of the root query. */
export type ViewGitHubRepository = WorkflowsRoot['repositories'][number];

/** An expanded repository: its workflow files (with their dispatch inputs) and newest runs. */
export const WorkflowsRepositoryQuery = graphql(
	`
		query WorkflowsRepository($path: String!, $first: Int!) {
			repository(path: $path) {
				path
				github {
					url defaultBranch
					workflows {
						id name path state url
						dispatchInputs { name type description required default options }
					}
					runs(first: $first) { ...RunFields }
				}
			}
		}
	`,
	[RunFields],
);

/** One workflow file as the view and the dispatch command read it. */
export type ViewWorkflow = NonNullable<NonNullable<ResultOf<typeof WorkflowsRepositoryQuery>['repository']>['github']>['workflows'][number];

/** An expanded run: its jobs and their steps. */
export const WorkflowRunJobsQuery = graphql(
	`
		query WorkflowRunJobs($path: String!, $id: ID!) {
			repository(path: $path) {
				github {
					run(id: $id) {
						...RunFields
						jobs { id name status conclusion startedAt completedAt url steps { number name status conclusion } }
					}
				}
			}
		}
	`,
	[RunFields],
);

/** One job as the view shows it. */
export type ViewJob = NonNullable<NonNullable<NonNullable<ResultOf<typeof WorkflowRunJobsQuery>['repository']>['github']>['run']>['jobs'][number];

/** One step as the view shows it. */
export type ViewStep = ViewJob['steps'][number];

/** A job's log. */
export const WorkflowJobLogQuery = graphql(`
	query WorkflowJobLog($repository: String!, $jobId: ID!) {
		workflowJobLog(repository: $repository, jobId: $jobId)
	}
`);

/** Starts a manual run. */
export const DispatchWorkflowMutation = graphql(
	`
		mutation DispatchWorkflow($repository: String!, $workflow: String!, $ref: String, $inputs: [DispatchInputValue!]) {
			dispatchWorkflow(repository: $repository, workflow: $workflow, ref: $ref, inputs: $inputs) {
				workflow ref
				run { ...RunFields }
			}
		}
	`,
	[RunFields],
);

/** Asks GitHub to cancel a run. */
export const CancelWorkflowRunMutation = graphql(
	`
		mutation CancelWorkflowRun($repository: String!, $runId: ID!) {
			cancelWorkflowRun(repository: $repository, runId: $runId) { ...RunFields }
		}
	`,
	[RunFields],
);

/** Re-runs a finished run, all of it or its failed jobs. */
export const RerunWorkflowRunMutation = graphql(
	`
		mutation RerunWorkflowRun($repository: String!, $runId: ID!, $failedOnly: Boolean!) {
			rerunWorkflowRun(repository: $repository, runId: $runId, failedOnly: $failedOnly) { ...RunFields }
		}
	`,
	[RunFields],
);

/** Fires whenever a run appears or changes status: the view's only reason to reload. */
export const WorkflowRunUpdatedSubscription = graphql(`
	subscription WorkflowRunUpdates {
		workflowRunUpdated { id status conclusion }
	}
`);

/** The branches of the newest runs, newest first, for Filter Recent Runs' branch pick. */
export const RunBranchesQuery = graphql(`
	query RunBranches($group: String) {
		workflowRuns(first: 100, group: $group) { branch }
	}
`);

/** A run's page on GitHub, for a run the view does not list. */
export const WorkflowRunUrlQuery = graphql(`
	query WorkflowRunUrl($path: String!, $id: ID!) {
		repository(path: $path) { github { run(id: $id) { url } } }
	}
`);
