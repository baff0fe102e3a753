/**
 * The GitHub stand-in: a stateful HTTP server on 127.0.0.1 that answers the REST and GraphQL calls
 * the product makes the way GitHub does — auth, rate limits, ETags, pagination, redirects,
 * faults — and checks every REST body it sends against GitHub's OpenAPI description.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults';
import { executeGraphQL } from './graphql';
import { sharedValidator } from './openApiValidator';
import { errorBody, type Urls } from './payloads';
import { type RateLimitOptions, RateLimits, type Resource, primaryLimitBody, secondaryLimitBody } from './rateLimits';
import { matchRoute } from './restRoutes';
import { GitHubState, type GitHubStateOptions, type RunRecord } from './state';
import { jobLog } from './timeline';
import type { ForeignCheckSuiteSpec, PullRequestHandle, PullRequestSpec, RepoHandle, RepoSpec, RequestLogEntry, RunConclusion, RunHandle, RunSpec, RunStatus, ValidationFailure, WorkflowHandle, WorkflowSpec } from './types';

/** Options of {@link startGitHubStandIn}. */
export interface StandInOptions extends GitHubStateOptions {
	/** Tokens the stand-in accepts. None: every request is treated as signed in. */
	readonly token?: string | readonly string[];
	/** Login of the signed-in account. Default `octocat`. */
	readonly login?: string;
	/** Port to listen on. Default: any free port. */
	readonly port?: number;
	readonly rateLimits?: RateLimitOptions;
	/** How long a signed log URL stays valid, in wall-clock ms. Default 60 s, as on GitHub. */
	readonly logUrlTtlMs?: number;
}

/** A running stand-in. */
export interface GitHubStandIn {
	/** REST root, as Octokit's `baseUrl` (github.com style). */
	readonly url: string;
	/** The same API as a GitHub Enterprise Server root (`…/api/v3`). */
	readonly enterpriseUrl: string;
	readonly graphqlUrl: string;
	/** The state, for assertions the helpers below do not cover. */
	readonly state: GitHubState;
	readonly faults: Faults;
	readonly rateLimits: RateLimits;
	/** Every request, oldest first. */
	readonly requests: RequestLogEntry[];
	/** Bodies that failed OpenAPI validation; a test should end with none. */
	readonly validationErrors: ValidationFailure[];
	addRepo(spec: RepoSpec): RepoHandle;
	addWorkflow(repo: RepoHandle, spec: WorkflowSpec): WorkflowHandle;
	addRun(repo: RepoHandle, spec: RunSpec): RunHandle;
	addCheckSuite(repo: RepoHandle, spec: ForeignCheckSuiteSpec): void;
	/** Opens a pull request from `headBranch`; its `pull_request` runs on that branch belong to it. */
	addPullRequest(repo: RepoHandle, spec: PullRequestSpec): PullRequestHandle;
	/** Closes a pull request without merging it. */
	closePullRequest(repo: RepoHandle, number: number): void;
	/** Adds or replaces a file (the contents API serves it). */
	setFile(repo: RepoHandle, path: string, text: string): void;
	/** Moves the clock forward. */
	advance(ms: number): void;
	/** Moves the clock one second. */
	tick(): void;
	/** A run's status and conclusion at the current instant. */
	runState(run: RunHandle): { status: RunStatus; conclusion: RunConclusion | null; attempt: number };
	/** Makes the logs of a run's jobs answer 410 Gone, as after the retention period. */
	expireLogs(run: RunHandle): void;
	/** Throws listing every body that failed validation. */
	assertNoValidationErrors(): void;
	close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Every stand-in this process started whose failures nobody has collected yet. */
const uncollected = new Set<{ validationErrors: ValidationFailure[]; closed: boolean }>();

/**
 * Takes the failures (off-spec bodies, unexpected GraphQL errors, stand-in bugs) that every stand-in
 * of this process recorded since the last call, and forgets stand-ins that have closed. The unit
 * tier's root hook calls it after each test, so a violation fails that test whether or not the
 * test thought to check. A test that provokes one on purpose takes it with `splice`.
 */
export function collectStandInFailures(): ValidationFailure[] {
	const failures: ValidationFailure[] = [];
	for (const entry of uncollected) {
		failures.push(...entry.validationErrors.splice(0));
		if (entry.closed) {
			uncollected.delete(entry);
		}
	}
	return failures;
}

/** The message listing `failures`, as a test failure. */
export function describeStandInFailures(failures: readonly ValidationFailure[]): string {
	const detail = failures.map((f) => `${f.method} ${f.path} → ${f.status} (${f.against}):\n  ${f.errors.replace(/\n/g, '\n  ')}`).join('\n');
	return `The stand-in sent ${failures.length} response(s) that do not match GitHub's OpenAPI description or schema:\n${detail}`;
}

/** Starts a stand-in on 127.0.0.1. */
export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
	const tokens = new Set(options.token === undefined ? [] : typeof options.token === 'string' ? [options.token] : options.token);
	const login = options.login ?? 'octocat';
	const state = new GitHubState(options);
	const faults = new Faults();
	const limits = new RateLimits(options.rateLimits);
	const validator = sharedValidator();
	const requests: RequestLogEntry[] = [];
	const validationErrors: ValidationFailure[] = [];
	const registration = { validationErrors, closed: false };
	uncollected.add(registration);
	const secret = randomBytes(16);
	const timers = new Set<NodeJS.Timeout>();
	let urls: Urls = { api: '', html: '' };

	const sign = (jobId: number, expires: number) => createHmac('sha256', secret).update(`${jobId}:${expires}`).digest('hex').slice(0, 32);

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((err: unknown) => {
			// A stand-in bug must fail loudly in the test, not hang the client.
			validationErrors.push({ method: req.method ?? '?', path: req.url ?? '?', status: 500, against: 'stand-in', errors: String(err instanceof Error ? err.stack : err) });
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': JSON_TYPE });
			}
			res.end(JSON.stringify(errorBody('Stand-in failure')));
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', urls.api);
		// GitHub Enterprise Server serves the same API under /api/v3 and GraphQL at /api/graphql.
		const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
		const raw = await readBody(req);
		const authHeader = req.headers.authorization;
		const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(authHeader ?? '')?.[1];
		const auth: RequestLogEntry['auth'] = presented === undefined ? 'none' : tokens.size === 0 || tokens.has(presented) ? 'valid' : 'invalid';
		const entry = { method, path, query: url.search, route: undefined as string | undefined, status: 0, auth, conditional: req.headers['if-none-match'] !== undefined, charged: 0, fault: undefined as RequestLogEntry['fault'], userAgent: req.headers['user-agent'] };
		requests.push(entry);

		const send = (status: number, body: unknown, headers: Record<string, string> = {}, validate = true) => {
			entry.status = status;
			if (validate) {
				const outcome = validator.validate(method, entry.route, status, body);
				if (outcome.errors) {
					validationErrors.push({ method, path: `${path}${url.search}`, status, against: outcome.against, errors: outcome.errors });
					headers['x-stand-in-validation'] = 'failed';
				}
			}
			const text = body === undefined ? '' : JSON.stringify(body);
			res.writeHead(status, { 'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-github-media-type': 'github.v3; format=json', ...(body === undefined ? {} : { 'content-type': JSON_TYPE }), ...headers });
			res.end(text);
		};

		if (path.startsWith('/_stand-in/logs/')) {
			serveLog(path, url, entry, res);
			return;
		}
		if (path === '/_stand-in/pushed' && method === 'POST') {
			receivePush(raw, res);
			return;
		}
		if (path === '/_stand-in/runs' && method === 'POST') {
			receiveRun(raw, res);
			return;
		}
		const plan = faults.plan(method, path);
		entry.fault = plan.kind;
		if (plan.delayMs > 0) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					timers.delete(timer);
					resolve();
				}, plan.delayMs);
				timers.add(timer);
			});
		}
		const isGraphQL = path === '/graphql' && method === 'POST';
		const resource: Resource = isGraphQL ? 'graphql' : 'core';
		if (plan.terminal?.kind === 'reset') {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (plan.terminal?.kind === 'malformed') {
			entry.status = 200;
			res.writeHead(200, { 'content-type': JSON_TYPE, ...limits.headers(resource) });
			res.end('{"total_count": 1, "workflow_runs": [{"id": 1, "na');
			return;
		}
		if (plan.terminal?.kind === 'status') {
			const status = plan.terminal.status;
			send(status, errorBody(plan.terminal.message ?? (status >= 500 ? 'Server Error' : 'Injected fault'), 'https://docs.github.com/rest', status), limits.headers(resource));
			return;
		}
		if (plan.terminal?.kind === 'secondaryRateLimit') {
			const retryAfter = String(plan.terminal.retryAfterSeconds ?? 60);
			send(plan.terminal.status ?? 403, secondaryLimitBody(), { ...limits.headers(resource), 'retry-after': retryAfter });
			return;
		}
		if (tokens.size > 0 && auth !== 'valid') {
			const message = auth === 'none' ? (isGraphQL ? 'This endpoint requires you to be authenticated.' : 'Requires authentication') : 'Bad credentials';
			send(401, errorBody(message, isGraphQL ? 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' : 'https://docs.github.com/rest', 401));
			return;
		}
		const body = parseJson(raw);
		if (isGraphQL) {
			entry.route = '/graphql';
			const outcome = executeGraphQL({ state, limits, urls, login }, body);
			entry.charged = outcome.charged;
			if (outcome.unexpected) {
				validationErrors.push({ method, path, status: outcome.status, against: 'GitHub GraphQL schema', errors: outcome.unexpected.join('\n') });
			}
			// GraphQL bodies are typed by graphql-js's executor against GitHub's schema itself.
			send(outcome.status, outcome.body, { ...limits.headers('graphql'), ...(outcome.unexpected ? { 'x-stand-in-validation': 'failed' } : {}) }, false);
			return;
		}
		const match = matchRoute(method, path);
		entry.route = match?.route.template;
		if (method !== 'GET' && limits.remaining('core') === 0) {
			send(403, primaryLimitBody(583231), limits.headers('core'));
			return;
		}
		const result = match
			? match.route.handle({ state, limits, urls, params: match.params, query: url.searchParams, body, login, logUrl: (jobId) => logUrl(jobId) })
			: { status: 404, body: errorBody('Not Found', 'https://docs.github.com/rest', 404) };
		const headers: Record<string, string> = { ...result.headers };
		if (method === 'GET' && result.status === 200) {
			// ETags vary by credential and URL (GitHub sends Vary: Authorization).
			const etag = `W/"${createHash('sha256').update(`${presented ?? ''}\n${url.pathname}${url.search}\n${JSON.stringify(result.body)}`).digest('hex').slice(0, 40)}"`;
			headers.etag = etag;
			headers['cache-control'] = 'private, max-age=60, s-maxage=60';
			headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
			const candidates = (req.headers['if-none-match'] ?? '').split(',').map((value) => value.trim());
			if (candidates.includes(etag)) {
				// Conditional hits are free: GitHub documents that a 304 does not count.
				send(304, undefined, { ...headers, ...limits.headers('core') });
				return;
			}
		}
		if (result.metered !== false && match !== undefined) {
			if (method === 'GET' && !limits.charge('core', 1)) {
				send(403, primaryLimitBody(583231), limits.headers('core'));
				return;
			}
			if (method !== 'GET') {
				limits.charge('core', 1);
			}
			entry.charged = 1;
		}
		send(result.status, result.body, { ...headers, ...limits.headers('core') });
	}

	function logUrl(jobId: number): string {
		const expires = Date.now() + (options.logUrlTtlMs ?? 60_000);
		return `${urls.api}/_stand-in/logs/${jobId}?expires=${expires}&sig=${sign(jobId, expires)}`;
	}

	/** The signed log URL a 302 points at: no auth, like GitHub's blob storage. */
	/**
	 * What a git remote's post-receive hook reports (see pushHook.ts): `{ repository: "owner/name",
	 * updates: [{ ref, sha }] }`. Each branch moved starts that branch's push runs, as on GitHub.
	 */
	/** The pusher is the token's account: the stand-in has one user who pushes and calls. */
	function receivePush(raw: string, res: ServerResponse): void {
		const body = parseJson(raw) as { repository?: unknown; updates?: unknown } | undefined;
		const [owner, name] = typeof body?.repository === 'string' ? body.repository.split('/') : [];
		const repo = owner && name ? state.findRepo(owner, name) : undefined;
		if (!repo || !Array.isArray(body?.updates)) {
			res.writeHead(404, { 'content-type': JSON_TYPE });
			res.end(JSON.stringify(errorBody('Not Found')));
			return;
		}
		const runs = (body.updates as Array<{ ref?: unknown; sha?: unknown }>).flatMap(({ ref, sha }) =>
			typeof ref === 'string' && ref.startsWith('refs/heads/') && typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) && !/^0+$/.test(sha) ? state.push(repo, ref.slice('refs/heads/'.length), sha, login) : [],
		);
		res.writeHead(200, { 'content-type': JSON_TYPE });
		res.end(JSON.stringify({ runs: runs.map((r) => r.id) }));
	}

	/**
	 * A run a test arranges from outside the stand-in's process (the UI tier's, say): the body is
	 * `{ repository: 'owner/name', ...RunSpec }` with the workflow named by id, path or file name.
	 */
	function receiveRun(raw: string, res: ServerResponse): void {
		const body = parseJson(raw) as ({ repository?: unknown } & Partial<RunSpec>) | undefined;
		const [owner, name] = typeof body?.repository === 'string' ? body.repository.split('/') : [];
		const repo = owner && name ? state.findRepo(owner, name) : undefined;
		const workflow = repo && (typeof body?.workflow === 'string' || typeof body?.workflow === 'number') ? state.findWorkflow(repo, body.workflow) : undefined;
		if (!repo || !workflow || !body) {
			res.writeHead(404, { 'content-type': JSON_TYPE });
			res.end(JSON.stringify(errorBody('Not Found')));
			return;
		}
		const { repository: _repository, ...spec } = body;
		const run = state.addRun(repo, { ...spec, workflow: workflow.id });
		res.writeHead(201, { 'content-type': JSON_TYPE });
		res.end(JSON.stringify({ id: run.id, runNumber: run.runNumber, headSha: run.headSha }));
	}

	function serveLog(path: string, url: URL, entry: { status: number }, res: ServerResponse): void {
		const jobId = Number(path.split('/').pop());
		const expires = Number(url.searchParams.get('expires'));
		const answer = (status: number, text: string) => {
			entry.status = status;
			res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(text);
		};
		if (url.searchParams.get('sig') !== sign(jobId, expires) || expires < Date.now()) {
			answer(403, 'AuthenticationFailed: Signature not valid in the specified time frame');
			return;
		}
		for (const repo of state.repos) {
			const found = state.findJob(repo, jobId);
			if (found) {
				answer(200, jobLog(found.view));
				return;
			}
		}
		answer(404, 'BlobNotFound');
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	urls = { api: `http://127.0.0.1:${port}`, html: `http://127.0.0.1:${port}` };
	const record = (run: RunHandle): RunRecord => {
		const found = state.findRun(run.id);
		if (!found) {
			throw new Error(`No run ${run.id}`);
		}
		return found;
	};

	return {
		url: urls.api,
		enterpriseUrl: `${urls.api}/api/v3`,
		graphqlUrl: `${urls.api}/graphql`,
		state,
		faults,
		rateLimits: limits,
		requests,
		validationErrors,
		addRepo: (spec) => state.addRepo(spec),
		addWorkflow: (repo, spec) => state.addWorkflow(repo, spec),
		addRun: (repo, spec) => state.addRun(repo, spec),
		addCheckSuite: (repo, spec) => void state.addCheckSuite(repo, spec),
		addPullRequest: (repo, spec) => state.addPullRequest(repo, spec),
		closePullRequest: (repo, number) => state.closePullRequest(repo, number),
		setFile: (repo, path, text) => void state.repoById(repo.id).files.set(path, text),
		advance: (ms) => state.advance(ms),
		tick: () => state.advance(1000),
		runState: (run) => {
			const view = state.view(record(run));
			return { status: view.status, conclusion: view.conclusion, attempt: record(run).attempts.length };
		},
		expireLogs: (run) => {
			record(run).logsExpired = true;
		},
		assertNoValidationErrors: () => {
			if (validationErrors.length > 0) {
				throw new Error(describeStandInFailures(validationErrors));
			}
		},
		close: async () => {
			registration.closed = true;
			for (const timer of timers) {
				clearTimeout(timer);
			}
			timers.clear();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) {
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
	if (text === '') {
		return undefined;
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
