/**
 * Reading the overview's answers: check suites reduced to the latest GitHub Actions run per
 * workflow, and the open pull requests with the runs on their heads.
 */

/** A repository to include. */
export interface OverviewRepo {
	readonly owner: string;
	readonly name: string;
	/** Open pull requests the previous overview listed: this one reads their heads too. */
	readonly pullRequests?: readonly OpenPullRequest[];
}

/** An open pull request, as the overview lists it. */
export interface OpenPullRequest {
	readonly number: number;
	readonly title: string;
	readonly url: string;
	readonly headRefName: string;
	readonly headSha: string;
	/** From a fork: its branch is not this repository's, so its head is read by commit. */
	readonly crossRepository: boolean;
}

/** How a query reads a pull request's head: by its branch here, or by commit. */
export interface HeadRead {
	readonly pullRequest: OpenPullRequest;
	readonly by: 'ref' | 'oid';
}

/** One GraphQL document and its variables. */
export interface OverviewQuery {
	readonly query: string;
	readonly variables: Readonly<Record<string, string>>;
	/** The repositories in alias order: `r0` is `repos[0]`. */
	readonly repos: readonly OverviewRepo[];
	/** Per repository, the heads it reads in alias order: `r0.p1` is `heads[0][1]`. */
	readonly heads: readonly (readonly HeadRead[])[];
	/** Whether the repositories' open pull requests are listed (not in a heads-only query). */
	readonly listsPullRequests: boolean;
}

/** Lifecycle of a run, lower-case as in REST. */
export type WorkflowRunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'pending' | 'requested';

/** Outcome of a completed run, lower-case as in REST. */
export type WorkflowRunConclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral' | 'timed_out' | 'action_required' | 'stale' | 'startup_failure';

/** The latest run of one workflow on a commit the overview read. */
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
	/** The check suite's creator: who pushed, or who dispatched; null where GitHub did not say. */
	readonly actor: { readonly login: string; readonly avatarUrl: string | null } | null;
}

/** The runs on one open pull request's head commit. */
export interface PullRequestRuns {
	readonly pullRequest: number;
	readonly branch: string;
	readonly headSha: string;
	/** Latest run per workflow and event (a push and a pull request can build the same commit). */
	readonly runs: readonly LatestWorkflowRun[];
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
	/** Latest run per workflow on the default branch head. */
	readonly runs: readonly LatestWorkflowRun[];
	/** Open pull requests, most recently updated first (as many as were asked for). */
	readonly pullRequests: readonly OpenPullRequest[];
	/** Runs on the heads of those pull requests that were read; none repeats a run of {@link runs}. */
	readonly pullRequestRuns: readonly PullRequestRuns[];
}

/** A GraphQL error entry, as GitHub sends it. */
export interface GraphQLErrorEntry {
	readonly message: string;
	readonly type?: string;
	readonly path?: readonly (string | number)[];
}

interface SuiteNode {
	app?: { slug?: string } | null;
	status?: string;
	conclusion?: string | null;
	creator?: { login?: string; avatarUrl?: string | null } | null;
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

interface CommitNode {
	oid?: string;
	checkSuites?: { nodes?: Array<SuiteNode | null> | null } | null;
}

interface PullRequestNode {
	number?: number;
	title?: string;
	url?: string;
	headRefName?: string;
	headRefOid?: string;
	isCrossRepository?: boolean;
}

type RepoNode = {
	defaultBranchRef?: { name?: string; target?: CommitNode | null } | null;
	pullRequests?: { nodes?: Array<PullRequestNode | null> | null } | null;
} & Record<string, unknown>;

const ACTIONS_APP_SLUG = 'github-actions';

/** Reduces check suites to the latest GitHub Actions run per workflow (and per event, if asked). */
function latestRuns(nodes: ReadonlyArray<SuiteNode | null>, perEvent: boolean): LatestWorkflowRun[] {
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
			actor: suite.creator?.login ? { login: suite.creator.login, avatarUrl: suite.creator.avatarUrl || null } : null,
		};
		const workflow = candidate.workflowId !== undefined ? `id:${candidate.workflowId}` : `name:${candidate.workflowName}`;
		const key = perEvent ? `${workflow} ${candidate.event}` : workflow;
		const seen = latest.get(key);
		if (!seen || seen.createdAt < candidate.createdAt || (seen.createdAt === candidate.createdAt && seen.id < candidate.id)) {
			latest.set(key, candidate);
		}
	}
	return [...latest.values()].sort((a, b) => a.workflowName.localeCompare(b.workflowName) || a.id - b.id);
}

function pullRequestsOf(node: RepoNode): OpenPullRequest[] {
	const out: OpenPullRequest[] = [];
	for (const pr of node.pullRequests?.nodes ?? []) {
		if (pr && typeof pr.number === 'number' && pr.headRefName && pr.headRefOid) {
			out.push({ number: pr.number, title: pr.title ?? '', url: pr.url ?? '', headRefName: pr.headRefName, headSha: pr.headRefOid, crossRepository: pr.isCrossRepository === true });
		}
	}
	return out;
}

/** The heads a repository's node carries, as read (not yet checked against the listing). */
function headsOf(node: RepoNode | null | undefined, reads: readonly HeadRead[]): PullRequestRuns[] {
	const out: PullRequestRuns[] = [];
	reads.forEach((read, j) => {
		const value = node?.[`p${j}`] as { target?: CommitNode | null } | CommitNode | null | undefined;
		const commit = read.by === 'ref' ? (value as { target?: CommitNode | null } | null | undefined)?.target : (value as CommitNode | null | undefined);
		if (commit?.oid) {
			out.push({ pullRequest: read.pullRequest.number, branch: read.pullRequest.headRefName, headSha: commit.oid, runs: latestRuns(commit.checkSuites?.nodes ?? [], true) });
		}
	});
	return out;
}

/**
 * Adds heads to an overview: those of pull requests it lists, at the commit it lists (a closed
 * pull request's or an outdated head is dropped), without the runs it already has.
 */
export function acceptHeads(overview: RepoOverview, heads: readonly PullRequestRuns[]): RepoOverview {
	const known = new Set([...overview.runs, ...overview.pullRequestRuns.flatMap((h) => h.runs)].map((run) => run.id));
	const accepted: PullRequestRuns[] = [];
	for (const head of heads) {
		const listed = overview.pullRequests.find((pr) => pr.number === head.pullRequest);
		if (listed && listed.headSha === head.headSha) {
			const runs = head.runs.filter((run) => !known.has(run.id));
			runs.forEach((run) => known.add(run.id));
			accepted.push({ ...head, branch: listed.headRefName, runs });
		}
	}
	return accepted.length === 0 ? overview : { ...overview, pullRequestRuns: [...overview.pullRequestRuns, ...accepted] };
}

/** Listed pull requests whose head this overview did not read: opened or (from a fork) pushed to since the last. */
export function unreadHeads(overview: RepoOverview): OpenPullRequest[] {
	return overview.pullRequests.filter((pr) => !overview.pullRequestRuns.some((head) => head.pullRequest === pr.number));
}

/** Parses one query's `data` (partial data too) and its errors into per-repository overviews. */
export function parseOverview(query: OverviewQuery, data: unknown, errors: readonly GraphQLErrorEntry[] = []): RepoOverview[] {
	const root = (data && typeof data === 'object' ? data : {}) as Record<string, RepoNode | null | undefined>;
	return query.repos.map((repo, i) => {
		const alias = `r${i}`;
		const node = root[alias];
		if (!node) {
			const error = errors.find((e) => e.path?.[0] === alias)?.message ?? `GitHub returned nothing for ${repo.owner}/${repo.name}.`;
			return { repo, found: false, error, defaultBranch: undefined, headSha: undefined, runs: [], pullRequests: [], pullRequestRuns: [] };
		}
		const ref = node.defaultBranchRef;
		const target = ref?.target;
		const pullRequests = query.listsPullRequests ? pullRequestsOf(node) : [];
		const overview: RepoOverview = { repo, found: true, error: undefined, defaultBranch: ref?.name, headSha: target?.oid, runs: latestRuns(target?.checkSuites?.nodes ?? [], false), pullRequests, pullRequestRuns: [] };
		return acceptHeads(overview, headsOf(node, query.heads[i] ?? []));
	});
}

/** Parses a heads-only query: per repository in alias order, the heads it read. */
export function parseHeads(query: OverviewQuery, data: unknown): PullRequestRuns[][] {
	const root = (data && typeof data === 'object' ? data : {}) as Record<string, RepoNode | null | undefined>;
	return query.repos.map((_, i) => headsOf(root[`r${i}`], query.heads[i] ?? []));
}
