/**
 * GitHub adapters for plain Node (no `vscode`): the Octokit factory with throttling, retries and
 * conditional requests; remote URL parsing; the batched Actions overview query; workflow
 * dispatch inputs; and error classification.
 */
export { downloadJobLogs, getDefaultBranch, readWorkflowDispatch, type RepoCoordinates } from './actions';
export { GitHubError, type GitHubErrorKind, formatClock, rateLimitLiftsAt, toGitHubError } from './errors';
export { EtagCache, type EtagCacheEntry, type EtagCacheOptions, type EtagCacheStats, type EtagHookTarget, installEtagCache } from './etagCache';
export {
	createGitHubClient,
	type GitHubClient,
	type GitHubClientOptions,
	type GitHubLog,
	type GitHubOctokit,
	type RateLimitHold,
	type RateLimitState,
	restBaseUrlForHost,
} from './octokit';
export {
	MAX_REPOS_PER_QUERY,
	buildOverviewQueries,
	fetchOverview,
	parseOverview,
	type GraphQLErrorEntry,
	type LatestWorkflowRun,
	type OverviewQuery,
	type OverviewRateLimit,
	type OverviewRepo,
	type OverviewResult,
	type RepoOverview,
	type WorkflowRunConclusion,
	type WorkflowRunStatus,
} from './overviewQuery';
export { REDACTED, redact } from './redact';
export { type GitHubRepoId, type GitRemote, type PickRemoteOptions, parseRemoteUrl, parseRemoteVerbose, pickGitHubRemote, repoSlug } from './remotes';
export { WorkflowYamlError, parseWorkflowDispatch, toDispatchInputs, type WorkflowDispatchInfo, type WorkflowInput, type WorkflowInputType } from './workflowInputs';
