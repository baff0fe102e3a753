/**
 * GitHub adapters for plain Node (no `vscode`): the Octokit factory with throttling, retries and
 * conditional requests; remote URL parsing; the batched Actions overview query; workflow
 * dispatch inputs; error classification; and the workflows model with its rate-limit-safe
 * poller, which the graph reads.
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
	type GitHubRequestStats,
	type RateLimitHold,
	type RateLimitState,
	restBaseUrlForHost,
} from './octokit';
export {
	MAX_REPOS_PER_QUERY,
	MAX_REQUESTS_PER_QUERY,
	buildHeadQueries,
	buildOverviewQueries,
	fetchOverview,
	parseOverview,
	type GraphQLErrorEntry,
	type LatestWorkflowRun,
	type OpenPullRequest,
	type OverviewOptions,
	type OverviewQuery,
	type OverviewRateLimit,
	type OverviewRepo,
	type OverviewResult,
	type PullRequestRuns,
	type RepoOverview,
	type WorkflowRunConclusion,
	type WorkflowRunStatus,
} from './overviewQuery';
export { type Clock, systemClock } from './clock';
export { type ConnectionState, GitHubConnection } from './githubConnection';
export { GitHubPoller, type PollCycleStats, type PollerOptions, type PollTarget } from './poller';
export { HOLD_MARGIN_MS, type ScheduleInput, nextPollDelay } from './pollSchedule';
export { REDACTED, redact } from '../common/redact';
export { type LocalRepositories, type LocalRepository, type MappedRepository, RepoMapping, hostForApiUrl, slugOf } from './repoMapping';
export { type CachedRun, type CachedWorkflow, type RepoRef } from './restReads';
export { RunStore } from './runStore';
export { type GitHubTuning, type TokenWorkflowsOptions, createTokenWorkflows } from './tokenWorkflows';
export { GitHubWorkflowsModel, type GitHubWorkflowsModelOptions, TOKEN_REJECTED, type WorkflowOperation } from './workflowsModel';
export { type GitHubRepoId, type GitRemote, type PickRemoteOptions, parseRemoteUrl, parseRemoteVerbose, pickGitHubRemote, repoSlug } from './remotes';
export { WorkflowYamlError, parseWorkflowDispatch, toDispatchInputs, type WorkflowDispatchInfo, type WorkflowInput, type WorkflowInputType } from './workflowInputs';
