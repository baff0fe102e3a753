/**
 * `POST /graphql` against GitHub's real schema (@octokit/graphql-schema), with resolvers over the
 * stand-in's state for the part the product queries: repositories, their default branch head,
 * open pull requests, commits by ref or object id, their check suites and workflow runs, and
 * `rateLimit`. Anything else in the schema validates
 * but resolves to null or an error, which a test then notices.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, type GraphQLError, type GraphQLSchema, Kind, buildSchema, execute, parse, validate } from 'graphql';
import { costOf, typedError } from './graphqlCost';
import type { Urls } from './payloads';
import type { RateLimits } from './rateLimits';
import type { GitHubState, PullRequestRecord, RepoRecord, RunRecord } from './state';

/** What a GraphQL call answers. */
export interface GraphQLOutcome {
	readonly status: number;
	readonly body: unknown;
	/** Points charged. */
	readonly charged: number;
	/**
	 * Errors GitHub would not have sent for a correct client: a document that does not parse or
	 * validate against GitHub's schema, or a resolver that failed (an error without a GitHub
	 * `type`). The server records them like an off-spec REST body.
	 */
	readonly unexpected?: readonly string[];
}

/** What the executor needs from the server. */
export interface GraphQLEnvironment {
	readonly state: GitHubState;
	readonly limits: RateLimits;
	readonly urls: Urls;
	readonly login: string;
}

const ACTIONS_APP = { slug: 'github-actions', name: 'GitHub Actions', databaseId: 15368 };
let schema: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (about 150 ms). */
export function githubSchema(): GraphQLSchema {
	if (!schema) {
		// The package's exports only allow `import`, and its entry also parses a 5 MB JSON we do
		// not need, so read the SDL file from wherever node_modules resolution finds it.
		const file = (require.resolve.paths('@octokit/graphql-schema') ?? []).map((dir) => join(dir, '@octokit/graphql-schema/schema.graphql')).find((candidate) => existsSync(candidate));
		if (!file) {
			throw new Error('@octokit/graphql-schema is not installed');
		}
		// The published SDL defines two EnterpriseOwnerInfo fields twice; skipping SDL validation
		// keeps the last definition, which is what GitHub's own tooling does.
		schema = buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true });
	}
	return schema;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const id = (kind: string, n: number | string) => Buffer.from(`${kind}${n}`).toString('base64');
const upper = (value: string | null) => (value === null ? null : value.toUpperCase());

/** `first`/`last` slicing and the connection shape. */
function connection<T>(items: readonly T[], args: { first?: number; last?: number }) {
	const slice = args.first !== undefined ? items.slice(0, args.first) : items.slice(Math.max(0, items.length - (args.last ?? items.length)));
	const offset = args.first !== undefined ? 0 : items.length - slice.length;
	const cursor = (i: number) => Buffer.from(`cursor:v2:${offset + i}`).toString('base64');
	return {
		totalCount: items.length,
		nodes: slice,
		edges: slice.map((node, i) => ({ cursor: cursor(i), node })),
		pageInfo: {
			hasNextPage: offset + slice.length < items.length,
			hasPreviousPage: offset > 0,
			startCursor: slice.length > 0 ? cursor(0) : null,
			endCursor: slice.length > 0 ? cursor(slice.length - 1) : null,
		},
	};
}

function appNode(app: { slug: string; name: string; databaseId: number }, urls: Urls) {
	return { __typename: 'App', id: id('03:App', app.databaseId), databaseId: app.databaseId, slug: app.slug, name: app.name, url: `${urls.html}/apps/${app.slug}`, createdAt: '2018-07-30T09:30:17Z', updatedAt: '2024-01-01T00:00:00Z', logoBackgroundColor: '000000', logoUrl: `${urls.html}/apps/${app.slug}/logo.png` };
}

/** A `User` as GraphQL answers it. */
function userNode(env: GraphQLEnvironment, login: string) {
	return { __typename: 'User', id: id('04:User', login), login, url: `${env.urls.html}/${login}`, avatarUrl: `${env.urls.html}/avatars/${login}` };
}

function runSuiteNode(env: GraphQLEnvironment, run: RunRecord) {
	const view = env.state.view(run);
	const repo = run.repo;
	const suitePath = `/${repo.fullName}/commit/${run.headSha}/checks?check_suite_id=${run.checkSuiteId}`;
	const suite: Record<string, unknown> = {
		__typename: 'CheckSuite',
		id: id('010:CheckSuite', run.checkSuiteId),
		databaseId: run.checkSuiteId,
		app: appNode(ACTIONS_APP, env.urls),
		status: upper(view.status),
		conclusion: upper(view.conclusion),
		createdAt: iso(run.createdAt),
		updatedAt: iso(view.updatedAt),
		resourcePath: suitePath,
		url: `${env.urls.html}${suitePath}`,
		branch: () => refNode(env, repo, run.branch),
		repository: () => repositoryNode(env, repo),
		creator: userNode(env, run.actor),
	};
	const runPath = `/${repo.fullName}/actions/runs/${run.id}`;
	suite.workflowRun = {
		__typename: 'WorkflowRun',
		id: run.nodeId,
		databaseId: run.id,
		runNumber: run.runNumber,
		event: run.event,
		createdAt: iso(run.createdAt),
		updatedAt: iso(view.updatedAt),
		resourcePath: runPath,
		url: `${env.urls.html}${runPath}`,
		checkSuite: suite,
		workflow: {
			__typename: 'Workflow',
			id: id('08:Workflow', run.workflow.id),
			databaseId: run.workflow.id,
			name: run.workflow.name,
			state: run.workflow.state === 'active' ? 'ACTIVE' : 'DISABLED_MANUALLY',
			createdAt: iso(run.workflow.createdAt),
			updatedAt: iso(run.workflow.createdAt),
			resourcePath: `/${repo.fullName}/actions/workflows/${run.workflow.path.split('/').pop()}`,
			url: `${env.urls.html}/${repo.fullName}/actions/workflows/${run.workflow.path.split('/').pop()}`,
		},
	};
	return { createdAt: run.createdAt, order: run.checkSuiteId, node: suite };
}

function commitNode(env: GraphQLEnvironment, repo: RepoRecord, sha: string) {
	return {
		__typename: 'Commit',
		id: id('06:Commit', `${repo.id}:${sha}`),
		oid: sha,
		abbreviatedOid: sha.slice(0, 7),
		url: `${env.urls.html}/${repo.fullName}/commit/${sha}`,
		message: `Commit ${sha.slice(0, 7)}`,
		committedDate: iso(repo.createdAt),
		checkSuites: (args: { first?: number; last?: number; filterBy?: { appId?: number; checkName?: string } }) => {
			const now = env.state.now();
			const suites = [
				...repo.runs.filter((run) => run.headSha === sha && run.createdAt <= now).map((run) => runSuiteNode(env, run)),
				...repo.foreignSuites
					.filter((suite) => suite.headSha === sha)
					.map((suite) => ({
						createdAt: suite.createdAt,
						order: suite.id,
						node: {
							__typename: 'CheckSuite',
							id: id('010:CheckSuite', suite.id),
							databaseId: suite.id,
							app: appNode({ slug: suite.appSlug, name: suite.appSlug, databaseId: 90000 + suite.id % 1000 }, env.urls),
							status: upper(suite.status),
							conclusion: upper(suite.conclusion),
							createdAt: iso(suite.createdAt),
							updatedAt: iso(suite.createdAt),
							workflowRun: null,
							url: `${env.urls.html}/${repo.fullName}/commit/${sha}/checks`,
							resourcePath: `/${repo.fullName}/commit/${sha}/checks`,
						},
					})),
			]
				// GitHub lists a commit's check suites oldest first, so `last: N` gives the newest.
				.sort((a, b) => a.order - b.order)
				.map((entry) => entry.node)
				.filter((node) => args.filterBy?.appId === undefined || (node.app as { databaseId: number }).databaseId === args.filterBy.appId);
			return connection(suites, args);
		},
	};
}

function refNode(env: GraphQLEnvironment, repo: RepoRecord, branch: string) {
	const sha = repo.heads.get(branch);
	if (!sha) {
		return null;
	}
	return { __typename: 'Ref', id: id('03:Ref', `${repo.id}:${branch}`), name: branch, prefix: 'refs/heads/', target: () => commitNode(env, repo, sha), repository: () => repositoryNode(env, repo) };
}

/** The commits the stand-in knows in a repository: branch heads and the heads runs ran on. */
function knownCommit(repo: RepoRecord, oid: string): boolean {
	return [...repo.heads.values()].includes(oid) || repo.runs.some((run) => run.headSha === oid) || repo.foreignSuites.some((suite) => suite.headSha === oid);
}

function pullRequestNode(env: GraphQLEnvironment, pr: PullRequestRecord) {
	const repo = pr.repo;
	const path = `/${repo.fullName}/pull/${pr.number}`;
	const open = pr.state === 'open';
	return {
		__typename: 'PullRequest',
		id: id('011:PullRequest', pr.id),
		fullDatabaseId: String(pr.id),
		number: pr.number,
		title: pr.title,
		state: open ? 'OPEN' : 'CLOSED',
		closed: !open,
		closedAt: pr.closedAt === undefined ? null : iso(pr.closedAt),
		merged: false,
		isDraft: false,
		isCrossRepository: false,
		createdAt: iso(pr.createdAt),
		updatedAt: iso(env.state.pullRequestUpdatedAt(pr)),
		resourcePath: path,
		url: `${env.urls.html}${path}`,
		baseRefName: repo.defaultBranch,
		baseRefOid: repo.heads.get(repo.defaultBranch),
		headRefName: pr.headBranch,
		headRefOid: repo.heads.get(pr.headBranch),
		baseRef: () => refNode(env, repo, repo.defaultBranch),
		headRef: () => refNode(env, repo, pr.headBranch),
		baseRepository: () => repositoryNode(env, repo),
		headRepository: () => repositoryNode(env, repo),
		repository: () => repositoryNode(env, repo),
	};
}

type PullRequestArgs = { first?: number; last?: number; states?: string[]; headRefName?: string; baseRefName?: string; orderBy?: { field: string; direction: string } };

/** `Repository.pullRequests`: filtered by state and refs, ordered (by creation unless told), then sliced. */
function pullRequests(env: GraphQLEnvironment, repo: RepoRecord, args: PullRequestArgs) {
	const at = (pr: PullRequestRecord) => (args.orderBy?.field === 'UPDATED_AT' ? env.state.pullRequestUpdatedAt(pr) : pr.createdAt);
	// Every stand-in pull request is into the default branch.
	const base = args.baseRefName === undefined || args.baseRefName === repo.defaultBranch;
	const sorted = repo.pullRequests
		.filter((pr) => base && (!args.states || args.states.includes(pr.state.toUpperCase())))
		.filter((pr) => args.headRefName === undefined || pr.headBranch === args.headRefName)
		.sort((a, b) => at(a) - at(b) || a.number - b.number);
	if (args.orderBy?.direction === 'DESC') {
		sorted.reverse();
	}
	return connection(sorted.map((pr) => pullRequestNode(env, pr)), args);
}

function repositoryNode(env: GraphQLEnvironment, repo: RepoRecord) {
	return {
		__typename: 'Repository',
		id: id('010:Repository', repo.id),
		databaseId: repo.id,
		name: repo.name,
		nameWithOwner: repo.fullName,
		owner: { __typename: 'User', id: id('04:User', repo.owner), login: repo.owner, url: `${env.urls.html}/${repo.owner}` },
		url: `${env.urls.html}/${repo.fullName}`,
		isPrivate: repo.private,
		isArchived: false,
		defaultBranchRef: () => refNode(env, repo, repo.defaultBranch),
		ref: (args: { qualifiedName: string }) => refNode(env, repo, args.qualifiedName.replace(/^refs\/heads\//, '')),
		pullRequests: (args: PullRequestArgs) => pullRequests(env, repo, args),
		// Only commits are modelled; GitHub answers null for an object id it does not have.
		object: (args: { oid?: string; expression?: string }) => {
			const oid = args.oid ?? (args.expression !== undefined ? repo.heads.get(args.expression) : undefined);
			return oid !== undefined && knownCommit(repo, oid) ? commitNode(env, repo, oid) : null;
		},
	};
}

/** The document with every operation reduced to its `rateLimit` fields. */
function onlyRateLimit(document: DocumentNode): DocumentNode {
	return {
		...document,
		definitions: document.definitions.map((definition) =>
			definition.kind === Kind.OPERATION_DEFINITION
				? { ...definition, selectionSet: { ...definition.selectionSet, selections: definition.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value === 'rateLimit') } }
				: definition,
		),
	};
}

/** GitHub's error entries carry `type` at the top level, not in `extensions`. */
function errorJson(error: GraphQLError) {
	const type = error.extensions?.type;
	return {
		...(typeof type === 'string' ? { type } : {}),
		...(error.path ? { path: error.path } : {}),
		...(error.locations ? { locations: error.locations } : {}),
		message: error.message,
	};
}

/** Runs one GraphQL request body. */
export function executeGraphQL(env: GraphQLEnvironment, request: unknown): GraphQLOutcome {
	const { query, variables, operationName } = (request ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
	if (typeof query !== 'string') {
		const message = 'A query attribute must be specified and must be a string.';
		return { status: 200, charged: 0, body: { errors: [{ message }] }, unexpected: [message] };
	}
	const schema = githubSchema();
	let document;
	try {
		document = parse(query);
	} catch (err) {
		return { status: 200, charged: 0, body: { errors: [errorJson(err as GraphQLError)] }, unexpected: [(err as GraphQLError).message] };
	}
	const invalid = validate(schema, document);
	if (invalid.length > 0) {
		return { status: 200, charged: 0, body: { errors: invalid.map(errorJson) }, unexpected: invalid.map((e) => e.message) };
	}
	const vars = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
	const name = typeof operationName === 'string' ? operationName : undefined;
	const cost = costOf(schema, document, vars, name);
	if (Array.isArray(cost)) {
		return { status: 200, charged: 0, body: { errors: cost.map(errorJson) } };
	}
	const charged = cost.dryRun ? 0 : cost.cost;
	if (!env.limits.charge('graphql', charged)) {
		const error = typedError('RATE_LIMITED', `API rate limit already exceeded for user ID 583231.`);
		return { status: 200, charged: 0, body: { errors: [errorJson(error)] } };
	}
	const bucket = env.limits.bucket('graphql');
	const rootValue = {
		repository: (args: { owner: string; name: string }) => {
			const repo = env.state.findRepo(args.owner, args.name);
			if (!repo) {
				throw typedError('NOT_FOUND', `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`);
			}
			return repositoryNode(env, repo);
		},
		rateLimit: () => ({ cost: cost.cost, limit: bucket.limit, remaining: Math.max(0, bucket.limit - bucket.used), used: bucket.used, resetAt: iso(bucket.reset * 1000), nodeCount: cost.nodeCount }),
		viewer: () => userNode(env, env.login),
	};
	// A dry run is costed but not evaluated: only `rateLimit` itself resolves.
	const executed = cost.dryRun ? onlyRateLimit(document) : document;
	const result = execute({ schema, document: executed, rootValue, variableValues: vars, operationName: name });
	if (result instanceof Promise) {
		throw new Error('The stand-in resolvers are synchronous');
	}
	const body: Record<string, unknown> = { data: result.data ?? null };
	if (result.errors && result.errors.length > 0) {
		body.errors = result.errors.map(errorJson);
	}
	const unexpected = (result.errors ?? []).filter((e) => typeof e.extensions?.type !== 'string').map((e) => `${e.path?.join('.') ?? ''}: ${e.message}`);
	return { status: 200, charged, body, ...(unexpected.length > 0 ? { unexpected } : {}) };
}
