/**
 * Shared fixtures for the GitHub tests: a stand-in per test and clients with short back-off, so
 * retries take milliseconds while following the production code paths.
 */
import { type GitHubClient, type GitHubClientOptions, createGitHubClient } from '../../../src/github/octokit';
import { type GitHubStandIn, type StandInOptions, startGitHubStandIn } from '../../support/github';

/** Token-shaped, so redaction by pattern is exercised as well as redaction by value. */
export const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

/** A client and the log lines it wrote. */
export interface TestClient extends GitHubClient {
	readonly lines: string[];
}

/** Starts a stand-in that accepts {@link TOKEN}. */
export function standIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
	return startGitHubStandIn({ token: TOKEN, ...options });
}

/**
 * A client for the stand-in with millisecond back-off, no spacing between GraphQL calls (GitHub's
 * one-write-per-second advice would make every test wait), and a captured log.
 */
export async function clientFor(gh: GitHubStandIn, options: Partial<GitHubClientOptions> = {}): Promise<TestClient> {
	const lines: string[] = [];
	const client = await createGitHubClient({
		token: TOKEN,
		baseUrl: gh.url,
		retryUnitMs: 5,
		writeSpacingMs: 0,
		log: {
			debug: (m) => lines.push(`debug ${m}`),
			info: (m) => lines.push(`info ${m}`),
			warn: (m) => lines.push(`warn ${m}`),
			error: (m) => lines.push(`error ${m}`),
		},
		...options,
	});
	return Object.assign(client, { lines });
}

/** Runs `fn` and returns what it threw; fails when it does not throw. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
	try {
		await fn();
	} catch (err) {
		return err;
	}
	throw new Error('Expected a rejection');
}
