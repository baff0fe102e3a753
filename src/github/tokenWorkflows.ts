/**
 * The workflows model for a plain token (`GITHUB_TOKEN`, the Node API, the CLI): one client made
 * on first use against the configured API root. The extension builds its model from an
 * authentication session instead.
 */
import type { Clock } from './clock';
import { type GitHubClientOptions, createGitHubClient } from './octokit';
import { type LocalRepositories, hostForApiUrl } from './repoMapping';
import { GitHubWorkflowsModel } from './workflowsModel';

/** Polling and client tuning; the defaults suit github.com, tests shorten everything. */
export interface GitHubTuning {
	/** Seconds-scale intervals of the poller, in ms (defaults 5 s and 60 s). */
	readonly fastIntervalMs?: number;
	readonly idleIntervalMs?: number;
	readonly clock?: Clock;
	/** Client settings besides the token and URL (back-off unit, write spacing, log). */
	readonly client?: Omit<GitHubClientOptions, 'token' | 'baseUrl'>;
}

/** Options of {@link createTokenWorkflows}. */
export interface TokenWorkflowsOptions {
	readonly token: string;
	/** REST API root; default the public API. A `…/api/v3` root maps remotes on its own host. */
	readonly apiUrl?: string;
	readonly repos: LocalRepositories;
	readonly tuning?: GitHubTuning;
}

/** A {@link GitHubWorkflowsModel} over a token. */
export function createTokenWorkflows(options: TokenWorkflowsOptions): GitHubWorkflowsModel {
	const apiUrl = options.apiUrl || undefined;
	const tuning = options.tuning ?? {};
	return new GitHubWorkflowsModel({
		repos: options.repos,
		host: hostForApiUrl(apiUrl),
		createClient: () => createGitHubClient({ ...tuning.client, token: options.token, ...(apiUrl ? { baseUrl: apiUrl } : {}) }),
		poll: { fastIntervalMs: tuning.fastIntervalMs, idleIntervalMs: tuning.idleIntervalMs, clock: tuning.clock },
		notConnectedReason: 'GitHub is not connected: set GITHUB_TOKEN to see workflow runs.',
	});
}
