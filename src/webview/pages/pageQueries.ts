import { graphql, ResultOf } from '../../graphql';

/** The Changes page: every repository's files, staged and unstaged. */
export const ChangesQuery = graphql(`
	query DashboardChanges {
		repositories {
			path
			name
			kind
			isDirty
			headSha
			branch
			ahead
			changes { path indexStatus worktreeStatus conflicted }
			submoduleChanges { path }
		}
	}
`);

/** One repository of the Changes page. */
export type ChangesRepository = ResultOf<typeof ChangesQuery>['repositories'][number];

export const StageFilesMutation = graphql(`
	mutation DashboardStage($repository: String!, $paths: [String!]!) {
		stageFiles(repository: $repository, paths: $paths) { status error { code message } }
	}
`);

export const UnstageFilesMutation = graphql(`
	mutation DashboardUnstage($repository: String!, $paths: [String!]!) {
		unstageFiles(repository: $repository, paths: $paths) { status error { code message } }
	}
`);

export const CommitAllMutation = graphql(`
	mutation DashboardCommitAll($commits: [CommitInput!]!) {
		commitAll(commits: $commits) { status sha repository { path } error { code message } }
	}
`);

export const CommitHierarchyMutation = graphql(`
	mutation DashboardCommitHierarchy($commits: [CommitInput!]!) {
		commitHierarchy(commits: $commits) { status sha repository { path } error { code message } }
	}
`);

export const PushMutation = graphql(`
	mutation DashboardPush($repositories: [String!]!) {
		push(repositories: $repositories) { status repository { path } error { code message } }
	}
`);

export const GenerateMessagesMutation = graphql(`
	mutation DashboardGenerateMessages($paths: [String!]!) {
		generateCommitMessages(paths: $paths) { message error repository { path } }
	}
`);

/** The Pipelines page: each repository's recent runs. */
export const PipelinesQuery = graphql(`
	query DashboardPipelines {
		githubStatus { available reason }
		repositories {
			path
			name
			github { runs(first: 10) { id runNumber workflowName status conclusion branch event createdAt url } }
		}
	}
`);

/** One run of the Pipelines page with its jobs and their steps, for the selected run's detail. */
export const RunDetailQuery = graphql(`
	query DashboardRunDetail($repository: String!, $runId: ID!) {
		repository(path: $repository) {
			path
			name
			github {
				run(id: $runId) {
					id runNumber workflowName status conclusion branch event url
					jobs { id name status conclusion startedAt completedAt url steps { number name status conclusion startedAt completedAt } }
				}
			}
		}
	}
`);

/** The selected run, as the detail shows it. */
export type RunDetail = NonNullable<NonNullable<NonNullable<ResultOf<typeof RunDetailQuery>['repository']>['github']>['run']>;

export const CancelRunMutation = graphql(`
	mutation DashboardCancelRun($repository: String!, $runId: ID!) {
		cancelWorkflowRun(repository: $repository, runId: $runId) { id status }
	}
`);

export const RerunMutation = graphql(`
	mutation DashboardRerun($repository: String!, $runId: ID!, $failedOnly: Boolean) {
		rerunWorkflowRun(repository: $repository, runId: $runId, failedOnly: $failedOnly) { id status }
	}
`);

/** The Diagnostics page: what each domain says of itself. */
export const DiagnosticsQuery = graphql(`
	query DashboardDiagnostics {
		gitStatus { available code reason }
		githubStatus { available code reason lastPolledAt }
		claudeStatus { available reason }
		packagesStatus { available code }
		health { status summary items { kind message detail repositoryName } }
	}
`);
