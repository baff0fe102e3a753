import { strict as assert } from 'node:assert';
import { version } from '../../../package.json';
import { GitHubError, formatClock, toGitHubError } from '../../../src/github/errors';
import { type RateLimitHold, type RateLimitState, restBaseUrlForHost } from '../../../src/github/octokit';
import type { GitHubStandIn, RepoHandle } from '../../support/github';
import { TOKEN, type TestClient, clientFor, rejection, standIn } from './helpers';

describe('createGitHubClient against the stand-in', () => {
	let gh: GitHubStandIn;
	let client: TestClient;
	let repo: RepoHandle;
	const at = { owner: 'acme', repo: 'web' };
	const runsPath = '/repos/acme/web/actions/runs';

	beforeEach(async () => {
		gh = await standIn();
		client = await clientFor(gh);
		repo = gh.addRepo({ owner: 'acme', name: 'web' });
		gh.addRun(repo, { workflow: gh.addWorkflow(repo, { path: '.github/workflows/ci.yml' }) });
	});

	afterEach(async () => {
		client.dispose();
		await gh.close();
		gh.assertNoValidationErrors();
		for (const line of client.lines) {
			assert.ok(!line.includes(TOKEN), `token in log line: ${line}`);
		}
	});

	it('identifies itself with the package name and version', async () => {
		await client.octokit.rest.users.getAuthenticated();
		assert.match(gh.requests[0].userAgent ?? '', new RegExp(`^meta-gothic/${version.replace(/\./g, '\\.')} `));
		assert.equal(gh.requests[0].auth, 'valid');
	});

	it('retries a secondary rate limit after retry-after, a bounded number of times, and reports the hold', async () => {
		const holds: Array<RateLimitHold | undefined> = [];
		client.onDidChangeHold((hold) => holds.push(hold));
		const once = gh.faults.add({ kind: 'secondaryRateLimit', status: 403, retryAfterSeconds: 2 }, { match: { path: runsPath } });
		const ok = await client.octokit.rest.actions.listWorkflowRunsForRepo(at);
		assert.equal(ok.status, 200);
		assert.equal(once.hits, 1);
		assert.equal(holds.length, 2, 'held, then released by the successful retry');
		assert.match(holds[0]!.message, /^rate limited until \d\d:\d\d$/);
		assert.equal(holds[0]!.reason, 'secondary');
		assert.equal(holds[1], undefined);

		const always = gh.faults.add({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 1 }, { times: Infinity, match: { path: runsPath } });
		const err = toGitHubError(await rejection(() => client.octokit.rest.actions.listWorkflowRunsForRepo(at)));
		assert.equal(always.hits, 3, 'one request and two retries');
		assert.equal(err.kind, 'rateLimited');
		assert.ok(err.retryAt instanceof Date);
		assert.equal(client.hold?.reason, 'secondary', 'the hold stays until a request succeeds');
		assert.ok(client.lines.some((l) => /secondary rate limited until \d\d:\d\d, giving up/.test(l)));
	});

	it('fails at once when the primary budget is spent until a distant reset, keeping the state visible', async () => {
		gh.rateLimits.set('core', { remaining: 0, resetInMs: 30 * 60_000 });
		const err = await rejection(() => client.octokit.rest.actions.listWorkflowRunsForRepo(at));
		const mapped = toGitHubError(err);
		assert.equal(mapped.kind, 'rateLimited');
		assert.equal(gh.requests.length, 1, 'a 30-minute wait is not worth holding a request');
		const reset = gh.rateLimits.bucket('core').reset * 1000;
		assert.equal(mapped.retryAt?.getTime(), reset);
		assert.match(mapped.message, new RegExp(`resume at ${formatClock(new Date(reset))}`));
		assert.deepEqual([client.hold?.resource, client.hold?.reason], ['core', 'primary']);
		assert.equal(client.rateLimit('core')?.remaining, 0);
		await client.octokit.graphql('query { viewer { login } }');
		assert.equal(client.hold?.resource, 'core', 'GraphQL has its own budget: its success does not lift the REST hold');
		gh.rateLimits.refill();
		await client.octokit.rest.repos.get(at);
		assert.equal(client.hold, undefined);
	});

	it('retries server errors a bounded number of times', async () => {
		const twice = gh.faults.add({ kind: 'status', status: 502 }, { times: 2 });
		assert.equal((await client.octokit.rest.repos.get(at)).status, 200);
		assert.equal(twice.hits, 2);
		assert.equal(gh.requests.length, 3);

		const always = gh.faults.add({ kind: 'status', status: 503 }, { times: Infinity });
		const err = toGitHubError(await rejection(() => client.octokit.rest.repos.get(at)));
		assert.equal(always.hits, 4, 'one request and three retries');
		assert.equal(err.kind, 'server');
		assert.equal(err.status, 503);
	});

	it('retries a dropped connection, and reports an unreachable GitHub as a network error', async () => {
		const reset = gh.faults.add({ kind: 'reset' });
		assert.equal((await client.octokit.rest.repos.get(at)).status, 200);
		assert.equal(reset.hits, 1);

		const always = gh.faults.add({ kind: 'reset' }, { times: Infinity });
		const err = toGitHubError(await rejection(() => client.octokit.rest.repos.get(at)));
		assert.equal(always.hits, 4);
		assert.equal(err.kind, 'network');
	});

	it('does not repeat a dispatch that failed with a server error', async () => {
		const fault = gh.faults.add({ kind: 'status', status: 500 }, { times: Infinity, match: { method: 'POST' } });
		const err = toGitHubError(await rejection(() => client.octokit.rest.actions.createWorkflowDispatch({ ...at, workflow_id: 'ci.yml', ref: 'main' })));
		assert.equal(err.kind, 'server');
		assert.equal(fault.hits, 1);
	});

	it('waits out added latency', async () => {
		const slow = gh.faults.add({ kind: 'latency', ms: 150 });
		const started = Date.now();
		assert.equal((await client.octokit.rest.repos.get(at)).status, 200);
		assert.ok(Date.now() - started >= 140);
		assert.equal(slow.hits, 1);
		assert.equal(gh.requests[0].fault, 'latency');
	});

	it('surfaces a 401 as an auth error, once, with no token in the message or the log', async () => {
		const wrong = await clientFor(gh, { token: 'ghp_wrongwrongwrongwrongwrongwrongwrong' });
		try {
			const err = await rejection(() => wrong.octokit.rest.actions.listWorkflowRunsForRepo(at));
			const mapped = toGitHubError(err, { secrets: ['ghp_wrongwrongwrongwrongwrongwrongwrong'] });
			assert.ok(mapped instanceof GitHubError);
			assert.equal(mapped.kind, 'auth');
			assert.match(mapped.message, /Bad credentials/);
			assert.ok(!mapped.message.includes('ghp_wrong'));
			assert.equal(gh.requests.length, 1, '401 is not retried');
			assert.equal(gh.requests[0].auth, 'invalid');
			assert.ok(wrong.lines.length > 0);
			assert.ok(wrong.lines.every((line) => !line.includes('ghp_wrong')), wrong.lines.join('\n'));
		} finally {
			wrong.dispose();
		}
	});

	it('tracks rate-limit numbers per resource and fires only on change', async () => {
		const seen: RateLimitState[] = [];
		client.onDidChangeRateLimit((state) => seen.push(state));
		await client.octokit.rest.repos.get(at);
		await client.octokit.rest.repos.get(at);
		assert.equal(seen.length, 1, 'the 304 left the numbers unchanged');
		assert.deepEqual([seen[0].resource, seen[0].limit, seen[0].remaining, seen[0].used], ['core', 5000, 4999, 1]);
		await client.octokit.graphql('query { rateLimit { cost } }');
		assert.equal(client.rateLimit('graphql')?.used, 1);
	});

	it('counts requests, free 304s and points, retries included', async () => {
		const before = { ...client.stats };
		await client.octokit.rest.repos.get(at);
		await client.octokit.rest.repos.get(at);
		gh.faults.add({ kind: 'status', status: 502 });
		await client.octokit.rest.actions.listWorkflowRunsForRepo(at);
		await client.octokit.graphql('query { rateLimit { cost } viewer { login } }');
		const charged = gh.requests.reduce((sum, r) => sum + r.charged, 0);
		const after = client.stats;
		assert.deepEqual(
			{ requests: after.requests - before.requests, notModified: after.notModified - before.notModified, restPoints: after.restPoints - before.restPoints, graphqlPoints: after.graphqlPoints - before.graphqlPoints },
			{ requests: 5, notModified: 1, restPoints: 3, graphqlPoints: 1 },
		);
		assert.equal(charged, 3, 'the stand-in charged the two 200s and the query; the 502 counts on our side');
	});

	it('spaces GraphQL calls a second apart by default, as GitHub advises, and not when told', async () => {
		const spaced = await clientFor(gh, { writeSpacingMs: undefined });
		try {
			const started = Date.now();
			await spaced.octokit.graphql('query { viewer { login } }');
			await spaced.octokit.graphql('query { viewer { login } }');
			assert.ok(Date.now() - started >= 900, `${Date.now() - started} ms`);
		} finally {
			spaced.dispose();
		}
		const started = Date.now();
		await client.octokit.graphql('query { viewer { login } }');
		await client.octokit.graphql('query { viewer { login } }');
		assert.ok(Date.now() - started < 500);
	});

	it('maps hosts to REST roots', () => {
		assert.equal(restBaseUrlForHost('github.com'), 'https://api.github.com');
		assert.equal(restBaseUrlForHost('GitHub.com'), 'https://api.github.com');
		assert.equal(restBaseUrlForHost('ghe.example.com:8443'), 'https://ghe.example.com:8443/api/v3');
	});
});
