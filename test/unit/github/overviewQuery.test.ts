import { strict as assert } from 'node:assert';
import { parse } from 'graphql';
import { GitHubError } from '../../../src/github/errors';
import { MAX_REPOS_PER_QUERY, type OpenPullRequest, buildHeadQueries, buildOverviewQueries, fetchOverview, parseOverview } from '../../../src/github/overviewQuery';
import { type GitHubStandIn, costOf, githubSchema } from '../../support/github';
import { type TestClient, clientFor, rejection, standIn } from './helpers';

const repos = (n: number) => Array.from({ length: n }, (_, i) => ({ owner: 'acme', name: `svc-${i}` }));
const pr = (number: number, headRefName: string, headSha: string, crossRepository = false): OpenPullRequest => ({ number, title: `PR ${number}`, url: `u/pull/${number}`, headRefName, headSha, crossRepository });

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

	it('validates against GitHub\'s schema and costs 1 point for 50 repositories with their open pull requests', () => {
		const schema = githubSchema();
		const [query, ...more] = buildOverviewQueries(repos(50));
		assert.deepEqual(more, []);
		const cost = costOf(schema, parse(query.query), query.variables);
		assert.ok(!Array.isArray(cost), JSON.stringify(cost));
		assert.deepEqual([cost.requests, cost.cost], [100, 1], 'a checkSuites and a pullRequests connection per repository');
		assert.match(query.query, /pullRequests\(states: OPEN, first: 5, orderBy: \{field: UPDATED_AT, direction: DESC\}\)/);
		const without = buildOverviewQueries(repos(50), { pullRequestsPerRepo: 0 })[0];
		assert.ok(!without.query.includes('pullRequests'));
	});

	it('reads known pull request heads by branch (a fork\'s by commit) and cuts calls at 1 point each', () => {
		const schema = githubSchema();
		const withHeads = repos(50).map((r, i) => ({ ...r, pullRequests: [pr(1, `feature/${i}`, 'a'.repeat(40), i === 0)] }));
		const queries = buildOverviewQueries(withHeads);
		assert.deepEqual(queries.map((q) => q.repos.length), [49, 1], '3 requests a repository: 49 make 147');
		for (const query of queries) {
			const cost = costOf(schema, parse(query.query), query.variables);
			assert.ok(!Array.isArray(cost), JSON.stringify(cost));
			assert.equal(cost.cost, 1);
		}
		assert.match(queries[0].query, /r0: repository\(owner: \$o0, name: \$n0\) \{ \.\.\.MetaGothicRepoOverview p0: object\(oid: \$h0_0\)/);
		assert.match(queries[0].query, /r1: repository\(owner: \$o1, name: \$n1\) \{ \.\.\.MetaGothicRepoOverview p0: ref\(qualifiedName: \$h1_0\)/);
		assert.deepEqual([queries[0].variables.h0_0, queries[0].variables.h1_0], ['a'.repeat(40), 'refs/heads/feature/1']);
		const capped = buildOverviewQueries([{ ...withHeads[1], pullRequests: Array.from({ length: 9 }, (_, i) => pr(i + 1, `b${i}`, 'c'.repeat(40))) }]);
		assert.equal(capped[0].heads[0].length, 5, 'no more heads than pull requests listed');

		const [heads] = buildHeadQueries([{ repo: repos(1)[0], pullRequests: [pr(3, 'x', 'd'.repeat(40)), pr(4, 'y', 'e'.repeat(40))] }]);
		const headCost = costOf(schema, parse(heads.query), heads.variables);
		assert.ok(!Array.isArray(headCost), JSON.stringify(headCost));
		assert.deepEqual([headCost.requests, headCost.cost], [2, 1]);
		assert.ok(!heads.query.includes('pullRequests') && !heads.query.includes('defaultBranchRef'));
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

	it('keeps the runs of listed pull requests\' heads, by workflow and event, without repeating the default branch\'s', () => {
		const suite = (id: number, event: string, status = 'IN_PROGRESS') => ({ app: { slug: 'github-actions' }, status, conclusion: null, workflowRun: { databaseId: id, runNumber: id, url: `u${id}`, event, createdAt: `2025-01-01T00:0${id}:00Z`, updatedAt: `2025-01-01T00:0${id}:00Z`, workflow: { databaseId: 1, name: 'CI' } } });
		const listed = [pr(7, 'feature/login', 'f'.repeat(40)), pr(8, 'docs', 'd'.repeat(40))];
		const [query] = buildOverviewQueries([{ owner: 'o', name: 'a', pullRequests: [pr(7, 'feature/login', 'f'.repeat(40)), pr(6, 'closed', 'c'.repeat(40))] }]);
		const data = {
			r0: {
				defaultBranchRef: { name: 'main', target: { oid: 'm'.repeat(40), checkSuites: { nodes: [suite(1, 'push', 'COMPLETED')] } } },
				pullRequests: { nodes: listed.map((p) => ({ number: p.number, title: p.title, url: p.url, headRefName: p.headRefName, headRefOid: p.headSha, isCrossRepository: false })) },
				p0: { target: { oid: 'f'.repeat(40), checkSuites: { nodes: [suite(1, 'push', 'COMPLETED'), suite(2, 'push'), suite(3, 'pull_request'), suite(4, 'pull_request')] } } },
				p1: { target: { oid: 'c'.repeat(40), checkSuites: { nodes: [suite(5, 'pull_request')] } } },
			},
		};
		const [overview] = parseOverview(query, data);
		assert.deepEqual(overview.pullRequests, listed);
		assert.deepEqual(
			overview.pullRequestRuns.map((h) => [h.pullRequest, h.branch, h.headSha, h.runs.map((r) => [r.id, r.event])]),
			[[7, 'feature/login', 'f'.repeat(40), [[2, 'push'], [4, 'pull_request']]]],
			'#6 closed since: its head is dropped; #8 is new: not read yet',
		);
	});

	it('handles an empty repository without a default branch', () => {
		const [query] = buildOverviewQueries([{ owner: 'o', name: 'empty' }]);
		const [overview] = parseOverview(query, { r0: { defaultBranchRef: null } });
		assert.deepEqual([overview.found, overview.defaultBranch, overview.runs, overview.pullRequests], [true, undefined, [], []]);
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

	it('reads a new pull request\'s head in a second call, then with the overview; a closed one\'s no more', async () => {
		const repo = gh.addRepo({ owner: 'acme', name: 'svc-0' });
		const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', name: 'CI' });
		gh.addRun(repo, { workflow: ci, ageMs: 3_600_000 });
		gh.addPullRequest(repo, { number: 3, headBranch: 'feature/login', title: 'Login' });
		const build = gh.addRun(repo, { workflow: ci, event: 'pull_request', branch: 'feature/login', queuedMs: 0 });
		gh.advance(500);
		const calls = () => gh.requests.filter((r) => r.route === '/graphql').map((r) => r.charged);

		const first = await fetchOverview(client.octokit.graphql, repos(1));
		assert.deepEqual(calls(), [1, 1], 'the overview lists the pull request; a second call reads its head');
		assert.equal(first.cost, 2);
		const [overview] = first.repos;
		assert.deepEqual(overview.pullRequests.map((p) => [p.number, p.title, p.headRefName, p.headSha]), [[3, 'Login', 'feature/login', build.headSha]]);
		assert.deepEqual(overview.pullRequestRuns.map((h) => [h.pullRequest, h.branch, h.runs.map((r) => [r.id, r.event, r.status])]), [[3, 'feature/login', [[build.id, 'pull_request', 'in_progress']]]]);
		assert.deepEqual(overview.runs.map((r) => r.event), ['push'], 'the default branch keeps its own runs');

		gh.advance(60_000);
		const second = await fetchOverview(client.octokit.graphql, [{ ...repos(1)[0], pullRequests: overview.pullRequests }]);
		assert.deepEqual(calls(), [1, 1, 1], 'a known head is read with the overview');
		assert.deepEqual(second.repos[0].pullRequestRuns[0].runs.map((r) => r.status), ['completed']);

		gh.closePullRequest(repo, 3);
		gh.addRun(repo, { workflow: ci, event: 'pull_request', branch: 'feature/login', headSha: 'b'.repeat(40), queuedMs: 0 });
		const third = await fetchOverview(client.octokit.graphql, [{ ...repos(1)[0], pullRequests: second.repos[0].pullRequests }]);
		assert.deepEqual([third.repos[0].pullRequests, third.repos[0].pullRequestRuns], [[], []]);
		const fourth = await fetchOverview(client.octokit.graphql, [{ ...repos(1)[0], pullRequests: third.repos[0].pullRequests }]);
		assert.ok(!gh.requests.some((r) => r.route === '/graphql' && r.charged > 1));
		assert.deepEqual(fourth.repos[0].pullRequestRuns, []);
		assert.deepEqual(calls(), [1, 1, 1, 1, 1]);
	});

	it('fails the whole poll with a GitHubError when GitHub refuses the call', async () => {
		gh.faults.add({ kind: 'status', status: 401, message: 'Bad credentials' });
		const err = await rejection(() => fetchOverview(client.octokit.graphql, repos(1)));
		assert.ok(err instanceof GitHubError);
		assert.equal(err.kind, 'auth');
	});
});
