import { strict as assert } from 'node:assert';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph } from '../../../src/api';
import { type GitHubClient, createGitHubClient } from '../../../src/github/octokit';
import { GitHubWorkflowsModel } from '../../../src/github/workflowsModel';
import type { GitHubStandIn } from '../../support/github';
import { TOKEN, standIn } from './helpers';
import { type LocalMeta, type LogLines, createLocalMeta, graphFor, populateStandIn } from './workflowsFixture';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';

type Status = { available: boolean; code: string | null; reason: string | null; stale: string | null; lastPolledAt: string | null };
const STATUS = '{ githubStatus { available code reason stale lastPolledAt } }';
const GITHUB = '{ repositories { path github { owner latestRun { conclusion } } } }';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the workflows graph when GitHub fails', function () {
	this.timeout(20_000);
	let local: LocalMeta;
	let gh: GitHubStandIn;
	let graph: MetaGothicGraph | undefined;
	let lines: LogLines;

	const status = async (): Promise<Status> => JSON.parse(JSON.stringify(((await graph!.execute({ query: STATUS })) as ExecutionResult<{ githubStatus: Status }>).data!.githubStatus));

	failOnUnhandledRejections();
	before(() => {
		local = createLocalMeta();
	});
	after(() => local.dispose());

	beforeEach(async () => {
		gh = await standIn();
		populateStandIn(gh);
		lines = [];
	});

	afterEach(async () => {
		const poller = graph?.github?.poller;
		graph?.dispose();
		graph = undefined;
		assert.equal(poller?.hasTimer ?? false, false, 'dispose leaves no poll timer');
		await gh.close();
		gh.assertNoValidationErrors();
		assert.ok(!lines.join('\n').includes('ghp_'), 'no token in the log');
	});

	it('a rejected token: one request, a clear reason, and no more polling', async () => {
		graph = await graphFor(local, gh, lines, { token: 'ghp_wrongwrongwrongwrongwrongwrongwrong' });
		assert.deepEqual(await status(), { available: false, code: 'UNAUTHORIZED', reason: 'GitHub rejected the token — sign in again', stale: null, lastPolledAt: null });
		const result = await graph.execute({ query: GITHUB });
		assert.ok(result.errors?.every((e) => e.extensions?.code === 'UNAUTHORIZED' && e.message === 'GitHub rejected the token — sign in again'));
		await wait(200);
		assert.equal(gh.requests.length, 1, 'a 401 is not retried, and polling stops');
	});

	it('a secondary rate limit: bounded retries, then "rate limited until HH:MM"', async () => {
		const fault = gh.faults.add({ kind: 'secondaryRateLimit', retryAfterSeconds: 60 }, { times: Infinity });
		graph = await graphFor(local, gh, lines);
		const state = await status();
		assert.match(state.reason ?? '', /^rate limited until \d\d:\d\d$/);
		assert.deepEqual([state.available, state.code], [false, 'RATE_LIMITED']);
		assert.equal(fault.hits, 3, 'one request and two retries');
		const result = await graph.execute({ query: GITHUB });
		assert.ok(result.errors?.every((e) => e.extensions?.code === 'RATE_LIMITED' && e.extensions?.retryable === true && /^rate limited until/.test(e.message)));
		await wait(200);
		assert.equal(fault.hits, 3, 'nothing is asked while the limit holds');
	});

	it('server errors: bounded retries and the error as the reason while nothing is known', async () => {
		const fault = gh.faults.add({ kind: 'status', status: 502 }, { times: Infinity });
		graph = await graphFor(local, gh, lines, { fastMs: 10_000 });
		const state = await status();
		assert.equal(state.reason, 'Loading the Actions overview failed: GitHub had a server error (502): Server Error');
		assert.equal(state.code, 'SERVER_ERROR');
		assert.equal(fault.hits, 4, 'one request and three retries');
		fault.remove();
		await graph.github!.refresh();
		const recovered = await status();
		assert.deepEqual([recovered.available, recovered.code, recovered.reason, recovered.stale], [true, null, null, null]);
		assert.ok(recovered.lastPolledAt);
	});

	it('malformed JSON: a coded error and no crash while nothing is known, then the next poll recovers', async () => {
		const fault = gh.faults.add({ kind: 'malformed' }, { times: Infinity });
		graph = await graphFor(local, gh, lines, { fastMs: 10_000 });
		const state = await status();
		assert.deepEqual([state.available, state.code], [false, 'SERVER_ERROR']);
		assert.match(state.reason ?? '', /GitHub sent a response that is not valid JSON \(POST \/graphql, 200\); try again\./);
		const result = await graph.execute({ query: GITHUB });
		assert.ok(result.errors?.length && result.errors.every((e) => e.extensions?.code === state.code), JSON.stringify(result.errors));
		fault.remove();
		await graph.github!.refresh();
		const recovered = await status();
		assert.deepEqual([recovered.available, recovered.code, recovered.reason], [true, null, null]);
	});

	it('malformed JSON after a good poll: the last known runs stay, with a notice', async () => {
		graph = await graphFor(local, gh, lines, { fastMs: 10_000 });
		gh.faults.add({ kind: 'malformed' }, { times: Infinity });
		await graph.github!.refresh();
		const state = await status();
		assert.equal(state.available, true);
		assert.match(state.stale ?? '', /Showing what GitHub said at \d\d:\d\d\.$/);
		const result = (await graph.execute({ query: `query($p: String!) { repository(path: $p) { github { latestRun { conclusion } } } }`, variables: { p: local.paths.core } })) as ExecutionResult<{ repository: { github: { latestRun: { conclusion: string } } } }>;
		assert.equal(result.data!.repository.github.latestRun.conclusion, 'FAILURE');
	});

	it('offline from the start: GitHub cannot be reached', async () => {
		const url = gh.url;
		await gh.close();
		graph = await graphFor(local, { url }, lines, { fastMs: 10_000 });
		const state = await status();
		assert.deepEqual([state.available, state.code], [false, 'OFFLINE']);
		assert.match(state.reason ?? '', /^Loading the Actions overview failed: Could not reach GitHub: /);
		gh = await standIn();
	});

	it('offline after a good poll: the last known runs stay, with a notice', async () => {
		graph = await graphFor(local, gh, lines, { fastMs: 10_000 });
		await gh.close();
		await graph.github!.refresh();
		const state = await status();
		assert.equal(state.available, true);
		assert.match(state.stale ?? '', /Could not reach GitHub: .* Showing what GitHub said at \d\d:\d\d\.$/);
		const result = (await graph.execute({ query: `query($p: String!) { repository(path: $p) { github { latestRun { conclusion } } } }`, variables: { p: local.paths.core } })) as ExecutionResult<{ repository: { github: { latestRun: { conclusion: string } } } }>;
		assert.equal(result.data!.repository.github.latestRun.conclusion, 'FAILURE');
		gh = await standIn();
	});
});

describe('GitHubWorkflowsModel without a client', () => {
	it('says GitHub is not connected, and connects on reconnect', async () => {
		const gh = await standIn();
		populateStandIn(gh);
		let client: GitHubClient | undefined;
		const model = new GitHubWorkflowsModel({
			repos: { repositories: [{ path: '/w/core', remotes: [{ name: 'origin', fetchUrl: 'git@github.com:acme/core.git', pushUrl: null }] }] },
			createClient: async () => client,
		});
		try {
			await model.refresh();
			assert.equal(model.unavailableReason, 'GitHub is not connected: sign in to GitHub to see workflow runs.');
			assert.equal(model.status().code, 'SIGNED_OUT');
			client = await createGitHubClient({ token: TOKEN, baseUrl: gh.url, writeSpacingMs: 0 });
			await model.reconnect();
			assert.equal(model.unavailableReason, null);
			assert.equal(model.status().code, null);
			assert.equal(model.latestRun('/w/core')?.conclusion, 'FAILURE');
			assert.equal(model.latestRun('/w/elsewhere'), null);
		} finally {
			model.dispose();
			await gh.close();
		}
	});
});
