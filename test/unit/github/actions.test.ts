import { strict as assert } from 'node:assert';
import { downloadJobLogs, getDefaultBranch, readWorkflowDispatch } from '../../../src/github/actions';
import { GitHubError, toGitHubError } from '../../../src/github/errors';
import type { GitHubStandIn, RepoHandle, WorkflowHandle } from '../../support/github';
import { type TestClient, clientFor, rejection, standIn } from './helpers';

const DISPATCH_YAML = `name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      environment:
        type: choice
        options: [staging, production]
        required: true
      dry_run:
        type: boolean
        default: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
`;

describe('GitHub Actions through Octokit against the stand-in', () => {
	let gh: GitHubStandIn;
	let client: TestClient;
	let repo: RepoHandle;
	let ci: WorkflowHandle;
	const at = { owner: 'acme', repo: 'api' };

	beforeEach(async () => {
		gh = await standIn({ cancelLatencyMs: 500 });
		client = await clientFor(gh);
		repo = gh.addRepo({ owner: 'acme', name: 'api', defaultBranch: 'trunk', branches: ['feature'] });
		ci = gh.addWorkflow(repo, {
			path: '.github/workflows/ci.yml',
			name: 'CI',
			jobs: [
				{ name: 'lint', steps: [{ name: 'eslint', durationMs: 1000 }] },
				{ name: 'test', steps: [{ name: 'setup', durationMs: 1000 }, { name: 'mocha', durationMs: 2000, outcome: 'failure', retryOutcome: 'success', log: ['1 failing'] }, { name: 'report', durationMs: 500 }] },
			],
		});
	});

	afterEach(async () => {
		client.dispose();
		await gh.close();
		gh.assertNoValidationErrors();
	});

	it('shows a run move from queued to in_progress to completed as the clock advances', async () => {
		const run = gh.addRun(repo, { workflow: ci, queuedMs: 1000 });
		const get = async () => (await client.octokit.rest.actions.getWorkflowRun({ ...at, run_id: run.id })).data;
		assert.deepEqual([(await get()).status, (await get()).conclusion], ['queued', null]);
		gh.advance(1500);
		const running = await get();
		assert.equal(running.status, 'in_progress');
		const jobs = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id })).data.jobs;
		const test = jobs.find((j) => j.name === 'test')!;
		assert.deepEqual(test.steps!.map((s) => [s.name, s.status]), [['setup', 'in_progress'], ['mocha', 'queued'], ['report', 'queued']]);
		gh.advance(3000);
		const done = await get();
		assert.deepEqual([done.status, done.conclusion, done.head_branch, done.run_attempt], ['completed', 'failure', 'trunk', 1]);
		const finalJobs = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id })).data.jobs;
		const byName = Object.fromEntries(finalJobs.map((j) => [j.name, j]));
		assert.equal(byName.lint.conclusion, 'success');
		assert.equal(byName.test.conclusion, 'failure');
		// A failed step skips the steps after it, as on GitHub.
		assert.deepEqual(byName.test.steps!.map((s) => s.conclusion), ['success', 'failure', 'skipped']);
	});

	it('lists runs newest first with branch and status filters and Link pagination', async () => {
		for (let i = 0; i < 5; i++) {
			gh.addRun(repo, { workflow: ci, ageMs: 60_000 * (10 - i) });
		}
		gh.addRun(repo, { workflow: ci, branch: 'feature' });
		const page1 = await client.octokit.rest.actions.listWorkflowRunsForRepo({ ...at, per_page: 2 });
		assert.equal(page1.data.total_count, 6);
		assert.equal(page1.data.workflow_runs.length, 2);
		assert.match(page1.headers.link ?? '', /page=2>; rel="next"/);
		assert.match(page1.headers.link ?? '', /page=3>; rel="last"/);
		const numbers = page1.data.workflow_runs.map((r) => r.run_number);
		assert.deepEqual(numbers, [6, 5]);

		const all = await client.octokit.paginate(client.octokit.rest.actions.listWorkflowRuns, { ...at, workflow_id: 'ci.yml', branch: 'trunk', per_page: 2 });
		assert.deepEqual(all.map((r) => r.run_number), [5, 4, 3, 2, 1]);
		const completed = await client.octokit.rest.actions.listWorkflowRunsForRepo({ ...at, status: 'completed' });
		assert.equal(completed.data.total_count, 5);
		const failures = await client.octokit.rest.actions.listWorkflowRunsForRepo({ ...at, status: 'failure' });
		assert.equal(failures.data.total_count, 5);
	});

	it('answers a repeated GET with 304 from the cache without spending rate limit', async () => {
		const run = gh.addRun(repo, { workflow: ci });
		const first = await client.octokit.rest.actions.getWorkflowRun({ ...at, run_id: run.id });
		const second = await client.octokit.rest.actions.getWorkflowRun({ ...at, run_id: run.id });
		assert.equal(second.status, 200);
		assert.deepEqual(second.data, first.data);
		assert.equal(second.headers.etag, first.headers.etag);
		assert.deepEqual(gh.requests.map((r) => [r.status, r.charged, r.conditional]), [[200, 1, false], [304, 0, true]]);
		assert.equal(second.headers['x-ratelimit-remaining'], first.headers['x-ratelimit-remaining']);
		assert.equal(client.etagCache.stats.hits, 1);
		gh.advance(1500);
		const changed = await client.octokit.rest.actions.getWorkflowRun({ ...at, run_id: run.id });
		assert.equal(changed.data.status, 'in_progress');
		assert.notEqual(changed.headers.etag, first.headers.etag);
		assert.equal(client.etagCache.stats.misses, 1);
	});

	it('cancels a running run, which lands after a delay, and refuses to cancel a completed one with 409', async () => {
		const run = gh.addRun(repo, { workflow: ci, queuedMs: 0 });
		gh.advance(500);
		const accepted = await client.octokit.rest.actions.cancelWorkflowRun({ ...at, run_id: run.id });
		assert.equal(accepted.status, 202);
		assert.equal(gh.runState(run).status, 'in_progress');
		gh.advance(500);
		assert.deepEqual(gh.runState(run), { status: 'completed', conclusion: 'cancelled', attempt: 1 });

		const err = await rejection(() => client.octokit.rest.actions.cancelWorkflowRun({ ...at, run_id: run.id }));
		const mapped = toGitHubError(err);
		assert.equal(mapped.kind, 'conflict');
		assert.equal(mapped.status, 409);
		assert.match(mapped.message, /Cannot cancel a workflow run that is completed/);
		// 409 is in doNotRetry: one request, no retries.
		assert.equal(gh.requests.filter((r) => r.path.endsWith('/cancel')).length, 2);
	});

	it('re-runs only the failed jobs of a completed run as a new attempt', async () => {
		const run = gh.addRun(repo, { workflow: ci, queuedMs: 0 });
		const running = await rejection(() => client.octokit.rest.actions.reRunWorkflowFailedJobs({ ...at, run_id: run.id }));
		assert.equal(toGitHubError(running).kind, 'forbidden');
		gh.advance(10_000);
		assert.equal(gh.runState(run).conclusion, 'failure');
		const lintBefore = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id })).data.jobs.find((j) => j.name === 'lint')!;

		const second = await clientFor(gh);
		try {
			assert.equal((await second.octokit.rest.actions.reRunWorkflowFailedJobs({ ...at, run_id: run.id })).status, 201);
		} finally {
			second.dispose();
		}
		assert.deepEqual(gh.runState(run), { status: 'in_progress', conclusion: null, attempt: 2 });
		gh.advance(10_000);
		const after = await client.octokit.rest.actions.getWorkflowRun({ ...at, run_id: run.id });
		assert.deepEqual([after.data.status, after.data.conclusion, after.data.run_attempt], ['completed', 'success', 2]);
		const jobs = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id })).data.jobs;
		assert.equal(jobs.find((j) => j.name === 'lint')!.id, lintBefore.id, 'the successful job is carried over');
		assert.equal(jobs.find((j) => j.name === 'test')!.run_attempt, 2);
		const all = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id, filter: 'all' })).data.jobs;
		assert.equal(all.length, 3);
	});

	it('dispatches a workflow: 204, a queued workflow_dispatch run with the inputs, and 422 for bad inputs', async () => {
		const deploy = gh.addWorkflow(repo, { path: '.github/workflows/deploy.yml', yaml: DISPATCH_YAML });
		const response = await client.octokit.rest.actions.createWorkflowDispatch({ ...at, workflow_id: 'deploy.yml', ref: 'trunk', inputs: { environment: 'staging' } });
		assert.equal(response.status, 204);
		const runs = (await client.octokit.rest.actions.listWorkflowRuns({ ...at, workflow_id: deploy.id })).data.workflow_runs;
		assert.equal(runs.length, 1);
		assert.deepEqual([runs[0].event, runs[0].status, runs[0].head_branch, runs[0].name], ['workflow_dispatch', 'queued', 'trunk', 'Deploy']);
		assert.deepEqual(gh.state.findRun(runs[0].id)!.inputs, { environment: 'staging', dry_run: true });

		const other = await clientFor(gh);
		try {
			const missing = toGitHubError(await rejection(() => other.octokit.rest.actions.createWorkflowDispatch({ ...at, workflow_id: deploy.id, ref: 'trunk' })));
			assert.equal(missing.kind, 'validation');
			assert.match(missing.message, /Required input 'environment' not provided/);
		} finally {
			other.dispose();
		}
	});

	it('follows the 302 of a job log download, and explains a 410 for expired logs', async () => {
		const run = gh.addRun(repo, { workflow: ci, queuedMs: 0 });
		gh.advance(10_000);
		const jobs = (await client.octokit.rest.actions.listJobsForWorkflowRun({ ...at, run_id: run.id })).data.jobs;
		const test = jobs.find((j) => j.name === 'test')!;
		const text = await downloadJobLogs(client.octokit, { ...at, jobId: test.id });
		assert.match(text, /##\[group\]Run mocha/);
		assert.match(text, /1 failing/);
		assert.match(text, /##\[error\]Process completed with exit code 1\./);
		const hops = gh.requests.filter((r) => r.path.includes('/logs'));
		assert.deepEqual(hops.map((r) => r.status), [302, 200]);

		gh.expireLogs(run);
		const err = await rejection(() => downloadJobLogs(client.octokit, { ...at, jobId: test.id }));
		assert.ok(err instanceof GitHubError);
		assert.equal(err.kind, 'gone');
		assert.match(err.message, new RegExp(`logs of job ${test.id} in acme/api have expired`));
	});

	it('reads the default branch and a workflow file\'s dispatch inputs over the contents API', async () => {
		gh.addWorkflow(repo, { path: '.github/workflows/deploy.yml', yaml: DISPATCH_YAML });
		assert.equal(await getDefaultBranch(client.octokit, at), 'trunk');
		const info = await readWorkflowDispatch(client.octokit, { ...at, path: '.github/workflows/deploy.yml' });
		assert.equal(info.name, 'Deploy');
		assert.deepEqual(info.inputs.map((i) => [i.name, i.type, i.required, i.default]), [['environment', 'choice', true, undefined], ['dry_run', 'boolean', false, true]]);
		const missing = await rejection(() => readWorkflowDispatch(client.octokit, { ...at, path: '.github/workflows/nope.yml' }));
		assert.equal((missing as GitHubError).kind, 'notFound');
	});

	it('serves the same API under a GitHub Enterprise Server base URL', async () => {
		const ghe = await clientFor(gh, { baseUrl: gh.enterpriseUrl });
		try {
			const response = await ghe.octokit.rest.actions.listRepoWorkflows(at);
			assert.deepEqual(response.data.workflows.map((w) => w.path), ['.github/workflows/ci.yml']);
			const data = await ghe.octokit.graphql<{ repository: { defaultBranchRef: { name: string } } }>('query { repository(owner: "acme", name: "api") { defaultBranchRef { name } } }');
			assert.equal(data.repository.defaultBranchRef.name, 'trunk');
			assert.ok(gh.requests.some((r) => r.route === '/graphql'));
		} finally {
			ghe.dispose();
		}
	});
});
