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

/**
 * The Pipelines page: each repository's recent runs, with who started them, who is signed in, and
 * what this session's ships pushed (their runs are listed together).
 */
export const PipelinesQuery = graphql(`
	query DashboardPipelines {
		githubStatus { available reason }
		githubViewer { login }
		repositories {
			path
			name
			github { runs(first: 10) { id runNumber workflowName status conclusion branch event headSha createdAt url actor { login } triggeringActor { login } } }
		}
		ships { id rows { repository { path } pushedSha } }
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

/**
 * The Diagnostics page: what each domain says of itself, the figures of the extension's own work
 * (GitHub's budget and the poller's interval, git processes, graph operations, agent processes)
 * and the latest log lines at `level` or above.
 */
export const DiagnosticsQuery = graphql(`
	query DashboardDiagnostics($level: LogLevel!) {
		gitStatus { available code reason }
		githubStatus { available code reason lastPolledAt paused pollIntervalSeconds rateLimits { resource limit remaining used resetAt } }
		claudeStatus { available reason }
		packagesStatus { available code }
		health { status summary items { kind message detail repositoryName } }
		diagnostics {
			git { processesSpawned processesRunning p50Ms p99Ms }
			graph { operations operationsPerMinute p50Ms p99Ms liveSubscriptions }
			agents { processesAlive }
			logAvailable
			logLines(last: 200, level: $level) { at level message }
		}
	}
`);

/** What the Diagnostics page reads. */
export type DiagnosticsData = ResultOf<typeof DiagnosticsQuery>;
