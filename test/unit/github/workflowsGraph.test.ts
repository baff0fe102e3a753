import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph, SubscriptionResult } from '../../../src/api';
import type { GitHubStandIn } from '../../support/github';
import { TOKEN, standIn } from './helpers';
import { type LocalMeta, type LogLines, type RemoteMeta, createLocalMeta, graphFor, populateStandIn } from './workflowsFixture';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';

type Run = { id: string; status: string; conclusion: string | null; workflowName: string; event?: string };

/** Reads a subscription until a result passes `accept`; fails after `ms`. */
async function until(sub: SubscriptionResult, accept: (run: Run) => boolean, ms = 5000): Promise<Run> {
	const deadline = Date.now() + ms;
	for (;;) {
		const next = sub.next();
		const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())).unref());
		const result = await Promise.race([next, timeout]);
		if (result === 'timeout') {
			throw new Error('No matching workflowRunUpdated event in time');
		}
		assert.ok(!result.done, 'the subscription ended');
		const value = result.value as ExecutionResult<{ workflowRunUpdated: Run }>;
		assert.equal(value.errors, undefined);
		const run = value.data!.workflowRunUpdated;
		if (accept(run)) {
			return run;
		}
	}
}

async function subscribe(graph: MetaGothicGraph, path: string | null): Promise<SubscriptionResult> {
	const sub = await graph.subscribe({ query: 'subscription($p: String) { workflowRunUpdated(repository: $p) { id status conclusion workflowName event } }', variables: { p: path } });
	assert.ok(Symbol.asyncIterator in sub, JSON.stringify(sub));
	return sub as SubscriptionResult;
}

describe('the workflows graph over the GitHub stand-in', function () {
	this.timeout(20_000);
	let local: LocalMeta;
	let gh: GitHubStandIn;
	let remote: RemoteMeta;
	let graph: MetaGothicGraph | undefined;
	let lines: LogLines;
	const results: unknown[] = [];

	/** Runs an operation and keeps its result for the token check; plain objects, for deepEqual. */
	const run = async <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => {
		const result = (await graph!.execute({ query, variables })) as ExecutionResult<T>;
		results.push(result);
		return { data: JSON.parse(JSON.stringify(result.data ?? null)) as T | null, errors: result.errors };
	};

	failOnUnhandledRejections();
	before(() => {
		local = createLocalMeta();
	});
	after(() => local.dispose());

	beforeEach(async () => {
		gh = await standIn({ cancelLatencyMs: 1000 });
		remote = populateStandIn(gh);
		lines = [];
	});

	afterEach(async () => {
		graph?.dispose();
		graph = undefined;
		await gh.close();
		gh.assertNoValidationErrors();
		const text = JSON.stringify(results) + lines.join('\n');
		assert.ok(!text.includes(TOKEN), 'the token never appears in a result or a log line');
	});

	it('reports the budget GitHub said is used and left, and the interval the poller chose: long while idle, short while a repository is watched, none while paused', async () => {
		graph = await graphFor(local, gh, lines, { fastMs: 500, idleMs: 60_000 });
		const query = '{ githubStatus { pollIntervalSeconds rateLimits { resource limit remaining used resetAt } } }';
		type Status = { githubStatus: { pollIntervalSeconds: number | null; rateLimits: Array<{ resource: string; limit: number; remaining: number; used: number; resetAt: string }> } };
		const idle = await run<Status>(query);
		assert.equal(idle.errors, undefined, JSON.stringify(idle.errors));
		const graphqlBudget = idle.data!.githubStatus.rateLimits.find((r) => r.resource === 'graphql');
		const bucket = gh.rateLimits.bucket('graphql');
		assert.deepEqual(graphqlBudget, { resource: 'graphql', limit: bucket.limit, remaining: bucket.limit - bucket.used, used: bucket.used, resetAt: new Date(bucket.reset * 1000).toISOString() });
		assert.ok(bucket.used > 0, 'the overview cost points');
		// Every run finished an hour ago: nothing to follow until the next overview, a minute on.
		const idleSeconds = idle.data!.githubStatus.pollIntervalSeconds;
		assert.ok(idleSeconds !== null && idleSeconds > 30 && idleSeconds <= 60, `idle interval ${idleSeconds}`);

		const cycle = new Promise<void>((resolve) => graph!.github!.poller!.onDidCompleteCycle(() => resolve()));
		const watching = graph.github!.watch(local.paths.core);
		try {
			await cycle;
			assert.equal((await run<Status>(query)).data!.githubStatus.pollIntervalSeconds, 0.5, 'a watched repository is polled at the fast interval');
		} finally {
			watching.dispose();
		}
		graph.github!.pause();
		assert.equal((await run<Status>(query)).data!.githubStatus.pollIntervalSeconds, null);
	});

	it('shows the last run of every repository, a submodule\'s from its own repository, and answers warm queries from the cache', async () => {
		graph = await graphFor(local, gh, lines);
		const query = `{
			repositories { path github { owner name defaultBranch url latestRun { workflowName status conclusion runNumber repository { path } } } }
			workflowRuns(first: 10) { id workflowName conclusion repository { path kind } }
			githubStatus { available reason stale paused rateLimits { resource remaining } }
		}`;
		const result = await run<{ repositories: Array<{ path: string; github: { owner: string; name: string; defaultBranch: string; latestRun: { conclusion: string; repository: { path: string } } | null } | null }>; workflowRuns: Array<{ repository: { path: string; kind: string } }>; githubStatus: { available: boolean; rateLimits: Array<{ resource: string }> } }>(query);
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		const byPath = new Map(result.data!.repositories.map((r) => [r.path, r.github]));
		const { paths } = local;
		assert.deepEqual([byPath.get(paths.meta)?.name, byPath.get(paths.meta)?.latestRun?.conclusion], ['meta', 'SUCCESS']);
		assert.deepEqual([byPath.get(paths.core)?.name, byPath.get(paths.core)?.latestRun?.conclusion], ['core', 'FAILURE']);
		assert.deepEqual([byPath.get(paths.crypto)?.name, byPath.get(paths.crypto)?.latestRun?.conclusion], ['crypto', 'SUCCESS'], 'a nested submodule maps to its own repository');
		assert.equal(byPath.get(paths.crypto)?.latestRun?.repository.path, paths.crypto);
		assert.deepEqual([byPath.get(paths.ui)?.owner, byPath.get(paths.ui)?.latestRun], ['acme', null]);
		assert.equal(byPath.get(paths.legacy), null, 'an uninitialised submodule has no remote to map');
		assert.equal(byPath.get(paths.api)?.defaultBranch, 'main');
		assert.equal(result.data!.workflowRuns.length, 5);
		assert.ok(result.data!.workflowRuns.some((r) => r.repository.path === paths.crypto && r.repository.kind === 'SUBMODULE'));
		assert.equal(result.data!.githubStatus.available, true);
		assert.deepEqual(result.data!.githubStatus.rateLimits.map((r) => r.resource), ['graphql']);

		const detail = `query($p: String!) { repository(path: $p) { github { runs(first: 5) { id } workflows { name path state dispatchInputs { name type required default options } } } } }`;
		const cold = await run<{ repository: { github: { workflows: Array<{ name: string; dispatchInputs: unknown }> } } }>(detail, { p: paths.api });
		assert.equal(cold.errors, undefined, JSON.stringify(cold.errors));
		const deploy = cold.data!.repository.github.workflows.find((w) => w.name === 'Deploy');
		assert.deepEqual(deploy?.dispatchInputs, [
			{ name: 'environment', type: 'CHOICE', required: true, default: null, options: ['staging', 'production'] },
			{ name: 'dry_run', type: 'BOOLEAN', required: false, default: 'true', options: null },
		]);
		const asked = gh.requests.length;
		await run(query);
		await run(detail, { p: paths.api });
		assert.equal(gh.requests.length, asked, 'a warm query makes no request');
	});

	it('shows a pull request build on another branch in Recent runs and follows it to COMPLETED, with no repository expanded', async () => {
		gh.addPullRequest(remote.repos.auth, { number: 5, headBranch: 'feature/login', title: 'Login form' });
		const build = gh.addRun(remote.repos.auth, { workflow: remote.ci.auth, event: 'pull_request', branch: 'feature/login', queuedMs: 0 });
		gh.advance(500);
		graph = await graphFor(local, gh, lines);
		const sub = await subscribe(graph, null);
		const recent = await run<{ workflowRuns: Array<{ id: string; status: string; event: string; branch: string; repository: { path: string } }> }>('{ workflowRuns(first: 3) { id status event branch repository { path } } }');
		assert.equal(recent.errors, undefined, JSON.stringify(recent.errors));
		assert.deepEqual(recent.data!.workflowRuns[0], { id: String(build.id), status: 'IN_PROGRESS', event: 'pull_request', branch: 'feature/login', repository: { path: local.paths.auth } });
		const latest = await run<{ repository: { github: { latestRun: { event: string } } } }>('query($p: String!) { repository(path: $p) { github { latestRun { event } } } }', { p: local.paths.auth });
		assert.equal(latest.data!.repository.github.latestRun.event, 'push', 'latestRun stays on the default branch');

		gh.advance(10_000);
		const finished = await until(sub, (r) => r.id === String(build.id) && r.status === 'COMPLETED');
		assert.deepEqual([finished.conclusion, finished.event], ['SUCCESS', 'pull_request']);
		await sub.return?.();
		assert.ok(!gh.requests.some((r) => r.path === '/repos/acme/auth/actions/runs'), 'no run list was read: nothing was expanded');
	});

	it('dispatches a workflow with a choice and a boolean; the poller follows its run to COMPLETED without a refresh', async () => {
		graph = await graphFor(local, gh, lines);
		const sub = await subscribe(graph, local.paths.api);
		const dispatch = `mutation($p: String!, $inputs: [DispatchInputValue!]) {
			dispatchWorkflow(repository: $p, workflow: "deploy.yml", inputs: $inputs) { workflow ref repository { path } run { id status event } }
		}`;
		const refused = await run(dispatch, { p: local.paths.api, inputs: [{ name: 'environment', value: 'moon' }] });
		assert.equal(refused.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
		assert.match(refused.errors![0].message, /must be one of: staging, production/);
		assert.ok(!gh.requests.some((r) => r.method === 'POST' && r.path !== '/graphql'), 'bad inputs never reach GitHub');

		const result = await run<{ dispatchWorkflow: { workflow: string; ref: string; repository: { path: string }; run: Run } }>(dispatch, {
			p: local.paths.api,
			inputs: [
				{ name: 'environment', value: 'production' },
				{ name: 'dry_run', value: 'false' },
			],
		});
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		const { run: started, ...rest } = result.data!.dispatchWorkflow;
		assert.deepEqual(rest, { workflow: 'Deploy', ref: 'main', repository: { path: local.paths.api } });
		assert.deepEqual([started.status, started.event], ['QUEUED', 'workflow_dispatch']);
		assert.deepEqual(gh.state.findRun(Number(started.id))?.inputs, { environment: 'production', dry_run: 'false' });

		const appeared = await until(sub, (r) => r.id === started.id);
		assert.equal(appeared.status, 'QUEUED');
		gh.advance(10_000);
		const finished = await until(sub, (r) => r.id === started.id && r.status === 'COMPLETED');
		assert.deepEqual([finished.conclusion, finished.workflowName], ['SUCCESS', 'Deploy']);
		await sub.return?.();
		const latest = await run<{ repository: { github: { latestRun: Run } } }>('query($p: String!) { repository(path: $p) { github { latestRun { id status conclusion } } } }', { p: local.paths.api });
		assert.deepEqual(latest.data!.repository.github.latestRun, { id: started.id, status: 'COMPLETED', conclusion: 'SUCCESS' });
	});

	it('cancels a running run, refuses to cancel a finished one with CONFLICT, and re-runs only the failed jobs', async () => {
		const running = gh.addRun(remote.repos.core, { workflow: remote.ci.core, queuedMs: 0 });
		graph = await graphFor(local, gh, lines);
		const sub = await subscribe(graph, local.paths.core);
		const cancel = 'mutation($p: String!, $id: ID!) { cancelWorkflowRun(repository: $p, runId: $id) { id status conclusion } }';
		const asked = await run<{ cancelWorkflowRun: Run }>(cancel, { p: local.paths.core, id: String(running.id) });
		assert.equal(asked.errors, undefined, JSON.stringify(asked.errors));
		assert.equal(asked.data!.cancelWorkflowRun.status, 'IN_PROGRESS', 'a cancellation lands a moment later');
		gh.advance(1500);
		const cancelled = await until(sub, (r) => r.id === String(running.id) && r.status === 'COMPLETED');
		assert.equal(cancelled.conclusion, 'CANCELLED');

		const again = await run(cancel, { p: local.paths.core, id: String(running.id) });
		assert.equal(again.errors?.[0].extensions?.code, 'CONFLICT');
		assert.equal(again.errors?.[0].message, `Cancelling run ${running.id} failed: Cannot cancel a workflow run that is completed.`);

		const failed = String(gh.state.repoById(remote.repos.core.id).runs[0].id);
		const rerun = await run<{ rerunWorkflowRun: Run }>('mutation($p: String!, $id: ID!) { rerunWorkflowRun(repository: $p, runId: $id, failedOnly: true) { id status conclusion } }', { p: local.paths.core, id: failed });
		assert.equal(rerun.errors, undefined, JSON.stringify(rerun.errors));
		assert.deepEqual([rerun.data!.rerunWorkflowRun.status, rerun.data!.rerunWorkflowRun.conclusion], ['QUEUED', null]);
		assert.deepEqual(
			gh.state.findRun(Number(failed))!.jobs.map((j) => [j.name, j.attempt]),
			[
				['lint', 1],
				['test', 1],
				['test', 2],
			],
			'only the failed job runs again',
		);
		gh.advance(10_000);
		const passed = await until(sub, (r) => r.id === failed && r.status === 'COMPLETED');
		assert.equal(passed.conclusion, 'SUCCESS', 'the flaky step passes on the second attempt');
		await sub.return?.();
		const jobs = await run<{ repository: { github: { runs: Array<{ id: string; jobs: Array<{ name: string; conclusion: string; steps: Array<{ name: string; conclusion: string; startedAt: string | null; completedAt: string | null }> }> }> } } }>(
			'query($p: String!) { repository(path: $p) { github { runs(first: 5) { id jobs { name status conclusion startedAt completedAt url steps { number name status conclusion startedAt completedAt } } } } } }',
			{ p: local.paths.core },
		);
		assert.equal(jobs.errors, undefined, JSON.stringify(jobs.errors));
		const rerunJobs = jobs.data!.repository.github.runs.find((r) => r.id === failed)!.jobs;
		assert.deepEqual(
			rerunJobs.map((j) => [j.name, j.conclusion, j.steps.map((s) => s.conclusion)]),
			[
				['lint', 'SUCCESS', ['SUCCESS']],
				['test', 'SUCCESS', ['SUCCESS', 'SUCCESS']],
			],
		);
		// Each finished step says when it ran, so a page can show how long it took.
		const mocha = rerunJobs.find((j) => j.name === 'test')!.steps.find((s) => s.name === 'mocha')!;
		assert.equal(Date.parse(mocha.completedAt!) - Date.parse(mocha.startedAt!), 2000);
	});

	it('maps GitHub refusals of a write to codes: 401, a rate limit, an unknown run', async () => {
		graph = await graphFor(local, gh, lines);
		const id = String(gh.state.repoById(remote.repos.meta.id).runs[0].id);
		const rerun = 'mutation($p: String!, $id: ID!) { rerunWorkflowRun(repository: $p, runId: $id) { id } }';
		gh.faults.add({ kind: 'secondaryRateLimit', retryAfterSeconds: 1 }, { times: Infinity, match: { method: 'POST' } });
		const limited = await run(rerun, { p: local.paths.meta, id });
		assert.equal(limited.errors?.[0].extensions?.code, 'RATE_LIMITED');
		assert.match(limited.errors![0].message, /secondary rate limit/);
		gh.faults.clear();
		const status = () => run<{ githubStatus: { available: boolean; reason: string } }>('{ githubStatus { available reason } }');
		assert.match((await status()).data!.githubStatus.reason, /^rate limited until \d\d:\d\d$/);
		// GitHub said to wait a second: the graph does.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		assert.equal((await status()).data!.githubStatus.available, true);
		const missing = await run(rerun, { p: local.paths.meta, id: '12345' });
		assert.equal(missing.errors?.[0].extensions?.code, 'NOT_FOUND');
		const notGitHub = await run(rerun, { p: local.paths.legacy, id });
		assert.equal(notGitHub.errors?.[0].extensions?.code, 'NOT_FOUND');
		gh.faults.add({ kind: 'status', status: 401, message: 'Bad credentials' }, { match: { method: 'POST' } });
		const rejected = await run(rerun, { p: local.paths.meta, id });
		assert.equal(rejected.errors?.[0].extensions?.code, 'UNAUTHORIZED');
		assert.deepEqual((await status()).data!.githubStatus, { available: false, reason: 'GitHub rejected the token — sign in again' });
	});

	it('meta-gothic status shows the last CI run of each repository with GITHUB_TOKEN set', async () => {
		const root = path.resolve(__dirname, '../../..');
		const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'status', '--root', local.meta.root], {
			cwd: root,
			env: { ...process.env, ...local.meta.sandbox.env, GITHUB_TOKEN: TOKEN, META_GOTHIC_GITHUB_API_URL: gh.url, XDG_CACHE_HOME: path.join(local.dir, 'cache') },
		});
		results.push(stdout);
		const ci = new Map(stdout.split('\n').map((line) => [line.split(/\s+/)[0], line.trim().split(/\s{2,}/).pop()]));
		assert.equal(ci.get('meta'), 'CI: success', stdout);
		assert.equal(ci.get('libs/core'), 'CI: failure', stdout);
		assert.equal(ci.get('libs/ui'), '—', 'no run yet');
		assert.equal(ci.get('vendor/crypto'), 'CI: success', stdout);
	});
});
