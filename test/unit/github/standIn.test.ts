import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GitHubState, OpenApiValidator, sharedValidator, translateNullable } from '../../support/github';
import { jobAt } from '../../support/github/timeline';
import { TOKEN, standIn } from './helpers';

/** Plain fetch, to see exactly what the stand-in sends without Octokit in between. */
async function call(url: string, init: RequestInit & { token?: string } = {}) {
	const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...(init.headers as Record<string, string>) };
	if (init.token) {
		headers.authorization = `Bearer ${init.token}`;
	}
	const response = await fetch(url, { ...init, headers, redirect: 'manual' });
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('GitHub stand-in', () => {
	describe('OpenAPI validation', () => {
		it('translates nullable to JSON Schema, including enums that forget null', () => {
			assert.deepEqual(translateNullable({ type: 'string', nullable: true, enum: ['a'] }), { type: ['string', 'null'], enum: ['a', null] });
			assert.deepEqual(translateNullable({ allOf: [{ $ref: '#/x' }], nullable: true }), { anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/x' }] }] });
			assert.deepEqual(translateNullable({ type: 'object', properties: { a: { type: 'integer', nullable: false } } }), { type: 'object', properties: { a: { type: 'integer', nullable: false } } });
		});

		it('accepts real payloads and rejects drifted ones', () => {
			const validator = sharedValidator();
			const ok = validator.validate('POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/cancel', 409, { message: 'x', documentation_url: 'y', status: '409' });
			assert.deepEqual(ok, { against: 'actions/cancel-workflow-run 409 basic-error', errors: undefined });
			const bad = validator.validate('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}', 200, { id: 'seven' });
			assert.match(bad.errors ?? '', /body must have required property 'node_id'/);
			assert.match(bad.errors ?? '', /body\/id must be integer/);
			assert.match(validator.validate('GET', '/user', 201, {}).errors ?? '', /not documented/);
			assert.match(validator.validate('POST', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', 204, {}).errors ?? '', /no body/);
			assert.equal(validator.validate('GET', '/repos/{owner}/{repo}', 304, undefined).errors, undefined);
			assert.ok(new OpenApiValidator().templates.includes('/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs'));
		});

		it('records a route that sends an off-spec body as a failure', async () => {
			const gh = await standIn();
			try {
				const repo = gh.addRepo({ owner: 'o', name: 'r' });
				// Corrupt the state so the payload breaks the description: a workflow state GitHub never sends.
				Object.assign(gh.addWorkflow(repo, { path: '.github/workflows/x.yml' }), { state: 'sleeping' });
				const response = await call(`${gh.url}/repos/o/r/actions/workflows`, { token: TOKEN });
				assert.equal(response.headers.get('x-stand-in-validation'), 'failed');
				assert.equal(gh.validationErrors.length, 1);
				assert.match(gh.validationErrors[0].errors, /state must be equal to one of the allowed values/);
				assert.throws(() => gh.assertNoValidationErrors(), /do not match GitHub's OpenAPI description/);
				// Provoked on purpose: taken here, so the root hook does not fail this test for it.
				gh.validationErrors.splice(0);
			} finally {
				await gh.close();
			}
		});

		it('keeps the vendored subset in step with @octokit/openapi', async function () {
			this.timeout(10_000);
			const { stdout } = await promisify(execFile)(process.execPath, ['scripts/trim-github-openapi.mjs', '--check']);
			assert.match(stdout, /up to date/);
		});
	});

	describe('over HTTP', () => {
		it('answers like GitHub: auth errors, 404s, rate-limit headers, a free /rate_limit and a spent budget', async () => {
			const gh = await standIn({ rateLimits: { core: 4 } });
			try {
				gh.addRepo({ owner: 'o', name: 'r' });
				assert.deepEqual((await call(`${gh.url}/user`)).body, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' });
				assert.equal((await call(`${gh.url}/user`, { token: 'nope' })).body?.message, 'Bad credentials');
				const notFound = await call(`${gh.url}/repos/o/missing`, { token: TOKEN });
				assert.deepEqual([notFound.status, notFound.body?.message], [404, 'Not Found']);
				const repo = await call(`${gh.url}/repos/o/r`, { token: TOKEN });
				// A 404 counts, as on GitHub.
				assert.deepEqual([repo.headers.get('x-ratelimit-limit'), repo.headers.get('x-ratelimit-remaining'), repo.headers.get('x-ratelimit-used'), repo.headers.get('x-ratelimit-resource')], ['4', '2', '2', 'core']);
				assert.match(repo.headers.get('etag') ?? '', /^W\/"[0-9a-f]+"$/);
				const limits = await call(`${gh.url}/rate_limit`, { token: TOKEN });
				assert.equal((limits.body?.resources as { core: { remaining: number } }).core.remaining, 2);
				await call(`${gh.url}/repos/o/r/actions/runs`, { token: TOKEN });
				await call(`${gh.url}/repos/o/r/actions/workflows`, { token: TOKEN });
				const spent = await call(`${gh.url}/repos/o/r`, { token: TOKEN });
				assert.equal(spent.status, 403);
				assert.equal(spent.headers.get('x-ratelimit-remaining'), '0');
				assert.match(String(spent.body?.message), /^API rate limit exceeded for user ID/);
				gh.assertNoValidationErrors();
			} finally {
				await gh.close();
			}
		});

		it('charges GraphQL points, reflects them in rateLimit and headers, and answers with GitHub\'s error shapes', async () => {
			const gh = await standIn();
			try {
				const post = (query: string, variables = {}) => call(gh.graphqlUrl, { method: 'POST', token: TOKEN, body: JSON.stringify({ query, variables }) });
				const first = await post('query { viewer { login } rateLimit { cost remaining used limit resetAt } }');
				assert.deepEqual((first.body?.data as { rateLimit: unknown }).rateLimit, { cost: 1, remaining: 4999, used: 1, limit: 5000, resetAt: (first.body?.data as { rateLimit: { resetAt: string } }).rateLimit.resetAt });
				assert.deepEqual([first.headers.get('x-ratelimit-resource'), first.headers.get('x-ratelimit-used')], ['graphql', '1']);
				const big = await post('query { viewer { repositories(first: 100) { nodes { issues(first: 100) { totalCount } } } } rateLimit(dryRun: true) { cost } }');
				assert.equal((big.body?.data as { rateLimit: { cost: number } }).rateLimit.cost, 1, '101 requests round to 1 point');
				const missing = await post('query { repository(owner: "o", name: "nope") { name } }');
				assert.deepEqual(missing.body, { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], locations: [{ line: 1, column: 9 }], message: "Could not resolve to a Repository with the name 'o/nope'." }] });
				const invalid = await post('query { repository(owner: "o", name: "r") { noSuchField } }');
				assert.match(String((invalid.body?.errors as Array<{ message: string }>)[0].message), /Cannot query field "noSuchField"/);
				// A document GitHub refuses is recorded as the client's fault; this one was sent on purpose.
				assert.match(gh.validationErrors.splice(0).map((f) => f.errors).join(), /noSuchField/);
				const unauthenticated = await call(gh.graphqlUrl, { method: 'POST', body: '{"query":"{ viewer { login } }"}' });
				assert.deepEqual([unauthenticated.status, unauthenticated.body?.message], [401, 'This endpoint requires you to be authenticated.']);
				gh.rateLimits.set('graphql', { remaining: 0 });
				const limited = await post('query { viewer { login } }');
				assert.equal((limited.body?.errors as Array<{ type: string }>)[0].type, 'RATE_LIMITED');
			} finally {
				await gh.close();
			}
		});

		it('knows pull requests: lists open ones in GraphQL by update, and links their pull_request runs in REST', async () => {
			const gh = await standIn();
			try {
				const repo = gh.addRepo({ owner: 'o', name: 'r' });
				const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', name: 'CI' });
				const login = gh.addPullRequest(repo, { number: 7, headBranch: 'feature/login', title: 'Login' });
				gh.addPullRequest(repo, { headBranch: 'old' });
				gh.closePullRequest(repo, 8);
				gh.advance(1000);
				gh.addPullRequest(repo, { headBranch: 'docs' });
				gh.advance(1000);
				const build = gh.addRun(repo, { workflow: ci, event: 'pull_request', branch: 'feature/login' });
				const push = gh.addRun(repo, { workflow: ci, event: 'push', branch: 'feature/login' });
				const post = (query: string, variables = {}) => call(gh.graphqlUrl, { method: 'POST', token: TOKEN, body: JSON.stringify({ query, variables }) });
				const listed = await post(`query($sha: GitObjectID!) { repository(owner: "o", name: "r") {
					pullRequests(states: OPEN, first: 5, orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount nodes { number title headRefName headRefOid isCrossRepository state } }
					object(oid: $sha) { ... on Commit { checkSuites(last: 5) { nodes { workflowRun { databaseId event } } } } }
					missing: object(oid: "${'0'.repeat(40)}") { oid }
				} }`, { sha: build.headSha });
				assert.equal(listed.body?.errors, undefined, JSON.stringify(listed.body?.errors));
				const data = (listed.body?.data as { repository: { pullRequests: { totalCount: number; nodes: Array<Record<string, unknown>> }; object: { checkSuites: { nodes: Array<{ workflowRun: { databaseId: number } }> } }; missing: null } }).repository;
				assert.equal(data.pullRequests.totalCount, 2, 'a closed pull request is not listed as open');
				assert.deepEqual(data.pullRequests.nodes[0], { number: 7, title: 'Login', headRefName: 'feature/login', headRefOid: build.headSha, isCrossRepository: false, state: 'OPEN' }, 'the one built last was updated last');
				assert.equal(data.pullRequests.nodes[1].number, 9);
				assert.deepEqual(data.object.checkSuites.nodes.map((n) => n.workflowRun.databaseId), [build.id, push.id]);
				assert.equal(data.missing, null);

				const rest = await call(`${gh.url}/repos/o/r/actions/runs?per_page=5`, { token: TOKEN });
				const runs = (rest.body as { workflow_runs: Array<{ id: number; pull_requests: Array<{ number: number; head: { ref: string } }> }> }).workflow_runs;
				assert.deepEqual(runs.find((r) => r.id === build.id)?.pull_requests.map((pr) => [pr.number, pr.head.ref]), [[login.number, 'feature/login']]);
				assert.deepEqual(runs.find((r) => r.id === push.id)?.pull_requests, [], 'a push run belongs to no pull request');
				gh.assertNoValidationErrors();
			} finally {
				await gh.close();
			}
		});

		it('signs log URLs that expire, like GitHub\'s blob storage', async () => {
			const gh = await standIn({ logUrlTtlMs: -1 });
			try {
				const repo = gh.addRepo({ owner: 'o', name: 'r' });
				const run = gh.addRun(repo, { workflow: gh.addWorkflow(repo, { path: '.github/workflows/ci.yml' }), ageMs: 60_000 });
				const jobId = gh.state.latestJobs(gh.state.findRun(run.id)!)[0].id;
				const redirect = await call(`${gh.url}/repos/o/r/actions/jobs/${jobId}/logs`, { token: TOKEN });
				assert.equal(redirect.status, 302);
				const expired = await fetch(redirect.headers.get('location')!);
				assert.equal(expired.status, 403);
				const forged = await fetch(`${gh.url}/_stand-in/logs/${jobId}?expires=${Date.now() + 60_000}&sig=0000`);
				assert.equal(forged.status, 403);
			} finally {
				await gh.close();
			}
		});
	});

	describe('timeline', () => {
		it('cancels a job before it starts, and skips the steps a cancellation cuts off', () => {
			const job = { id: 1, name: 'j', attempt: 1, attemptCreatedAt: 0, runQueuedMs: 1000, script: { name: 'j', steps: [{ name: 'a', durationMs: 1000 }, { name: 'b', durationMs: 1000 }] } };
			const early = jobAt(job, 5000, 500);
			assert.deepEqual([early.status, early.conclusion, early.completedAt], ['completed', 'cancelled', 500]);
			assert.deepEqual(early.steps.map((s) => s.conclusion), ['skipped', 'skipped']);
			const mid = jobAt(job, 5000, 1500);
			assert.deepEqual(mid.steps.map((s) => s.conclusion), ['cancelled', 'skipped']);
			const pending = jobAt(job, 1200, 1500);
			assert.deepEqual([pending.status, pending.steps[0].status], ['in_progress', 'in_progress']);
		});

		it('derives the same state from the same instant, and refuses to run backwards', () => {
			const state = new GitHubState({ startTime: Date.UTC(2025, 0, 6, 9) });
			const repo = state.addRepo({ owner: 'o', name: 'r' });
			const run = state.addRun(repo, { workflow: state.addWorkflow(repo, { path: 'ci.yml' }) });
			state.advance(1200);
			assert.deepEqual(state.view(run), state.view(run));
			assert.throws(() => state.advance(-1), /non-negative/);
			assert.equal(state.cancel(run), undefined);
			state.advance(60_000);
			assert.deepEqual(state.cancel(run), { status: 409, message: 'Cannot cancel a workflow run that is completed.' });
		});
	});
});
