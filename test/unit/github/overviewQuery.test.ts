import { strict as assert } from 'node:assert';
import { parse } from 'graphql';
import { GitHubError } from '../../../src/github/errors';
import { MAX_REPOS_PER_QUERY, buildOverviewQueries, fetchOverview, parseOverview } from '../../../src/github/overviewQuery';
import { type GitHubStandIn, costOf, githubSchema } from '../../support/github';
import { type TestClient, clientFor, rejection, standIn } from './helpers';

const repos = (n: number) => Array.from({ length: n }, (_, i) => ({ owner: 'acme', name: `svc-${i}` }));

describe('buildOverviewQueries', () => {
	it('splits repositories into chunks of at most 50, aliased r0…', () => {
		const queries = buildOverviewQueries(repos(120));
		assert.deepEqual(queries.map((q) => q.repos.length), [50, 50, 20]);
		assert.equal(queries[2].repos[0].name, 'svc-100');
		assert.match(queries[0].query, /r49: repository\(owner: \$o49, name: \$n49\)/);
		assert.ok(!queries[0].query.includes('r50:'));
		assert.deepEqual([queries[1].variables.o0, queries[1].variables.n0], ['acme', 'svc-50']);
		assert.deepEqual(buildOverviewQueries([]), []);
		assert.equal(buildOverviewQueries(repos(10), { chunkSize: 500 })[0].repos.length, 10);
		assert.equal(MAX_REPOS_PER_QUERY, 50);
	});

	it('passes names as variables, so no name can change the document', () => {
		const [query] = buildOverviewQueries([{ owner: 'a"){ viewer { login } }', name: 'r' }]);
		assert.ok(!query.query.includes('viewer'));
		assert.equal(query.variables.o0, 'a"){ viewer { login } }');
	});

	it('validates against GitHub\'s schema and costs 1 point for 50 repositories', () => {
		const schema = githubSchema();
		for (const query of buildOverviewQueries(repos(50))) {
			const cost = costOf(schema, parse(query.query), query.variables);
			assert.ok(!Array.isArray(cost), JSON.stringify(cost));
			assert.deepEqual([cost.requests, cost.cost], [50, 1]);
		}
	});
});

describe('costOf (GitHub\'s documented arithmetic)', () => {
	const schema = githubSchema();
	it('charges the documented example 51 points for 5,101 requests', () => {
		const query = 'query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }';
		const cost = costOf(schema, parse(query), {});
		assert.ok(!Array.isArray(cost));
		assert.deepEqual([cost.requests, cost.cost, cost.nodeCount], [5101, 51, 305_100]);
	});

	it('charges at least 1 point, and refuses connections without first or last', () => {
		const cost = costOf(schema, parse('query { viewer { login } }'), {});
		assert.ok(!Array.isArray(cost) && cost.cost === 1);
		const refused = costOf(schema, parse('query { viewer { repositories { totalCount } } }'), {});
		assert.ok(Array.isArray(refused));
		assert.equal(refused[0].extensions.type, 'MISSING_PAGINATION_BOUNDARIES');
	});
});

describe('parseOverview', () => {
	it('keeps GitHub Actions suites and the latest run of each workflow', () => {
		const [query] = buildOverviewQueries([{ owner: 'o', name: 'a' }, { owner: 'o', name: 'gone' }]);
		const run = (id: number, name: string, createdAt: string) => ({ databaseId: id, runNumber: id, url: `u${id}`, event: 'push', createdAt, updatedAt: createdAt, workflow: { databaseId: name.length, name } });
		const data = {
			r0: {
				defaultBranchRef: {
					name: 'main',
					target: {
						oid: 'abc',
						checkSuites: {
							nodes: [
								{ app: { slug: 'github-actions' }, status: 'COMPLETED', conclusion: 'FAILURE', workflowRun: run(1, 'CI', '2025-01-01T00:00:00Z') },
								{ app: { slug: 'github-actions' }, status: 'IN_PROGRESS', conclusion: null, workflowRun: run(2, 'CI', '2025-01-01T00:05:00Z') },
								{ app: { slug: 'github-actions' }, status: 'COMPLETED', conclusion: 'SUCCESS', workflowRun: run(3, 'Lint', '2025-01-01T00:01:00Z') },
								{ app: { slug: 'circleci' }, status: 'COMPLETED', conclusion: 'FAILURE', workflowRun: null },
								{ app: { slug: 'github-actions' }, status: 'QUEUED', conclusion: null, workflowRun: null },
								null,
							],
						},
					},
				},
			},
			r1: null,
		};
		const [found, missing] = parseOverview(query, data, [{ message: "Could not resolve to a Repository with the name 'o/gone'.", type: 'NOT_FOUND', path: ['r1'] }]);
		assert.deepEqual([found.found, found.defaultBranch, found.headSha], [true, 'main', 'abc']);
		assert.deepEqual(found.runs.map((r) => [r.workflowName, r.id, r.status, r.conclusion]), [['CI', 2, 'in_progress', null], ['Lint', 3, 'completed', 'success']]);
		assert.deepEqual([missing.found, missing.error], [false, "Could not resolve to a Repository with the name 'o/gone'."]);
	});

	it('handles an empty repository without a default branch', () => {
		const [query] = buildOverviewQueries([{ owner: 'o', name: 'empty' }]);
		const [overview] = parseOverview(query, { r0: { defaultBranchRef: null } });
		assert.deepEqual([overview.found, overview.defaultBranch, overview.runs], [true, undefined, []]);
	});
});

describe('fetchOverview against the stand-in', () => {
	let gh: GitHubStandIn;
	let client: TestClient;

	beforeEach(async () => {
		gh = await standIn();
		client = await clientFor(gh);
	});

	afterEach(async () => {
		client.dispose();
		await gh.close();
		gh.assertNoValidationErrors();
	});

	it('reads 50 repositories in one call for 1 point, with run states from the check suites', async () => {
		const all = repos(50).map((r, i) => {
			const repo = gh.addRepo({ owner: r.owner, name: r.name, defaultBranch: i % 2 ? 'main' : 'trunk' });
			const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', name: 'CI' });
			const lint = gh.addWorkflow(repo, { path: '.github/workflows/lint.yml', name: 'Lint' });
			gh.addRun(repo, { workflow: ci, ageMs: 3_600_000, jobs: [{ name: 'test', steps: [{ name: 'mocha', outcome: 'failure' }] }] });
			gh.addRun(repo, { workflow: ci, queuedMs: 0 });
			gh.addRun(repo, { workflow: lint, ageMs: 3_600_000 });
			gh.addRun(repo, { workflow: lint, branch: 'feature' });
			gh.addCheckSuite(repo, { appSlug: 'codecov', conclusion: 'failure' });
			return repo;
		});
		gh.advance(500);
		const result = await fetchOverview(client.octokit.graphql, all.map((r) => ({ owner: r.owner, name: r.name })));
		assert.equal(result.repos.length, 50);
		assert.equal(result.cost, 1);
		assert.ok(result.rateLimit && result.rateLimit.cost <= 1);
		const graphqlCalls = gh.requests.filter((r) => r.route === '/graphql');
		assert.deepEqual(graphqlCalls.map((r) => r.charged), [1]);
		const first = result.repos[0];
		assert.deepEqual([first.found, first.defaultBranch], [true, 'trunk']);
		assert.deepEqual(first.runs.map((r) => [r.workflowName, r.status, r.conclusion, r.runNumber]), [['CI', 'in_progress', null, 2], ['Lint', 'completed', 'success', 1]]);

		gh.advance(60_000);
		const later = await fetchOverview(client.octokit.graphql, [{ owner: 'acme', name: 'svc-0' }]);
		assert.deepEqual(later.repos[0].runs.map((r) => r.status), ['completed', 'completed']);
	});

	it('splits 120 repositories into three calls, and reports unknown ones without failing the rest', async () => {
		for (const r of repos(119)) {
			gh.addRepo(r);
		}
		const result = await fetchOverview(client.octokit.graphql, repos(120));
		assert.equal(result.repos.length, 120);
		assert.equal(result.cost, 3);
		assert.deepEqual(result.repos.filter((r) => !r.found).map((r) => r.repo.name), ['svc-119']);
		assert.match(result.repos[119].error ?? '', /Could not resolve to a Repository/);
	});

	it('fails the whole poll with a GitHubError when GitHub refuses the call', async () => {
		gh.faults.add({ kind: 'status', status: 401, message: 'Bad credentials' });
		const err = await rejection(() => fetchOverview(client.octokit.graphql, repos(1)));
		assert.ok(err instanceof GitHubError);
		assert.equal(err.kind, 'auth');
	});
});
