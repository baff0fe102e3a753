import { createGitHubClient } from '../../github/octokit';
import type { LocalRepositories } from '../../github/repoMapping';
import { GitHubWorkflowsModel } from '../../github/workflowsModel';
import { log } from '../log';
import type { GitHubCredentials } from './githubCredentials';
import { readWorkflowsSettings } from './workflowsSettings';

/** Why the graph has no GitHub while there is no credential. */
export const NOT_SIGNED_IN = 'Not signed in to GitHub: sign in to see workflow runs.';

/**
 * The workflows model of the extension: a client per credential the {@link GitHubCredentials}
 * find, made when the model first connects and again on each reconnect.
 */
export function createWorkflowsModel(repos: LocalRepositories, credentials: GitHubCredentials): GitHubWorkflowsModel {
	return new GitHubWorkflowsModel({
		repos,
		host: credentials.target.host,
		createClient: async () => {
			const credential = await credentials.current();
			if (!credential) {
				return undefined;
			}
			return createGitHubClient({
				token: credential.token,
				...(credential.apiUrl ? { baseUrl: credential.apiUrl } : {}),
				// Lines are redacted by the client before they get here; debug stays out of the channel.
				log: { debug: () => undefined, info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
			});
		},
		// Read on every (re)connect, so a changed setting applies at the next reconnect.
		poll: {
			get fastIntervalMs() {
				return readWorkflowsSettings().fastIntervalMs;
			},
			get idleIntervalMs() {
				return readWorkflowsSettings().idleIntervalMs;
			},
		},
		notConnectedReason: NOT_SIGNED_IN,
	});
}
