/**
 * The REST operations the product uses, keyed by their OpenAPI path templates so the server can
 * validate each response against exactly the operation it claims to be.
 */
import * as payloads from './payloads';
import type { RateLimits } from './rateLimits';
import type { GitHubState, RepoRecord, RunRecord } from './state';

/** What a handler gets. */
export interface RouteContext {
	readonly state: GitHubState;
	readonly limits: RateLimits;
	readonly urls: payloads.Urls;
	readonly params: Readonly<Record<string, string>>;
	readonly query: URLSearchParams;
	readonly body: unknown;
	/** Login of the authenticated account. */
	readonly login: string;
	/** A signed, expiring URL for a job's log. */
	logUrl(jobId: number): string;
}

/** What a handler answers. `body` undefined means no body. */
export interface RouteResult {
	readonly status: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
	/** False for the few operations GitHub does not meter (e.g. `GET /rate_limit`). */
	readonly metered?: boolean;
}

/** One route. */
export interface Route {
	readonly method: 'GET' | 'POST';
	readonly template: string;
	readonly pattern: RegExp;
	readonly names: readonly string[];
	readonly handle: (ctx: RouteContext) => RouteResult;
}

const DOCS = 'https://docs.github.com/rest';
const notFound = (doc = DOCS): RouteResult => ({ status: 404, body: payloads.errorBody('Not Found', doc, 404) });
const RUN_STATUSES = new Set(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']);

function route(method: Route['method'], template: string, handle: Route['handle']): Route {
	const names: string[] = [];
	// `{path}` of the contents API spans segments; every other parameter is one segment.
	const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
		names.push(name);
		return name === 'path' ? '(.+)' : '([^/]+)';
	});
	return { method, template, pattern: new RegExp(`^${source}$`), names, handle };
}

/** Slices a list by `per_page`/`page` and adds GitHub's `Link` header. */
function paginate<T>(ctx: RouteContext, items: readonly T[], self: string): { page: T[]; headers: Record<string, string> } {
	const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 30));
	const page = Math.max(1, Number(ctx.query.get('page')) || 1);
	const last = Math.max(1, Math.ceil(items.length / perPage));
	const link = (n: number) => {
		const query = new URLSearchParams(ctx.query);
		query.set('per_page', String(perPage));
		query.set('page', String(n));
		return `<${ctx.urls.api}${self}?${query}>`;
	};
	const rels: string[] = [];
	if (page > 1) {
		rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
	}
	if (page < last) {
		rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
	}
	if (page > 1) {
		rels.push(`${link(1)}; rel="first"`);
	}
	return { page: items.slice((page - 1) * perPage, page * perPage), headers: rels.length > 0 ? { link: rels.join(', ') } : {} };
}

function withRepo(handle: (ctx: RouteContext, repo: RepoRecord) => RouteResult): Route['handle'] {
	return (ctx) => {
		const repo = ctx.state.findRepo(ctx.params.owner, ctx.params.repo);
		return repo ? handle(ctx, repo) : notFound();
	};
}

function withRun(handle: (ctx: RouteContext, run: RunRecord) => RouteResult): Route['handle'] {
	return withRepo((ctx, repo) => {
		const run = repo.runs.find((r) => String(r.id) === ctx.params.run_id);
		return run ? handle(ctx, run) : notFound();
	});
}

function listRuns(ctx: RouteContext, runs: readonly RunRecord[], self: string): RouteResult {
	const branch = ctx.query.get('branch');
	const status = ctx.query.get('status');
	const event = ctx.query.get('event');
	const headSha = ctx.query.get('head_sha');
	const selected = [...runs]
		.filter((run) => (!branch || run.branch === branch) && (!event || run.event === event) && (!headSha || run.headSha === headSha))
		.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
		.map((run) => payloads.workflowRun(ctx.urls, ctx.state, run))
		// `status` takes a status or a conclusion.
		.filter((run) => !status || (RUN_STATUSES.has(status) ? run.status === status : run.conclusion === status));
	const { page, headers } = paginate(ctx, selected, self);
	return { status: 200, body: { total_count: selected.length, workflow_runs: page }, headers };
}

/** Every REST route of the stand-in. */
export const ROUTES: readonly Route[] = [
	route('GET', '/user', (ctx) => ({ status: 200, body: payloads.privateUser(ctx.urls, ctx.login) })),
	route('GET', '/rate_limit', (ctx) => ({ status: 200, body: ctx.limits.overview(), metered: false })),
	route(
		'GET',
		'/repos/{owner}/{repo}',
		withRepo((ctx, repo) => ({ status: 200, body: payloads.fullRepository(ctx.urls, ctx.state, repo) })),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/contents/{path}',
		withRepo((ctx, repo) => {
			const path = ctx.params.path.replace(/^\/+|\/+$/g, '');
			const ref = ctx.query.get('ref') ?? repo.defaultBranch;
			const text = repo.files.get(path);
			if (text === undefined || !repo.heads.has(ref.replace(/^refs\/heads\//, ''))) {
				return notFound(`${DOCS}/repos/contents#get-repository-content`);
			}
			return { status: 200, body: payloads.contentFile(ctx.urls, repo, path, text, ref) };
		}),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/workflows',
		withRepo((ctx, repo) => {
			const { page, headers } = paginate(ctx, repo.workflows, `/repos/${repo.fullName}/actions/workflows`);
			return { status: 200, body: { total_count: repo.workflows.length, workflows: page.map((wf) => payloads.workflow(ctx.urls, repo, wf)) }, headers };
		}),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
		withRepo((ctx, repo) => {
			const wf = ctx.state.findWorkflow(repo, ctx.params.workflow_id);
			return wf ? { status: 200, body: payloads.workflow(ctx.urls, repo, wf) } : notFound();
		}),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
		withRepo((ctx, repo) => {
			const wf = ctx.state.findWorkflow(repo, ctx.params.workflow_id);
			if (!wf) {
				return notFound();
			}
			const runs = repo.runs.filter((run) => run.workflowId === wf.id);
			return listRuns(ctx, runs, `/repos/${repo.fullName}/actions/workflows/${ctx.params.workflow_id}/runs`);
		}),
	),
	route(
		'POST',
		'/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
		withRepo((ctx, repo) => {
			const wf = ctx.state.findWorkflow(repo, ctx.params.workflow_id);
			if (!wf) {
				return notFound();
			}
			const body = (ctx.body ?? {}) as { ref?: unknown; inputs?: unknown; return_run_details?: unknown };
			const result = ctx.state.dispatch(repo, wf, body.ref, body.inputs, ctx.login);
			if ('message' in result) {
				return { status: result.status, body: payloads.errorBody(result.message, `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`, result.status) };
			}
			if (body.return_run_details === true) {
				const run = payloads.workflowRun(ctx.urls, ctx.state, result);
				return { status: 200, body: { workflow_run_id: result.id, run_url: run.url, html_url: run.html_url } };
			}
			return { status: 204 };
		}),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/runs',
		withRepo((ctx, repo) => listRuns(ctx, repo.runs, `/repos/${repo.fullName}/actions/runs`)),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/runs/{run_id}',
		withRun((ctx, run) => ({ status: 200, body: payloads.workflowRun(ctx.urls, ctx.state, run) })),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
		withRun((ctx, run) => {
			const records = ctx.query.get('filter') === 'all' ? run.jobs : ctx.state.latestJobs(run);
			const views = records.map((record) => ctx.state.findJob(run.repo, record.id)!.view);
			const { page, headers } = paginate(ctx, views, `/repos/${run.repo.fullName}/actions/runs/${run.id}/jobs`);
			return { status: 200, body: { total_count: views.length, jobs: page.map((view) => payloads.job(ctx.urls, run, view)) }, headers };
		}),
	),
	route(
		'POST',
		'/repos/{owner}/{repo}/actions/runs/{run_id}/cancel',
		withRun((ctx, run) => {
			const refused = ctx.state.cancel(run);
			return refused ? { status: refused.status, body: payloads.errorBody(refused.message, `${DOCS}/actions/workflow-runs#cancel-a-workflow-run`, refused.status) } : { status: 202, body: {} };
		}),
	),
	route(
		'POST',
		'/repos/{owner}/{repo}/actions/runs/{run_id}/rerun',
		withRun((ctx, run) => rerun(ctx, run, false)),
	),
	route(
		'POST',
		'/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs',
		withRun((ctx, run) => rerun(ctx, run, true)),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/jobs/{job_id}',
		withRepo((ctx, repo) => {
			const found = ctx.state.findJob(repo, Number(ctx.params.job_id));
			return found ? { status: 200, body: payloads.job(ctx.urls, found.run, found.view) } : notFound();
		}),
	),
	route(
		'GET',
		'/repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
		withRepo((ctx, repo) => {
			const found = ctx.state.findJob(repo, Number(ctx.params.job_id));
			if (!found) {
				return notFound();
			}
			if (found.run.logsExpired) {
				return { status: 410, body: payloads.errorBody('Logs have expired and are no longer available.', `${DOCS}/actions/workflow-jobs#download-job-logs-for-a-workflow-run`, 410) };
			}
			return { status: 302, headers: { location: ctx.logUrl(found.view.record.id) } };
		}),
	),
];

function rerun(ctx: RouteContext, run: RunRecord, failedOnly: boolean): RouteResult {
	const refused = ctx.state.rerun(run, failedOnly, ctx.login);
	const doc = `${DOCS}/actions/workflow-runs#${failedOnly ? 're-run-failed-jobs-from-a-workflow-run' : 're-run-a-workflow'}`;
	return refused ? { status: refused.status, body: payloads.errorBody(refused.message, doc, refused.status) } : { status: 201, body: {} };
}

/** Finds the route for a method and path (path without prefix or query). */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
	for (const candidate of ROUTES) {
		if (candidate.method !== method) {
			continue;
		}
		const match = candidate.pattern.exec(path);
		if (match) {
			const params: Record<string, string> = {};
			candidate.names.forEach((name, index) => {
				params[name] = decodeURIComponent(match[index + 1]);
			});
			return { route: candidate, params };
		}
	}
	return undefined;
}
