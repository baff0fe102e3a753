/**
 * The Actions overview of many repositories in one GraphQL call per 50: for each repository, the
 * check suites on its default branch head, kept when GitHub Actions ran them, reduced to the
 * latest run per workflow. Polling this costs 1 point per 50 repositories, where REST would
 * cost a request per repository per poll.
 */
import { toGitHubError } from './errors';
import type { GitHubOctokit } from './octokit';

/** A repository to include. */
export interface OverviewRepo {
	readonly owner: string;
	readonly name: string;
}

/** One GraphQL document and its variables, for up to {@link MAX_REPOS_PER_QUERY} repositories. */
export interface OverviewQuery {
	readonly query: string;
	readonly variables: Readonly<Record<string, string>>;
	/** The repositories in alias order: `r0` is `repos[0]`. */
	readonly repos: readonly OverviewRepo[];
}

/** Lifecycle of a run, lower-case as in REST. */
export type WorkflowRunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'pending' | 'requested';

/** Outcome of a completed run, lower-case as in REST. */
export type WorkflowRunConclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral' | 'timed_out' | 'action_required' | 'stale' | 'startup_failure';

/** The latest run of one workflow on the default branch head. */
export interface LatestWorkflowRun {
	/** The run id (REST `run_id`). */
	readonly id: number;
	readonly runNumber: number;
	readonly url: string;
	readonly event: string;
	readonly createdAt: string;
	readonly updatedAt: string;
	readonly workflowId: number | undefined;
	readonly workflowName: string;
	/** From the run's check suite: a WorkflowRun has no status of its own in GraphQL. */
	readonly status: WorkflowRunStatus;
	readonly conclusion: WorkflowRunConclusion | null;
}

/** One repository's overview. */
export interface RepoOverview {
	readonly repo: OverviewRepo;
	/** False when GitHub could not resolve the repository (renamed, deleted, no access). */
	readonly found: boolean;
	/** GitHub's reason when not found. */
	readonly error: string | undefined;
	/** Undefined for an empty repository. */
	readonly defaultBranch: string | undefined;
	readonly headSha: string | undefined;
	/** Latest run per workflow, by workflow name. */
	readonly runs: readonly LatestWorkflowRun[];
}

/** The `rateLimit` GitHub returns with each call. */
export interface OverviewRateLimit {
	readonly cost: number;
	readonly remaining: number;
	readonly limit: number;
	readonly used: number;
	readonly resetAt: string;
}

/** GitHub's `first`/`last` and aliases make larger queries cost more than one point. */
export const MAX_REPOS_PER_QUERY = 50;
/** Enough for every workflow a push triggers, plus other apps' suites. */
const DEFAULT_SUITES_PER_COMMIT = 20;
const ACTIONS_APP_SLUG = 'github-actions';

const FRAGMENT = (suites: number) => `fragment MetaGothicRepoOverview on Repository {
  defaultBranchRef {
    name
    target {
      ... on Commit {
        oid
        checkSuites(last: ${suites}) {
          nodes {
            app { slug }
            status
            conclusion
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
    }
  }
}`;

/**
 * Builds the overview queries: repositories aliased `r0`, `r1`, … with owner and name passed as
 * variables (never spliced into the document), in chunks of at most 50.
 */
export function buildOverviewQueries(repos: readonly OverviewRepo[], options: { chunkSize?: number; suitesPerCommit?: number } = {}): OverviewQuery[] {
	const size = Math.min(MAX_REPOS_PER_QUERY, Math.max(1, options.chunkSize ?? MAX_REPOS_PER_QUERY));
	const suites = Math.min(100, Math.max(1, options.suitesPerCommit ?? DEFAULT_SUITES_PER_COMMIT));
	const queries: OverviewQuery[] = [];
	for (let start = 0; start < repos.length; start += size) {
		const chunk = repos.slice(start, start + size);
		const variables: Record<string, string> = {};
		const declarations: string[] = [];
		const fields: string[] = [];
		chunk.forEach((repo, i) => {
			variables[`o${i}`] = repo.owner;
			variables[`n${i}`] = repo.name;
			declarations.push(`$o${i}: String!`, `$n${i}: String!`);
			fields.push(`  r${i}: repository(owner: $o${i}, name: $n${i}) { ...MetaGothicRepoOverview }`);
		});
		const query = `query MetaGothicOverview(${declarations.join(', ')}) {\n${fields.join('\n')}\n  rateLimit { cost remaining resetAt limit used }\n}\n${FRAGMENT(suites)}\n`;
		queries.push({ query, variables, repos: chunk });
	}
	return queries;
}

interface SuiteNode {
	app?: { slug?: string } | null;
	status?: string;
	conclusion?: string | null;
	workflowRun?: {
		databaseId?: number | null;
		runNumber?: number;
		url?: string;
		event?: string;
		createdAt?: string;
		updatedAt?: string;
		workflow?: { databaseId?: number | null; name?: string } | null;
	} | null;
}

interface RepoNode {
	defaultBranchRef?: { name?: string; target?: { oid?: string; checkSuites?: { nodes?: Array<SuiteNode | null> | null } | null } | null } | null;
}

/** A GraphQL error entry, as GitHub sends it. */
export interface GraphQLErrorEntry {
	readonly message: string;
	readonly type?: string;
	readonly path?: readonly (string | number)[];
}

/** Reduces check suites to the latest GitHub Actions run per workflow. */
function latestRuns(nodes: ReadonlyArray<SuiteNode | null>): LatestWorkflowRun[] {
	const latest = new Map<string, LatestWorkflowRun>();
	for (const suite of nodes) {
		const run = suite?.workflowRun;
		// Other apps (CI services, Dependabot) have suites too, and a suite can exist before its run.
		if (!suite || suite.app?.slug !== ACTIONS_APP_SLUG || !run || typeof run.databaseId !== 'number') {
			continue;
		}
		const candidate: LatestWorkflowRun = {
			id: run.databaseId,
			runNumber: run.runNumber ?? 0,
			url: run.url ?? '',
			event: run.event ?? '',
			createdAt: run.createdAt ?? '',
			updatedAt: run.updatedAt ?? '',
			workflowId: run.workflow?.databaseId ?? undefined,
			workflowName: run.workflow?.name ?? '',
			status: (suite.status ?? 'queued').toLowerCase() as WorkflowRunStatus,
			conclusion: suite.conclusion ? (suite.conclusion.toLowerCase() as WorkflowRunConclusion) : null,
		};
		const key = candidate.workflowId !== undefined ? `id:${candidate.workflowId}` : `name:${candidate.workflowName}`;
		const seen = latest.get(key);
		if (!seen || seen.createdAt < candidate.createdAt || (seen.createdAt === candidate.createdAt && seen.id < candidate.id)) {
			latest.set(key, candidate);
		}
	}
	return [...latest.values()].sort((a, b) => a.workflowName.localeCompare(b.workflowName) || a.id - b.id);
}

/** Parses one query's `data` (partial data too) and its errors into per-repository overviews. */
export function parseOverview(query: OverviewQuery, data: unknown, errors: readonly GraphQLErrorEntry[] = []): RepoOverview[] {
	const root = (data && typeof data === 'object' ? data : {}) as Record<string, RepoNode | null | undefined>;
	return query.repos.map((repo, i) => {
		const alias = `r${i}`;
		const node = root[alias];
		if (!node) {
			const error = errors.find((e) => e.path?.[0] === alias)?.message ?? `GitHub returned nothing for ${repo.owner}/${repo.name}.`;
			return { repo, found: false, error, defaultBranch: undefined, headSha: undefined, runs: [] };
		}
		const ref = node.defaultBranchRef;
		const target = ref?.target;
		return { repo, found: true, error: undefined, defaultBranch: ref?.name, headSha: target?.oid, runs: latestRuns(target?.checkSuites?.nodes ?? []) };
	});
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
 * Runs the overview for any number of repositories, one call per chunk, in order. A repository
 * GitHub cannot resolve comes back with `found: false` instead of failing the rest.
 * @throws {@link GitHubError} for failures of a whole call (auth, rate limit, network).
 */
export async function fetchOverview(graphql: GitHubOctokit['graphql'], repos: readonly OverviewRepo[], options?: { suitesPerCommit?: number }): Promise<OverviewResult> {
	const result: RepoOverview[] = [];
	let rateLimit: OverviewRateLimit | undefined;
	let cost = 0;
	for (const query of buildOverviewQueries(repos, options)) {
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
		result.push(...parseOverview(query, data, errors));
		const limit = (data as { rateLimit?: OverviewRateLimit } | undefined)?.rateLimit;
		if (limit) {
			rateLimit = limit;
			cost += limit.cost;
		}
	}
	return { repos: result, rateLimit, cost };
}
