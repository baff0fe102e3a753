import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { print } from 'graphql';
import { createGateway, type MetaGothicGraph } from '../../../../src/api';
import { ShipQuery, ShipRepositoriesMutation, unfollowedCi } from '../../../../src/extension/flows/shipQueries';
import { summarizeShip, summarizeShipRow } from '../../../../src/extension/flows/shipSummary';
import type { ResultOf } from '../../../../src/graphql';
import type { WorkflowRunRecord } from '../../../../src/schema/contracts/workflows';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../../support/repoBuilder';
import { MemoryAgentRuns, MemoryWorkflows, workflowRun } from '../../../support/graph/memorySources';

type Ship = ResultOf<typeof ShipQuery>;

// The documents the Workflows view's "Last ship" reads, over the real graph and real git: the
// summary follows CI only where it can, and a failed run on the pushed commit is the one to fix.
describe('the Last ship as the Workflows view reads it (real git)', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let graph: MetaGothicGraph;
	let app: TestRepo;
	let lib: TestRepo;
	let runs: WorkflowRunRecord[];
	let workflows: MemoryWorkflows;

	const read = async (id: string): Promise<Ship> => {
		// A partial answer is what the view expects while GitHub is away: take the data, not only a clean result.
		const result = await graph.execute({ query: print(ShipQuery), variables: { id } });
		assert.ok(result.data, JSON.stringify(result.errors));
		return result.data as Ship;
	};

	beforeEach(async () => {
		sandbox = createGitSandbox();
		app = TestRepo.init(sandbox, path.join(sandbox.dir, 'ws', 'app')).commit('initial', { 'a.txt': 'a\n' });
		app.publish(path.join(sandbox.dir, 'app.git'));
		lib = TestRepo.init(sandbox, path.join(sandbox.dir, 'ws', 'lib')).commit('initial', { 'b.txt': 'b\n' });
		lib.publish(path.join(sandbox.dir, 'lib.git'));
		runs = [];
		// Only app is on GitHub; lib's remote is elsewhere.
		workflows = new MemoryWorkflows(new Map([[app.path, { repositoryPath: app.path, owner: 'acme', name: 'app', defaultBranch: 'main', url: 'https://github.com/acme/app' }]]), runs);
		graph = await createGateway({ roots: [path.join(sandbox.dir, 'ws')], gitEnv: sandbox.env, workflows, agentRuns: new MemoryAgentRuns([]) });
	});

	afterEach(() => {
		graph?.dispose();
		sandbox?.dispose();
	});

	it('waits for CI on GitHub, ends at pushed elsewhere, and names the failed run to fix', async () => {
		app.write({ 'a.txt': 'shipped\n' });
		lib.write({ 'b.txt': 'shipped\n' });
		await graph.git.scan();
		const shipped = await graph.execute({ query: print(ShipRepositoriesMutation), variables: { commits: [{ repository: app.path, message: 'Ship app' }, { repository: lib.path, message: 'Ship lib' }] } });
		assert.equal(shipped.errors, undefined, JSON.stringify(shipped.errors));
		const id = (shipped.data as { shipRepositories: { id: string } }).shipRepositories.id;

		let data = await read(id);
		const unfollowed = unfollowedCi(data);
		const rows = new Map(data.ship?.rows.map((r) => [r.repository.name, r]));
		const appRow = rows.get('app');
		const libRow = rows.get('lib');
		assert.ok(appRow && libRow, JSON.stringify(data));
		assert.equal(summarizeShipRow(appRow, unfollowed(appRow)).state, 'CI_WAITING');
		assert.deepEqual([summarizeShipRow(libRow, unfollowed(libRow)).state, unfollowed(libRow)], ['PUSHED', 'no GitHub remote']);

		runs.push(workflowRun(app.path, { id: '77', runNumber: 9, workflowName: 'CI', conclusion: 'FAILURE', headSha: appRow.pushedSha ?? '' }));
		data = await read(id);
		const failed = data.ship?.rows.find((r) => r.repository.name === 'app');
		assert.ok(failed);
		const summary = summarizeShipRow(failed, unfollowedCi(data)(failed));
		assert.deepEqual([summary.state, summary.failedRun?.id, summary.description], ['CI_FAILED', '77', `committed ${appRow.sha?.slice(0, 7)} · pushed · CI failed: CI #9`]);
		assert.deepEqual(summarizeShip(data.ship?.rows ?? [], unfollowedCi(data)), { text: '2 pushed · CI: 1 failed', settled: true, failed: 1 });
	});

	it('still reads the ship while GitHub cannot be used, and does not wait for CI then', async () => {
		app.write({ 'a.txt': 'shipped\n' });
		await graph.git.scan();
		const shipped = await graph.execute({ query: print(ShipRepositoriesMutation), variables: { commits: [{ repository: app.path, message: 'Ship app' }] } });
		const id = (shipped.data as { shipRepositories: { id: string } }).shipRepositories.id;
		workflows.unavailableReason = 'Not signed in to GitHub.';

		const data = await read(id);
		const row = data.ship?.rows[0];
		assert.ok(row, 'the ship is read whatever GitHub says');
		assert.equal(unfollowedCi(data)(row), 'GitHub not connected');
		assert.equal(summarizeShip(data.ship?.rows ?? [], unfollowedCi(data)).settled, true);
	});
});
