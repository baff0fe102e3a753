/**
 * The Actions overview of many repositories in one GraphQL call per 50: for each repository, the
 * check suites on its default branch head and on the heads of its open pull requests, kept when
 * GitHub Actions ran them, reduced to the latest run per workflow (per workflow and event on a
 * pull request head). The open pull requests are listed in the same call; their heads are read
 * in the next one, by branch, so a push shows without knowing its commit. A pull request opened
 * since, or pushed to from a fork, costs one more call for just those heads.
 *
 * Cost, by GitHub's rules: every `checkSuites` and `pullRequests` connection costs one request
 * per repository, so a call costs `2 × repositories + pull request heads` requests, and
 * `round(requests / 100)` points, at least 1. Calls are cut at 149 requests: 1 point each.
 */
import { toGitHubError } from './errors';
import type { GitHubOctokit } from './octokit';
import { type GraphQLErrorEntry, type HeadRead, type OpenPullRequest, type OverviewQuery, type OverviewRepo, type RepoOverview, acceptHeads, parseHeads, parseOverview, unreadHeads } from './overviewParse';

export {
	parseOverview,
	type GraphQLErrorEntry,
	type LatestWorkflowRun,
	type OpenPullRequest,
	type OverviewQuery,
	type OverviewRepo,
	type PullRequestRuns,
	type RepoOverview,
	type WorkflowRunConclusion,
	type WorkflowRunStatus,
} from './overviewParse';

/** Options of {@link buildOverviewQueries} and {@link fetchOverview}. */
export interface OverviewOptions {
	/** Repositories per call, at most {@link MAX_REPOS_PER_QUERY}. */
	readonly chunkSize?: number;
	/** Check suites read per commit. Default 20. */
	readonly suitesPerCommit?: number;
	/** Open pull requests listed (most recently updated first) and read per repository; 0 reads none. Default 5. */
	readonly pullRequestsPerRepo?: number;
}

/** The `rateLimit` GitHub returns with each call. */
export interface OverviewRateLimit {
	readonly cost: number;
	readonly remaining: number;
	readonly limit: number;
	readonly used: number;
	readonly resetAt: string;
}

/** Large queries can time out on GitHub's side even when their cost is low. */
export const MAX_REPOS_PER_QUERY = 50;
/** `round(149 / 100)` is 1: the most requests one point buys. */
export const MAX_REQUESTS_PER_QUERY = 149;
/** Enough for every workflow a push triggers, plus other apps' suites. */
const DEFAULT_SUITES_PER_COMMIT = 20;
/** Each one read costs a request per cycle; the most recently updated are the likeliest to build. */
const DEFAULT_PULL_REQUESTS_PER_REPO = 5;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const COMMIT_FRAGMENT = (suites: number) => `fragment MetaGothicCommitSuites on GitObject {
  ... on Commit {
    oid
    checkSuites(last: ${suites}) {
      nodes {
        app { slug }
        status
        conclusion
        creator { login avatarUrl }
        workflowRun {
          databaseId
          runNumber
          url
          event
          createdAt
          updatedAt
          workflow { databaseId name }
        }
      }
    }
  }
}`;

const REPO_FRAGMENT = (pullRequests: number) => `fragment MetaGothicRepoOverview on Repository {
  defaultBranchRef {
    name
    target { ...MetaGothicCommitSuites }
  }${
		pullRequests > 0
			? `
  pullRequests(states: OPEN, first: ${pullRequests}, orderBy: {field: UPDATED_AT, direction: DESC}) {
    nodes { number title url headRefName headRefOid isCrossRepository }
  }`
			: ''
	}
}`;

/** What one repository adds to a call. */
interface Plan {
	readonly repo: OverviewRepo;
	readonly heads: readonly HeadRead[];
}

/** Cuts plans into calls of at most `size` repositories and {@link MAX_REQUESTS_PER_QUERY} requests. */
function chunk(plans: readonly Plan[], size: number, requests: (plan: Plan) => number): Plan[][] {
	const chunks: Plan[][] = [];
	let current: Plan[] = [];
	let used = 0;
	for (const plan of plans) {
		const cost = requests(plan);
		if (current.length > 0 && (current.length >= size || used + cost > MAX_REQUESTS_PER_QUERY)) {
			chunks.push(current);
			current = [];
			used = 0;
		}
		current.push(plan);
		used += cost;
	}
	if (current.length > 0) {
		chunks.push(current);
	}
	return chunks;
}

/**
 * One document: repositories aliased `r0`, `r1`, …, pull request heads inside them `p0`, `p1`, …;
 * owner, name, branch and commit passed as variables (never spliced into the document).
 */
function render(plans: readonly Plan[], mode: 'overview' | 'heads', suites: number, pullRequests: number): OverviewQuery {
	const variables: Record<string, string> = {};
	const declarations: string[] = [];
	const fields: string[] = [];
	plans.forEach(({ repo, heads }, i) => {
		variables[`o${i}`] = repo.owner;
		variables[`n${i}`] = repo.name;
		declarations.push(`$o${i}: String!`, `$n${i}: String!`);
		const selections = mode === 'overview' ? ['...MetaGothicRepoOverview'] : [];
		heads.forEach((head, j) => {
			const name = `h${i}_${j}`;
			if (head.by === 'ref') {
				variables[name] = `refs/heads/${head.pullRequest.headRefName}`;
				declarations.push(`$${name}: String!`);
				selections.push(`p${j}: ref(qualifiedName: $${name}) { target { ...MetaGothicCommitSuites } }`);
			} else {
				variables[name] = head.pullRequest.headSha;
				declarations.push(`$${name}: GitObjectID!`);
				selections.push(`p${j}: object(oid: $${name}) { ...MetaGothicCommitSuites }`);
			}
		});
		fields.push(`  r${i}: repository(owner: $o${i}, name: $n${i}) { ${selections.join(' ')} }`);
	});
	const operation = mode === 'overview' ? 'MetaGothicOverview' : 'MetaGothicPullRequestHeads';
	const fragments = mode === 'overview' ? `${REPO_FRAGMENT(pullRequests)}\n${COMMIT_FRAGMENT(suites)}` : COMMIT_FRAGMENT(suites);
	const query = `query ${operation}(${declarations.join(', ')}) {\n${fields.join('\n')}\n  rateLimit { cost remaining resetAt limit used }\n}\n${fragments}\n`;
	return { query, variables, repos: plans.map((p) => p.repo), heads: plans.map((p) => p.heads), listsPullRequests: mode === 'overview' && pullRequests > 0 };
}

function settings(options: OverviewOptions) {
	return {
		size: clamp(options.chunkSize ?? MAX_REPOS_PER_QUERY, 1, MAX_REPOS_PER_QUERY),
		suites: clamp(options.suitesPerCommit ?? DEFAULT_SUITES_PER_COMMIT, 1, 100),
		pullRequests: clamp(options.pullRequestsPerRepo ?? DEFAULT_PULL_REQUESTS_PER_REPO, 0, 100),
	};
}

/**
 * Builds the overview queries, in calls of at most 50 repositories and 1 point. The heads of the
 * pull requests a repository brings (those the last overview listed) are read by branch, a
 * fork's by commit.
 */
export function buildOverviewQueries(repos: readonly OverviewRepo[], options: OverviewOptions = {}): OverviewQuery[] {
	const { size, suites, pullRequests } = settings(options);
	const plans = repos.map((repo) => ({
		repo,
		heads: (repo.pullRequests ?? []).slice(0, pullRequests).map((pullRequest): HeadRead => ({ pullRequest, by: pullRequest.crossRepository ? 'oid' : 'ref' })),
	}));
	const perRepo = pullRequests > 0 ? 2 : 1;
	return chunk(plans, size, (plan) => perRepo + plan.heads.length).map((plans) => render(plans, 'overview', suites, pullRequests));
}

/** Queries that read only the given pull request heads, by commit. */
export function buildHeadQueries(reads: readonly { repo: OverviewRepo; pullRequests: readonly OpenPullRequest[] }[], options: OverviewOptions = {}): OverviewQuery[] {
	const { size, suites } = settings(options);
	const plans = reads.map(({ repo, pullRequests }) => ({ repo, heads: pullRequests.map((pullRequest): HeadRead => ({ pullRequest, by: 'oid' })) }));
	return chunk(plans, size, (plan) => plan.heads.length).map((plans) => render(plans, 'heads', suites, 0));
}

/** Everything one overview poll learned. */
export interface OverviewResult {
	readonly repos: RepoOverview[];
	/** From the last call; undefined when there were no repositories. */
	readonly rateLimit: OverviewRateLimit | undefined;
	/** Points spent across all calls. */
	readonly cost: number;
}

/**
 * Runs the overview for any number of repositories, one call per chunk, in order, then one for
 * the heads of pull requests it listed but could not read yet. A repository GitHub cannot
 * resolve comes back with `found: false` instead of failing the rest.
 * @throws {@link GitHubError} for failures of a whole call (auth, rate limit, network).
 */
export async function fetchOverview(graphql: GitHubOctokit['graphql'], repos: readonly OverviewRepo[], options: OverviewOptions = {}): Promise<OverviewResult> {
	let rateLimit: OverviewRateLimit | undefined;
	let cost = 0;
	const call = async (query: OverviewQuery): Promise<{ data: unknown; errors: readonly GraphQLErrorEntry[] }> => {
		let data: unknown;
		let errors: readonly GraphQLErrorEntry[] = [];
		try {
			data = await graphql(query.query, { ...query.variables });
		} catch (err) {
			const partial = err as { name?: string; data?: unknown; errors?: GraphQLErrorEntry[] };
			// Octokit throws on any error entry, even when only some repositories failed to resolve.
			const onlyNotFound = partial.name === 'GraphqlResponseError' && partial.data && partial.errors?.every((e) => e.type === 'NOT_FOUND');
			if (!onlyNotFound) {
				throw toGitHubError(err, { action: 'Loading the Actions overview' });
			}
			data = partial.data;
			errors = partial.errors ?? [];
		}
		const limit = (data as { rateLimit?: OverviewRateLimit } | undefined)?.rateLimit;
		if (limit) {
			rateLimit = limit;
			cost += limit.cost;
		}
		return { data, errors };
	};

	const result: RepoOverview[] = [];
	for (const query of buildOverviewQueries(repos, options)) {
		const { data, errors } = await call(query);
		result.push(...parseOverview(query, data, errors));
	}
	// Without this, a pull request's first build would show one idle interval late.
	const unread = result.map((overview, index) => ({ index, repo: overview.repo, pullRequests: unreadHeads(overview) })).filter((r) => r.pullRequests.length > 0);
	let next = 0;
	for (const query of buildHeadQueries(unread, options)) {
		const { data } = await call(query);
		for (const heads of parseHeads(query, data)) {
			const { index } = unread[next++];
			result[index] = acceptHeads(result[index], heads);
		}
	}
	return { repos: result, rateLimit, cost };
}
