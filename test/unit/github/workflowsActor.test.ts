import { strict as assert } from 'node:assert';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph } from '../../../src/api';
import type { GitHubStandIn } from '../../support/github';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';
import { standIn } from './helpers';
import { type LocalMeta, type LogLines, type RemoteMeta, createLocalMeta, graphFor, populateStandIn } from './workflowsFixture';

type Actor = { login: string; avatarUrl: string | null } | null;
type Run = { id: string; event: string; actor: Actor; triggeringActor: Actor };

describe('who started a run, and who is signed in, over the GitHub stand-in', function () {
	this.timeout(20_000);
	let local: LocalMeta;
	let gh: GitHubStandIn;
	let remote: RemoteMeta;
	let graph: MetaGothicGraph | undefined;
	const lines: LogLines = [];

	const run = async <T>(query: string, variables?: Record<string, unknown>) => {
		const result = (await graph!.execute({ query, variables })) as ExecutionResult<T>;
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		return JSON.parse(JSON.stringify(result.data)) as T;
	};

	failOnUnhandledRejections();
	before(() => {
		local = createLocalMeta();
	});
	after(() => local.dispose());

	beforeEach(async () => {
		// The token is mona's; the runs the fixture made are octocat's pushes.
		gh = await standIn({ login: 'mona' });
		remote = populateStandIn(gh);
	});

	afterEach(async () => {
		graph?.dispose();
		graph = undefined;
		await gh.close();
		gh.assertNoValidationErrors();
	});

	it('names the signed-in account, asking GitHub once', async () => {
		graph = await graphFor(local, gh, lines);
		const query = '{ githubViewer { login avatarUrl } }';
		assert.deepEqual(await run(query), { githubViewer: { login: 'mona', avatarUrl: `${new URL(gh.url).origin}/avatars/mona` } });
		await run(query);
		assert.equal(gh.requests.filter((r) => r.path === '/user').length, 1, 'the account is read once per connection');
	});

	it('names who pushed each run, from the overview and from a run list alike', async () => {
		gh.addRun(remote.repos.core, { workflow: remote.ci.core, headSha: 'c'.repeat(40), actor: 'hubot' });
		graph = await graphFor(local, gh, lines);
		const recent = await run<{ workflowRuns: Array<Run & { repository: { path: string } }> }>('{ workflowRuns(first: 20) { id event actor { login } triggeringActor { login } repository { path } } }');
		const core = recent.workflowRuns.find((r) => r.repository.path === local.paths.core);
		assert.deepEqual(core?.actor, { login: 'hubot' }, 'the overview reads the check suite’s creator');
		assert.deepEqual(recent.workflowRuns.find((r) => r.repository.path === local.paths.meta)?.actor, { login: 'octocat' });

		const listed = await run<{ repository: { github: { runs: Run[] } } }>('query($p: String!) { repository(path: $p) { github { runs(first: 5) { id event actor { login } triggeringActor { login } } } } }', { p: local.paths.core });
		assert.deepEqual(
			listed.repository.github.runs.map((r) => [r.actor?.login, r.triggeringActor?.login]),
			[
				['hubot', 'hubot'],
				['octocat', 'octocat'],
			],
		);
	});

	it('names the token’s account as the actor of a dispatch, and as the triggering actor of a re-run of someone else’s run', async () => {
		graph = await graphFor(local, gh, lines);
		const dispatched = await run<{ dispatchWorkflow: { run: Run | null } }>('mutation($p: String!) { dispatchWorkflow(repository: $p, workflow: "deploy.yml", inputs: [{ name: "environment", value: "staging" }]) { run { id event actor { login } triggeringActor { login } } } }', { p: local.paths.api });
		assert.deepEqual(dispatched.dispatchWorkflow.run?.actor, { login: 'mona' });

		const failed = gh.state.repos.find((r) => r.name === 'core')!.runs[0];
		const rerun = await run<{ rerunWorkflowRun: { id: string } }>('mutation($p: String!, $id: ID!) { rerunWorkflowRun(repository: $p, runId: $id) { id } }', { p: local.paths.core, id: String(failed.id) });
		const after = await run<{ repository: { github: { run: Run } } }>('query($p: String!, $id: ID!) { repository(path: $p) { github { run(id: $id) { id event actor { login } triggeringActor { login } } } } }', { p: local.paths.core, id: rerun.rerunWorkflowRun.id });
		assert.deepEqual([after.repository.github.run.actor?.login, after.repository.github.run.triggeringActor?.login], ['octocat', 'mona']);
	});
});
