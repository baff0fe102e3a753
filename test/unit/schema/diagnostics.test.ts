import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ExecutionResult } from 'graphql';
import { createGateway, MetaGothicGraph } from '../../../src/api';
import { LogLines } from '../../../src/common/logLines';
import type { GitRunEvent } from '../../../src/git/git';
import { Gateway, SubscriptionResult } from '../../../src/schema/gateway';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

interface Figures {
	git: { processesSpawned: number; processesRunning: number; p50Ms: number | null; p99Ms: number | null } | null;
	graph: { operations: number; operationsPerMinute: number; p50Ms: number | null; p99Ms: number | null; liveSubscriptions: number };
	agents: { processesAlive: number | null };
	logAvailable: boolean;
}

const DIAGNOSTICS = `{ diagnostics {
	git { processesSpawned processesRunning p50Ms p99Ms }
	graph { operations operationsPerMinute p50Ms p99Ms liveSubscriptions }
	agents { processesAlive }
	logAvailable
} }`;

function dataOf<T>(result: ExecutionResult): T {
	assert.equal(result.errors, undefined, JSON.stringify(result.errors));
	return JSON.parse(JSON.stringify(result.data)) as T;
}

for (const execution of ['fused', 'stitched'] as const) {
	describe(`diagnostics through the graph (${execution} execution)`, function () {
		this.timeout(60_000);
		let sandbox: GitSandbox;
		let graph: MetaGothicGraph;
		let root: string;

		beforeEach(async () => {
			sandbox = createGitSandbox();
			root = path.join(sandbox.dir, 'ws');
			for (const name of ['alpha', 'beta']) {
				TestRepo.init(sandbox, path.join(root, name)).commit('initial', { 'README.md': `# ${name}\n` }).write({ 'README.md': `# ${name} changed\n` });
			}
			graph = await createGateway({ roots: [root], gitEnv: sandbox.env, githubToken: null, execution });
		});
		afterEach(() => {
			graph.dispose();
			sandbox.dispose();
		});

		const read = async () => dataOf<{ diagnostics: Figures }>(await graph.execute({ query: DIAGNOSTICS })).diagnostics;

		it('a git operation moves the git figures by the processes it spawned', async () => {
			const before = await read();
			assert.ok(before.git, 'the Node API reads git itself');
			assert.ok(before.git.processesSpawned > 0, 'the first scan spawned git');
			assert.equal(before.git.processesRunning, 0);
			assert.ok(before.git.p50Ms !== null && before.git.p99Ms !== null && before.git.p99Ms >= before.git.p50Ms);
			const runs: GitRunEvent[] = [];
			const listener = graph.git.git.onDidRun((e) => runs.push(e));
			try {
				const staged = await graph.execute({ query: 'mutation($r: String!) { stageFiles(repository: $r, paths: ["README.md"]) { status } }', variables: { r: path.join(root, 'alpha') } });
				assert.deepEqual(dataOf(staged), { stageFiles: { status: 'SUCCEEDED' } });
			} finally {
				listener.dispose();
			}
			const after = await read();
			assert.ok(runs.length > 0, 'staging ran git');
			assert.equal(after.git?.processesSpawned, before.git.processesSpawned + runs.length);
			assert.equal(after.git?.processesRunning, 0);
		});

		it('each query and mutation moves the graph figures; reading them spawns no git', async () => {
			const first = await read();
			for (let i = 0; i < 3; i++) {
				dataOf(await graph.execute({ query: '{ repositories { path isDirty } }' }));
			}
			const second = await read();
			// The first read is counted once it finished; the second is still running while it reads.
			assert.equal(second.graph.operations, first.graph.operations + 4);
			assert.equal(second.graph.operationsPerMinute, first.graph.operationsPerMinute + 4);
			assert.ok(second.graph.p50Ms !== null && second.graph.p99Ms !== null && second.graph.p99Ms >= second.graph.p50Ms);
			assert.equal(second.git?.processesSpawned, first.git?.processesSpawned, 'figures are read, not measured by running git');
		});

		it('counts a subscription while it is live, and no longer once it ends', async () => {
			assert.equal((await read()).graph.liveSubscriptions, 0);
			const subscription = (await graph.subscribe({ query: 'subscription { agentRunUpdated { id } }' })) as SubscriptionResult;
			assert.ok(Symbol.asyncIterator in subscription);
			assert.equal((await read()).graph.liveSubscriptions, 1);
			await subscription.return?.();
			assert.equal((await read()).graph.liveSubscriptions, 0);
		});

		it('no agent process is alive before a run, and the Node API keeps no log', async () => {
			const figures = await read();
			assert.equal(figures.agents.processesAlive, 0);
			assert.equal(figures.logAvailable, false);
			assert.deepEqual(dataOf(await graph.execute({ query: '{ diagnostics { logLines { message } } }' })), { diagnostics: { logLines: [] } });
		});
	});

	describe(`diagnostics log lines (${execution} execution)`, () => {
		function setup() {
			const log = new LogLines();
			const gateway = new Gateway({
				repos: new MemoryRepos([repoState('/w/a')]),
				workflows: new MemoryWorkflows(new Map(), []),
				agentRuns: new MemoryAgentRuns([]),
				execution,
				diagnostics: { gitProcesses: () => ({ spawned: 0, running: 0, p50Ms: null, p99Ms: null }), agentProcessesAlive: () => null, logLines: (last, level) => log.read(last, level) },
			});
			return { log, gateway };
		}

		it('filters by level and takes the newest, oldest first', async () => {
			const { log, gateway } = setup();
			try {
				log.write('INFO', 'Activated in 80 ms');
				log.write('WARNING', 'push in /w/a: rejected');
				log.write('ERROR', 'Reading repositories failed: boom');
				log.write('WARNING', 'fetch in /w/a: offline');
				const query = 'query($last: Int, $level: LogLevel) { diagnostics { logAvailable logLines(last: $last, level: $level) { level message } } }';
				const warnings = dataOf<{ diagnostics: { logAvailable: boolean; logLines: Array<{ level: string; message: string }> } }>(await gateway.execute({ query, variables: { last: 2, level: 'WARNING' } })).diagnostics;
				assert.equal(warnings.logAvailable, true);
				assert.deepEqual(warnings.logLines, [
					{ level: 'ERROR', message: 'Reading repositories failed: boom' },
					{ level: 'WARNING', message: 'fetch in /w/a: offline' },
				]);
				const all = dataOf<{ diagnostics: { logLines: unknown[] } }>(await gateway.execute({ query, variables: {} })).diagnostics;
				assert.equal(all.logLines.length, 4);
				const none = dataOf<{ diagnostics: { logLines: unknown[] } }>(await gateway.execute({ query, variables: { last: -5 } })).diagnostics;
				assert.deepEqual(none.logLines, []);
			} finally {
				gateway.dispose();
			}
		});

		it('says nothing of git where the graph did not read it', async () => {
			const gateway = new Gateway({ repos: new MemoryRepos([]), workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), execution });
			try {
				assert.deepEqual(dataOf(await gateway.execute({ query: '{ diagnostics { git { processesSpawned } agents { processesAlive } logAvailable } }' })), { diagnostics: { git: null, agents: { processesAlive: null }, logAvailable: false } });
			} finally {
				gateway.dispose();
			}
		});
	});
}
