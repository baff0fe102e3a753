import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGateway, MetaGothicGraph } from '../../../src/api';
import { Emitter } from '../../../src/common/event';
import type { AgentRunOptions, AgentRunRecord } from '../../../src/schema/contracts/agentRuns';
import type { WorkflowRunRecord } from '../../../src/schema/contracts/workflows';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';
import { agentRun, MemoryAgentRuns, MemoryWorkflows, workflowRun } from '../../support/graph/memorySources';

const TOKEN = `ghp_${'A1b2C3d4'.repeat(5)}`;

/**
 * Agent runs whose "agent" edits a file of its working tree (the real CLI is exercised in the
 * extension-host tier); `hold` keeps a run RUNNING until it is cancelled.
 */
class EditingAgentRuns extends MemoryAgentRuns {
	private readonly records: AgentRunRecord[] = [];
	private readonly changed = new Emitter<AgentRunRecord>();
	override readonly onDidChangeRun = this.changed.event;
	hold = false;
	prompts: string[] = [];
	options: Array<AgentRunOptions | undefined> = [];

	constructor() {
		super([]);
	}
	override get(id: string): AgentRunRecord | undefined {
		return this.records.find((r) => r.id === id);
	}
	override async start(repositoryPath = '', prompt = '', options?: AgentRunOptions): Promise<AgentRunRecord> {
		this.prompts.push(prompt);
		this.options.push(options);
		const run = agentRun(repositoryPath, { id: `run-${this.records.length + 1}`, prompt, status: 'RUNNING' });
		this.records.push(run);
		// Each round's edit differs in length too, so git's stat check sees it whatever the clock:
		// two rewrites of one size within the same second may differ in content alone.
		writeFileSync(path.join(repositoryPath, 'src.txt'), `fixed${'!'.repeat(this.records.length)}\n`);
		writeFileSync(path.join(repositoryPath, 'added-by-agent.txt'), 'new\n');
		if (!this.hold) {
			setImmediate(() => this.finish(run.id, 'SUCCEEDED'));
		}
		return run;
	}
	override cancel = async (id = ''): Promise<AgentRunRecord> => this.finish(id, 'CANCELLED');
	private finish(id: string, status: AgentRunRecord['status']): AgentRunRecord {
		const index = this.records.findIndex((r) => r.id === id);
		this.records[index] = { ...this.records[index], status };
		this.changed.fire(this.records[index]);
		return this.records[index];
	}
}

type Fix = { id: string; status: string; round: number; checkout: string; prompt: string; changedPaths: string[]; commitSha: string | null; pushed: boolean; failures: Array<{ step: string; logTail: string }>; error: { code: string } | null };
const FIX_FIELDS = 'id status round checkout prompt changedPaths commitSha pushed failures { job step logTail } error { code message }';

describe('flows through the graph: Fix with Claude and Ship everything (real git)', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let graph: MetaGothicGraph;
	let repo: TestRepo;
	let workflows: MemoryWorkflows;
	let agents: EditingAgentRuns;
	let runs: WorkflowRunRecord[];

	const failedRun = (id: string, headSha: string): WorkflowRunRecord => {
		const run = workflowRun(repo.path, { id, runNumber: Number(id), workflowName: 'CI', conclusion: 'FAILURE', headSha, createdAt: new Date(Date.now() + Number(id)).toISOString() });
		runs.push(run);
		workflows.jobsByRun.set(id, [{ id: `job-${id}`, name: 'build', status: 'COMPLETED', conclusion: 'FAILURE', startedAt: null, completedAt: null, url: null, steps: [{ number: 1, name: 'Set up job', status: 'COMPLETED', conclusion: 'SUCCESS', startedAt: null, completedAt: null }, { number: 2, name: 'Run tests', status: 'COMPLETED', conclusion: 'FAILURE', startedAt: null, completedAt: null }] }]);
		workflows.logs.set(
			`job-${id}`,
			[
				'2026-01-01T00:00:00.0000000Z ##[group]Run Set up job',
				'2026-01-01T00:00:00.0000000Z ##[endgroup]',
				'2026-01-01T00:00:00.0000000Z setting up',
				'2026-01-01T00:00:01.0000000Z ##[group]Run Run tests',
				'2026-01-01T00:00:01.0000000Z ##[endgroup]',
				`2026-01-01T00:00:01.0000000Z using token ${TOKEN}`,
				'2026-01-01T00:00:02.0000000Z \u001b[31mAssertionError: expected 2 to equal 3\u001b[0m',
				'2026-01-01T00:00:02.0000000Z ##[error]Process completed with exit code 1.',
			].join('\n'),
		);
		return run;
	};

	beforeEach(async () => {
		sandbox = createGitSandbox();
		repo = TestRepo.init(sandbox, path.join(sandbox.dir, 'ws', 'app')).commit('initial', { 'src.txt': 'broken\n', '.github/workflows/ci.yml': 'name: CI\non: push\n' });
		repo.publish(path.join(sandbox.dir, 'app.git'));
		runs = [];
		workflows = new MemoryWorkflows(new Map(), runs);
		workflows.workflowFiles.set(repo.path, [{ id: '1', name: 'CI', path: '.github/workflows/ci.yml', state: 'ACTIVE', url: null, repositoryPath: repo.path }]);
		agents = new EditingAgentRuns();
		graph = await createGateway({ roots: [path.join(sandbox.dir, 'ws')], gitEnv: sandbox.env, workflows, agentRuns: agents, flowSettings: { maxRounds: 2 } });
	});
	afterEach(() => {
		graph.dispose();
		sandbox.dispose();
	});

	/** The pushes the graph told GitHub of, once there are `count` (each follows the state read after its push). */
	const pushesSeen = async (count: number) => {
		for (let i = 0; i < 500 && workflows.pushesExpected.length < count; i++) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		return workflows.pushesExpected;
	};
	const fix = async (runId: string): Promise<{ fix?: Fix; code?: string }> => {
		const result = await graph.execute({ query: `mutation($r: ID!) { fixWorkflowRun(runId: $r) { ${FIX_FIELDS} } }`, variables: { r: runId } });
		return { fix: (result.data as { fixWorkflowRun?: Fix } | null)?.fixWorkflowRun, code: result.errors?.[0]?.extensions?.code as string | undefined };
	};
	const untilStatus = async (id: string, status: string): Promise<Fix> => {
		for (;;) {
			const f = ((await graph.execute({ query: `query($id: ID!) { workflowFix(id: $id) { ${FIX_FIELDS} } }`, variables: { id } })).data as { workflowFix: Fix }).workflowFix;
			if (f.status === status) {
				return f;
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
	};

	it('puts the failing step’s log lines in the prompt, without colours or the token, and runs in place', async () => {
		failedRun('11', repo.head());
		const { fix: started, code } = await fix('11');
		assert.equal(code, undefined);
		assert.equal(started?.checkout, 'IN_PLACE');
		assert.equal(started?.status, 'RUNNING');
		const prompt = agents.prompts[0];
		assert.match(prompt, /AssertionError: expected 2 to equal 3/);
		assert.match(prompt, /failed job "build" stopped at the step "Run tests"/);
		assert.match(prompt, /name: CI\non: push/, 'the workflow file at the run’s commit');
		assert.doesNotMatch(prompt, /setting up/, 'only the failing step');
		assert.ok(!prompt.includes(TOKEN) && !prompt.includes('\u001b'), 'no token, no ANSI');
		assert.equal(started?.prompt, prompt);
		const review = await untilStatus(started!.id, 'REVIEW');
		assert.deepEqual([...review.changedPaths].sort(), ['added-by-agent.txt', 'src.txt']);
		assert.deepEqual(agents.options[0], { permissionMode: 'acceptEdits' }, 'its edits are reviewed afterwards, so they are not asked one by one');
	});

	it('leaves the permission mode to the agent runs\' setting when fixes do not accept edits', async () => {
		graph.dispose();
		graph = await createGateway({ roots: [path.join(sandbox.dir, 'ws')], gitEnv: sandbox.env, workflows, agentRuns: agents, flowSettings: { fixAcceptsEdits: false } });
		failedRun('11', repo.head());
		const { fix: started } = await fix('11');
		await untilStatus(started!.id, 'REVIEW');
		assert.deepEqual(agents.options, [undefined]);
	});

	it('waits for a checkout when the local one is at another commit, and starts nothing', async () => {
		failedRun('12', 'b'.repeat(40));
		const { fix: prepared } = await fix('12');
		assert.deepEqual([prepared?.checkout, prepared?.status], ['ELSEWHERE', 'NEEDS_CHECKOUT']);
		assert.equal(agents.prompts.length, 0);
		assert.equal(readFileSync(path.join(repo.path, 'src.txt'), 'utf8'), 'broken\n');
	});

	it('accept commits and pushes; the rounds its pushes trigger stop at maxRounds', async () => {
		failedRun('21', repo.head());
		let { fix: current } = await fix('21');
		await untilStatus(current!.id, 'REVIEW');
		const acceptResult = await graph.execute({ query: `mutation($id: ID!) { acceptWorkflowFix(id: $id, message: "Fix the test") { ${FIX_FIELDS} } }`, variables: { id: current!.id } });
		assert.equal(acceptResult.errors, undefined, JSON.stringify(acceptResult.errors));
		const accepted = (acceptResult.data as { acceptWorkflowFix: Fix }).acceptWorkflowFix;
		assert.deepEqual([accepted.status, accepted.pushed, accepted.round], ['PUSHED', true, 1]);
		assert.equal(repo.output('rev-parse', 'origin/main'), accepted.commitSha, 'the remote has the fix');
		assert.equal(repo.output('log', '-1', '--format=%s'), 'Fix the test');

		failedRun('22', accepted.commitSha as string);
		({ fix: current } = await fix('22'));
		assert.equal(current?.round, 2, 'the run its own push triggered counts on');
		await untilStatus(current!.id, 'REVIEW');
		const secondResult = await graph.execute({ query: `mutation($id: ID!) { acceptWorkflowFix(id: $id, message: "Fix again") { commitSha } }`, variables: { id: current!.id } });
		assert.equal(secondResult.errors, undefined, JSON.stringify(secondResult.errors));
		const second = (secondResult.data as { acceptWorkflowFix: Fix }).acceptWorkflowFix;

		failedRun('23', second.commitSha as string);
		const refused = await fix('23');
		assert.equal(refused.code, 'ROUND_LIMIT');
		assert.equal(agents.prompts.length, 2, 'no third agent run');
	});

	it('cancel while the agent works, and discard after it, leave the working tree as it was', async () => {
		failedRun('31', repo.head());
		agents.hold = true;
		const { fix: running } = await fix('31');
		assert.ok(existsSync(path.join(repo.path, 'added-by-agent.txt')));
		const cancelled = ((await graph.execute({ query: `mutation($id: ID!) { cancelWorkflowFix(id: $id) { status } }`, variables: { id: running!.id } })).data as { cancelWorkflowFix: Fix }).cancelWorkflowFix;
		assert.equal(cancelled.status, 'CANCELLED');
		assert.equal(repo.output('status', '--porcelain'), '', 'nothing the agent did is left');

		agents.hold = false;
		const { fix: again } = await fix('31');
		await untilStatus(again!.id, 'REVIEW');
		const discarded = ((await graph.execute({ query: `mutation($id: ID!) { discardWorkflowFix(id: $id) { status } }`, variables: { id: again!.id } })).data as { discardWorkflowFix: Fix }).discardWorkflowFix;
		assert.equal(discarded.status, 'DISCARDED');
		assert.equal(repo.output('status', '--porcelain'), '');
		assert.equal(readFileSync(path.join(repo.path, 'src.txt'), 'utf8'), 'broken\n');
	});

	it('a cancelled request starts no agent and changes nothing', async () => {
		failedRun('41', repo.head());
		const controller = new AbortController();
		controller.abort();
		const result = await graph.execute({ query: 'mutation { fixWorkflowRun(runId: "41") { id } }' }, { signal: controller.signal });
		assert.equal(result.errors?.[0]?.extensions?.code, 'CANCELLED');
		assert.equal(agents.prompts.length, 0);
		assert.equal(repo.output('status', '--porcelain'), '');
	});

	it('refuses a run that did not fail', async () => {
		runs.push(workflowRun(repo.path, { id: '51', conclusion: 'SUCCESS', headSha: repo.head() }));
		assert.equal((await fix('51')).code, 'CONFLICT');
	});

	it('ships every repository and reports a rejected push without losing its commit', async () => {
		const other = TestRepo.init(sandbox, path.join(sandbox.dir, 'ws', 'lib')).commit('initial', { 'a.txt': 'a\n' });
		other.publish(path.join(sandbox.dir, 'lib.git'));
		other.diverge(0, 1);
		other.git('reset', '-q', '--hard', 'HEAD');
		repo.write({ 'src.txt': 'shipped\n' });
		other.write({ 'a.txt': 'local\n' });
		await graph.git.scan();
		const result = await graph.execute({
			query: 'mutation($c: [ShipCommitInput!]!) { shipRepositories(commits: $c) { rows { repository { name isDirty } commit { status } push { status error { code } } pushedSha ci } } }',
			variables: { c: [{ repository: repo.path, message: 'Ship app' }, { repository: other.path, message: 'Ship lib' }] },
		});
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		type Row = { repository: { name: string; isDirty: boolean }; commit: { status: string }; push: { status: string; error: { code: string } | null }; pushedSha: string | null; ci: string };
		const rows = new Map((result.data as { shipRepositories: { rows: Row[] } }).shipRepositories.rows.map((r) => [r.repository.name, r]));
		assert.deepEqual([rows.get('app')?.commit.status, rows.get('app')?.push.status, rows.get('app')?.ci], ['SUCCEEDED', 'SUCCEEDED', 'WAITING']);
		assert.equal(repo.output('rev-parse', 'origin/main'), rows.get('app')?.pushedSha);
		assert.deepEqual([rows.get('lib')?.commit.status, rows.get('lib')?.push.status, rows.get('lib')?.push.error?.code], ['SUCCEEDED', 'FAILED', 'PUSH_REJECTED']);
		assert.equal(other.output('log', '-1', '--format=%s'), 'Ship lib', 'the rejected repository keeps its commit');
		assert.equal(rows.get('lib')?.repository.isDirty, false);
		// GitHub is asked for the runs of the push that went through, now, and of no other.
		assert.deepEqual(await pushesSeen(1), [{ repositoryPath: repo.path, headSha: rows.get('app')?.pushedSha }]);
		// The session's ships say what each pushed, for a timeline to group the runs by.
		const listed = await graph.execute({ query: '{ ships { rows { repository { name } pushedSha } } }' });
		const ships = (listed.data as { ships: Array<{ rows: Array<{ repository: { name: string }; pushedSha: string | null }> }> }).ships;
		assert.deepEqual(
			ships.map((ship) => ship.rows.map((r) => [r.repository.name, r.pushedSha]).sort()),
			[[['app', rows.get('app')?.pushedSha], ['lib', null]]],
		);
	});

	it('a push through the graph, or from a terminal, has its runs looked for; a commit does not', async () => {
		repo.write({ 'src.txt': 'committed\n' });
		repo.git('commit', '-q', '-am', 'Local change');
		await graph.git.scan();
		assert.deepEqual(workflows.pushesExpected, [], 'a commit is not a push');
		const pushed = await graph.execute({ query: 'mutation($p: [String!]!) { push(repositories: $p) { status } }', variables: { p: [repo.path] } });
		assert.equal(pushed.errors, undefined, JSON.stringify(pushed.errors));
		const head = repo.output('rev-parse', 'HEAD');
		assert.deepEqual(await pushesSeen(1), [{ repositoryPath: repo.path, headSha: head }]);
		// The same from a terminal: the graph sees it when it reads the repository again.
		repo.write({ 'src.txt': 'from a terminal\n' });
		repo.git('commit', '-q', '-am', 'Terminal change');
		await graph.git.scan();
		repo.git('push', '-q', 'origin', 'HEAD');
		await graph.git.scan();
		assert.deepEqual((await pushesSeen(2))[1], { repositoryPath: repo.path, headSha: repo.output('rev-parse', 'HEAD') });
	});
});
