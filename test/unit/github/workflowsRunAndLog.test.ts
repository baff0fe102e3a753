import { strict as assert } from 'node:assert';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph } from '../../../src/api';
import type { GitHubStandIn } from '../../support/github';
import { TOKEN, standIn } from './helpers';
import { type LocalMeta, type LogLines, type RemoteMeta, createLocalMeta, graphFor, populateStandIn } from './workflowsFixture';

const RUN_WITH_JOBS = 'query($p: String!, $id: ID!) { repository(path: $p) { github { run(id: $id) { id workflowName status conclusion jobs { id name conclusion } } } } }';
const JOB_LOG = 'query($p: String!, $job: ID!) { workflowJobLog(repository: $p, jobId: $job) }';

describe('one run by id and job logs through the workflows graph', function () {
	this.timeout(20_000);
	let local: LocalMeta;
	let gh: GitHubStandIn;
	let remote: RemoteMeta;
	let graph: MetaGothicGraph | undefined;
	let lines: LogLines;
	const results: unknown[] = [];

	const run = async <T>(query: string, variables: Record<string, unknown>) => {
		const result = (await graph!.execute({ query, variables })) as ExecutionResult<T>;
		results.push(result);
		return result;
	};

	before(() => {
		local = createLocalMeta();
	});

	after(() => local.dispose());

	beforeEach(async () => {
		gh = await standIn();
		remote = populateStandIn(gh);
		lines = [];
		graph = await graphFor(local, gh, lines);
	});

	afterEach(async () => {
		graph?.dispose();
		graph = undefined;
		await gh.close();
		gh.assertNoValidationErrors();
		assert.ok(!(JSON.stringify(results) + lines.join('\n')).includes(TOKEN), 'the token never appears in a result or a log line');
	});

	it('reads a run with its jobs by id, and null for a run of another repository', async () => {
		const failed = String(gh.state.repoById(remote.repos.core.id).runs[0].id);
		const found = await run<{ repository: { github: { run: { id: string; workflowName: string; conclusion: string; jobs: Array<{ name: string; conclusion: string }> } | null } } }>(RUN_WITH_JOBS, { p: local.paths.core, id: failed });
		assert.equal(found.errors, undefined, JSON.stringify(found.errors));
		const ran = found.data!.repository.github.run!;
		assert.deepEqual([ran.id, ran.workflowName, ran.conclusion], [failed, 'CI', 'FAILURE']);
		assert.deepEqual(ran.jobs.map((j) => [j.name, j.conclusion]), [['lint', 'SUCCESS'], ['test', 'FAILURE']]);

		const elsewhere = await run<{ repository: { github: { run: unknown } } }>(RUN_WITH_JOBS, { p: local.paths.api, id: failed });
		assert.equal(elsewhere.errors, undefined, JSON.stringify(elsewhere.errors));
		assert.equal(elsewhere.data!.repository.github.run, null);
	});

	it('downloads a job log through the redirect, and says GONE once the logs expired', async () => {
		const handle = gh.state.repoById(remote.repos.core.id).runs[0];
		const jobs = await run<{ repository: { github: { run: { jobs: Array<{ id: string; name: string }> } } } }>(RUN_WITH_JOBS, { p: local.paths.core, id: String(handle.id) });
		const test = jobs.data!.repository.github.run.jobs.find((j) => j.name === 'test')!;
		const log = await run<{ workflowJobLog: string }>(JOB_LOG, { p: local.paths.core, job: test.id });
		assert.equal(log.errors, undefined, JSON.stringify(log.errors));
		assert.match(log.data!.workflowJobLog, /##\[group\]Run mocha/);
		assert.match(log.data!.workflowJobLog, /##\[error\]Process completed with exit code 1\./);

		gh.expireLogs(handle);
		const gone = await run<{ workflowJobLog: string }>(JOB_LOG, { p: local.paths.core, job: test.id });
		assert.equal(gone.data, null);
		assert.equal(gone.errors?.[0].extensions?.code, 'GONE');
		assert.match(gone.errors![0].message, /expired/);
	});

	it('refuses a job id that is not a number before GitHub sees it', async () => {
		const bad = await run(JOB_LOG, { p: local.paths.core, job: '../../secrets' });
		assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
		assert.ok(!gh.requests.some((r) => r.path.includes('secrets')));
	});
});
