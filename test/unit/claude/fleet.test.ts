import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph } from '../../../src/api';
import type { ClaudeAgentRunsSettings } from '../../../src/claude/agentRunsModel';
import type { CliSandbox } from '../../support/claude/cliFixture';
import { type MessagesStandIn, textReply, toolUseReply, unauthorizedReply, type MessagesRequestBody } from '../../support/claude/messagesStandIn';
import { liveCommandLines, userTexts } from '../../support/claude/processes';
import { useRealClaude } from '../../support/claude/realClaudeSuite';
import { type GitSandbox, TestRepo } from '../../support/repoBuilder';
import { treeFingerprint } from '../../support/treeFingerprint';

interface Run {
	id: string;
	status: string;
	error: string | null;
	costUsd: number | null;
	tokensIn: number | null;
	tokensOut: number | null;
	isolation: string;
	maxBudgetUsd: number | null;
	repositoryPath: string;
	worktree: { path: string; branch: string; baseCommit: string; state: string; mergeCommit: string | null; changes: { path: string; status: string }[]; diff: string } | null;
}

interface Fleet {
	id: string;
	queued: number;
	running: number;
	succeeded: number;
	failed: number;
	cancelled: number;
	costUsd: number;
	finished: boolean;
	runs: { id: string; status: string; costUsd: number | null; repositoryPath: string }[];
}

function data<T>(result: ExecutionResult): T {
	assert.equal(result.errors, undefined, JSON.stringify(result.errors));
	return JSON.parse(JSON.stringify(result.data)) as T;
}

const RUN = 'id status error costUsd tokensIn tokensOut isolation maxBudgetUsd repositoryPath worktree { path branch baseCommit state mergeCommit changes { path status } diff }';
const FLEET = 'id queued running succeeded failed cancelled costUsd finished runs { id status costUsd repositoryPath }';
const START = `mutation($repository: String!, $prompt: String, $template: String, $options: AgentRunOptions) {
	startAgentRun(repository: $repository, prompt: $prompt, template: $template, options: $options) { ${RUN} } }`;

/** The repository a main request comes from: the CLI names its working directory in the system prompt. */
function repoOf(body: MessagesRequestBody): string {
	const system = JSON.stringify(body.system ?? '');
	return ['alpha', 'beta', 'gamma'].find((name) => system.includes(`/${name}`) || system.includes(`-${name}-`)) ?? '';
}

describe('claude: agent fleet (worktrees, budgets, fleets, templates) with the real CLI', function () {
	this.timeout(60_000);
	const claude = useRealClaude('mg-fleet-');
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let gitSandbox: GitSandbox;
	let root: string;
	let storageDir: string;
	const repos: Record<string, TestRepo> = {};

	beforeEach(() => {
		({ standIn, cli, sandbox: gitSandbox, root, storageDir } = claude);
		standIn.respondWith(undefined);
		for (const name of ['alpha', 'beta', 'gamma']) {
			repos[name] = TestRepo.init(gitSandbox, path.join(root, name)).commit(`Add ${name}`, { 'README.md': `# ${name}\n` });
		}
	});

	// The CLI's tools run git too: in the sandbox's git configuration, as the graph's git does.
	const open = (claudeSettings: ClaudeAgentRunsSettings = {}): Promise<MetaGothicGraph> => claude.open({ claudeEnv: { ...cli.env, ...gitSandbox.env }, claudeSettings });

	async function start(g: MetaGothicGraph, repo: string, variables: Record<string, unknown>): Promise<Run> {
		return data<{ startAgentRun: Run }>(await g.execute({ query: START, variables: { repository: path.join(root, repo), ...variables } })).startAgentRun;
	}

	async function run(g: MetaGothicGraph, id: string): Promise<Run> {
		await g.agentRuns?.whenFinished(id);
		return data<{ agentRun: Run }>(await g.execute({ query: `query($id: ID!) { agentRun(id: $id) { ${RUN} } }`, variables: { id } })).agentRun;
	}

	async function mutate<T>(g: MetaGothicGraph, query: string, variables: Record<string, unknown>): Promise<T> {
		return data<T>(await g.execute({ query, variables }));
	}

	it('a WORKTREE run edits only its worktree; its diff is offered and merge brings the commit onto the branch', async () => {
		const alpha = repos.alpha.write({ 'user-wip.txt': 'the user is editing\n' });
		const before = treeFingerprint(alpha.path, { staged: gitSandbox });
		const head = alpha.head();
		standIn.enqueue(toolUseReply('Bash', { command: "printf 'from the agent\\n' > agent.txt", description: 'Write a file' }, 'Writing.'), textReply('Wrote agent.txt.'));
		const g = await open();
		const started = await start(g, 'alpha', { prompt: 'add agent.txt', options: { isolation: 'WORKTREE', allowedTools: ['Bash'], maxTurns: 3 } });
		assert.equal(started.isolation, 'WORKTREE');
		assert.match(started.worktree?.branch ?? '', /^agent\/[0-9a-f]{8}$/);
		const done = await run(g, started.id);
		assert.equal(done.status, 'SUCCEEDED', done.error ?? '');
		const wt = done.worktree;
		assert.ok(wt && wt.state === 'ACTIVE' && wt.baseCommit === head);
		assert.ok(wt.path.startsWith(path.join(storageDir, 'worktrees')), wt.path);
		assert.equal(readFileSync(path.join(wt.path, 'agent.txt'), 'utf8'), 'from the agent\n');
		assert.equal(treeFingerprint(alpha.path, { staged: gitSandbox }), before, "the user's tree must be byte-identical");
		assert.deepEqual(wt.changes, [{ path: 'agent.txt', status: 'UNTRACKED' }]);
		assert.match(wt.diff, /^\+from the agent$/m);

		const merged = (await mutate<{ mergeAgentRun: Run }>(g, `mutation($id: ID!) { mergeAgentRun(id: $id, mode: FAST_FORWARD) { ${RUN} } }`, { id: started.id })).mergeAgentRun;
		assert.equal(merged.worktree?.state, 'MERGED');
		assert.equal(alpha.head(), merged.worktree?.mergeCommit);
		assert.equal(alpha.output('log', '-1', '--format=%s'), 'add agent.txt');
		assert.equal(readFileSync(path.join(alpha.path, 'agent.txt'), 'utf8'), 'from the agent\n');
		assert.equal(readFileSync(path.join(alpha.path, 'user-wip.txt'), 'utf8'), 'the user is editing\n');
		assert.ok(!existsSync(wt.path));
		assert.equal(alpha.output('branch', '--list', wt.branch), '');
		assert.deepEqual(merged.worktree?.changes, []);
	});

	it('discard removes worktree and branch; a worktree no run claims is listed and cleaned', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'echo x > scratch.txt', description: 'Scratch' }), textReply('Done.'));
		const g = await open({ isolation: 'WORKTREE' });
		const started = await start(g, 'beta', { prompt: 'scratch', options: { allowedTools: ['Bash'], maxTurns: 3 } });
		assert.equal(started.isolation, 'WORKTREE', 'the setting is the default');
		const done = await run(g, started.id);
		const wt = done.worktree;
		assert.ok(wt && existsSync(path.join(wt.path, 'scratch.txt')));
		// A worktree a crash left behind: on our storage, on an agent branch, claimed by no run.
		const orphan = path.join(path.dirname(wt.path), 'agent-deadbeef');
		repos.beta.git('worktree', 'add', '-q', '-b', 'agent/deadbeef', orphan);
		await g.git.scan();
		const listed = (await mutate<{ agentWorktrees: { path: string; branch: string; run: { id: string } | null }[] }>(g, '{ agentWorktrees { path branch run { id } } }', {})).agentWorktrees;
		assert.deepEqual(listed.map((w) => [w.branch, w.run?.id ?? null]).sort(), [['agent/deadbeef', null], [wt.branch, started.id]].sort());

		const discarded = (await mutate<{ discardAgentRun: Run }>(g, `mutation($id: ID!) { discardAgentRun(id: $id) { ${RUN} } }`, { id: started.id })).discardAgentRun;
		assert.equal(discarded.worktree?.state, 'DISCARDED');
		assert.ok(!existsSync(wt.path));
		assert.equal(repos.beta.output('branch', '--list', wt.branch), '');
		assert.equal(existsSync(path.join(repos.beta.path, 'scratch.txt')), false);

		const cleaned = (await mutate<{ cleanAgentWorktrees: number }>(g, 'mutation { cleanAgentWorktrees }', {})).cleanAgentWorktrees;
		assert.equal(cleaned, 1);
		assert.ok(!existsSync(orphan));
		assert.equal(repos.beta.output('branch', '--list', 'agent/deadbeef'), '');
		assert.deepEqual((await mutate<{ agentWorktrees: unknown[] }>(g, '{ agentWorktrees { path } }', {})).agentWorktrees, []);
	});

	it('a run given a tiny budget ends at its cap as BUDGET_EXCEEDED, and the day\'s usage counts it', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'ls', description: 'List' }, 'Looking.'), textReply('never reached'));
		const g = await open();
		const started = await start(g, 'alpha', { prompt: 'look around', options: { maxBudgetUsd: 0.000001, allowedTools: ['Bash'], maxTurns: 3 } });
		assert.equal(started.maxBudgetUsd, 0.000001);
		const done = await run(g, started.id);
		assert.equal(done.status, 'BUDGET_EXCEEDED', done.error ?? '');
		assert.match(done.error ?? '', /budget of \$0\.000001 after \$0\.\d+/);
		assert.ok((done.costUsd ?? 0) > 0 && (done.tokensIn ?? 0) > 0 && (done.tokensOut ?? 0) > 0, JSON.stringify(done));
		const usage = (await mutate<{ agentUsage: { today: { costUsd: number; runs: number; tokensIn: number; tokensOut: number }; repositories: { repository: { name: string }; costUsd: number }[] } }>(
			g,
			'{ agentUsage { today { costUsd runs tokensIn tokensOut } repositories { repository { name } costUsd } } }',
			{},
		)).agentUsage;
		assert.deepEqual({ ...usage.today, costUsd: usage.today.costUsd.toFixed(6) }, { costUsd: (done.costUsd ?? 0).toFixed(6), runs: 1, tokensIn: done.tokensIn, tokensOut: done.tokensOut });
		assert.deepEqual(usage.repositories.map((r) => [r.repository.name, r.costUsd.toFixed(6)]), [['alpha', (done.costUsd ?? 0).toFixed(6)]]);
	});

	it('once the daily cap is spent, a new run does not start and ends BUDGET_EXCEEDED', async () => {
		standIn.enqueue(textReply('First answer.'));
		const g = await open({ dailyBudgetUsd: 0.0000001 });
		const first = await run(g, (await start(g, 'alpha', { prompt: 'one' })).id);
		// The first run's cap was what was left of the day: it stops at once, past the tiny daily cap.
		assert.ok(['BUDGET_EXCEEDED', 'SUCCEEDED'].includes(first.status), first.error ?? '');
		const requests = standIn.requests.length;
		const second = await run(g, (await start(g, 'beta', { prompt: 'two' })).id);
		assert.equal(second.status, 'BUDGET_EXCEEDED');
		assert.match(second.error ?? '', /Not started: today's budget/);
		assert.equal(standIn.requests.length, requests, 'no CLI was started');
		const usage = (await mutate<{ agentUsage: { dailyBudgetUsd: number; remainingTodayUsd: number } }>(g, '{ agentUsage { dailyBudgetUsd remainingTodayUsd } }', {})).agentUsage;
		assert.deepEqual(usage, { dailyBudgetUsd: 0.0000001, remainingTodayUsd: 0 });
	});

	it('three runs started together appear under one fleet with a correct cost roll-up; retry failed mends it', async () => {
		let betaFails = true;
		standIn.respondWith((body) => {
			const repo = repoOf(body);
			return repo === 'beta' && betaFails ? unauthorizedReply() : textReply(`Looked at ${repo}.`);
		});
		const g = await open();
		const started = (await mutate<{ startAgentFleet: Fleet }>(g, `mutation($repos: [String!]!) { startAgentFleet(repositories: $repos, prompt: "look") { ${FLEET} } }`, {
			repos: ['alpha', 'beta', 'gamma'].map((n) => path.join(root, n)),
		})).startAgentFleet;
		assert.equal(started.runs.length, 3);
		await Promise.all(started.runs.map((r) => g.agentRuns?.whenFinished(r.id)));
		const fleetQuery = `query($id: ID!) { agentFleet(id: $id) { ${FLEET} } }`;
		const fleet = (await mutate<{ agentFleet: Fleet }>(g, fleetQuery, { id: started.id })).agentFleet;
		assert.deepEqual([fleet.succeeded, fleet.failed, fleet.running, fleet.queued, fleet.finished], [2, 1, 0, 0, true]);
		const failed = fleet.runs.find((r) => r.status === 'FAILED');
		assert.equal(path.basename(failed?.repositoryPath ?? ''), 'beta');
		const sum = fleet.runs.reduce((total, r) => total + (r.costUsd ?? 0), 0);
		assert.ok(sum > 0);
		assert.ok(Math.abs(fleet.costUsd - sum) < 1e-9, `${fleet.costUsd} vs ${sum}`);

		betaFails = false;
		const retried = (await mutate<{ retryAgentFleet: Fleet }>(g, `mutation($id: ID!) { retryAgentFleet(id: $id) { ${FLEET} } }`, { id: started.id })).retryAgentFleet;
		assert.equal(retried.runs.length, 4);
		await Promise.all(retried.runs.map((r) => g.agentRuns?.whenFinished(r.id)));
		const mended = (await mutate<{ agentFleet: Fleet }>(g, fleetQuery, { id: started.id })).agentFleet;
		assert.deepEqual([mended.succeeded, mended.failed, mended.finished], [3, 0, true]);
		const total = mended.runs.reduce((t, r) => t + (r.costUsd ?? 0), 0);
		assert.ok(Math.abs(mended.costUsd - total) < 1e-9 && mended.costUsd > fleet.costUsd);
		const listed = (await mutate<{ agentFleets: { id: string }[] }>(g, '{ agentFleets { id } }', {})).agentFleets;
		assert.deepEqual(listed, [{ id: started.id }]);
	});

	it('ten runs at once across ten repositories: never more CLI processes than the concurrency, each answers for its own repository, none left behind', async function () {
		// Ten CLI processes, three at a time, on a shared 2-core machine.
		this.timeout(240_000);
		const names = ['alpha', 'beta', 'gamma', ...Array.from({ length: 7 }, (_, i) => `repo${i}`)];
		for (const name of names.slice(3)) {
			repos[name] = TestRepo.init(gitSandbox, path.join(root, name)).commit(`Add ${name}`, { 'README.md': `# ${name}\n` });
		}
		standIn.respondWith((body) => {
			const system = JSON.stringify(body.system ?? '');
			const repo = names.find((name) => new RegExp(`/meta/${name}\\b`).test(system)) ?? 'unknown';
			return textReply(`Looked at ${repo}.`);
		});
		const g = await open({ concurrency: 3 });
		let running = new Set<string>();
		let most = 0;
		const listener = g.agentRuns?.onDidChangeRun((r) => {
			running = new Set(r.status === 'RUNNING' ? [...running, r.id] : [...running].filter((id) => id !== r.id));
			most = Math.max(most, running.size);
		});
		try {
			const started = (await mutate<{ startAgentFleet: Fleet }>(g, `mutation($repos: [String!]!) { startAgentFleet(repositories: $repos, prompt: "look TEN-RUNS-MARKER") { ${FLEET} } }`, {
				repos: names.map((n) => path.join(root, n)),
			})).startAgentFleet;
			assert.equal(started.runs.length, 10);
			await Promise.all(started.runs.map((r) => g.agentRuns?.whenFinished(r.id)));
			const outputs = await Promise.all(started.runs.map(async (r) => data<{ agentRun: { status: string; output: string; repositoryPath: string } }>(await g.execute({ query: 'query($id: ID!) { agentRun(id: $id) { status output repositoryPath } }', variables: { id: r.id } })).agentRun));
			assert.deepEqual(outputs.map((o) => o.status), Array(10).fill('SUCCEEDED'));
			for (const o of outputs) {
				assert.match(o.output, new RegExp(`Looked at ${path.basename(o.repositoryPath)}\\.`), `${o.repositoryPath} answered for itself`);
			}
			assert.ok(most <= 3, `at most 3 at once, saw ${most}`);
			assert.ok(most >= 2, `runs went in parallel, saw at most ${most}`);
			const fleet = (await mutate<{ agentFleet: Fleet }>(g, `query($id: ID!) { agentFleet(id: $id) { ${FLEET} } }`, { id: started.id })).agentFleet;
			assert.deepEqual([fleet.succeeded, fleet.failed, fleet.running, fleet.queued, fleet.finished], [10, 0, 0, 0, true]);
			assert.deepEqual(liveCommandLines().filter((l) => l.includes('TEN-RUNS-MARKER')), [], 'no CLI process left');
		} finally {
			listener?.dispose();
		}
	});

	it('cancel all stops every run of a fleet', async () => {
		standIn.respondWith(() => textReply('slow answer '.repeat(50), { delayMs: 200, chunkSize: 4 }));
		const g = await open({});
		g.agentRuns?.configure({ concurrency: 1 });
		const started = (await mutate<{ startAgentFleet: Fleet }>(g, `mutation($repos: [String!]!) { startAgentFleet(repositories: $repos, prompt: "wait") { ${FLEET} } }`, {
			repos: ['alpha', 'beta', 'gamma'].map((n) => path.join(root, n)),
		})).startAgentFleet;
		assert.equal(started.queued + started.running, 3);
		const cancelled = (await mutate<{ cancelAgentFleet: Fleet }>(g, `mutation($id: ID!) { cancelAgentFleet(id: $id) { ${FLEET} } }`, { id: started.id })).cancelAgentFleet;
		assert.deepEqual([cancelled.cancelled, cancelled.finished], [3, true]);
	});

	it('a template is filled in per repository: name, branch and changed files reach the prompt', async () => {
		const templates = path.join(root, '.vscode', 'meta-gothic', 'prompts');
		mkdirSync(templates, { recursive: true });
		writeFileSync(path.join(templates, 'tidy.md'), '---\ndescription: Tidy up\n---\nTidy {{repository}} on {{branch}}. Files:\n{{changedFiles}}\n');
		repos.gamma.write({ 'messy.txt': 'mess\n' });
		standIn.enqueue(textReply('Tidied.'));
		const g = await open();
		const listed = (await mutate<{ promptTemplates: { name: string; source: string; description: string | null }[] }>(g, '{ promptTemplates { name source description } }', {})).promptTemplates;
		assert.deepEqual(listed.find((t) => t.name === 'tidy'), { name: 'tidy', source: 'WORKSPACE', description: 'Tidy up' });
		assert.ok(listed.some((t) => t.name === 'commit-message' && t.source === 'BUILT_IN'));
		const done = await run(g, (await start(g, 'gamma', { template: 'tidy' })).id);
		assert.equal(done.status, 'SUCCEEDED', done.error ?? '');
		const main = standIn.requests.filter((r) => r.kind === 'main');
		const prompt = userTexts(main[0]?.body?.messages).join('\n');
		assert.match(prompt, /Tidy gamma on main\. Files:\n- messy\.txt \(\?\?\)/);
		const missing = await g.execute({ query: START, variables: { repository: path.join(root, 'gamma'), template: 'nope' } });
		assert.equal(missing.errors?.[0]?.extensions?.code, 'TEMPLATE_NOT_FOUND');
	});

	it('a commit-message template from the settings replaces the built-in prompt of Generate Commit Messages', async () => {
		repos.alpha.write({ 'feature.txt': 'new feature\n' });
		standIn.enqueue(textReply('Add the feature'));
		const g = await open({ prompts: { 'commit-message': 'House style for {{repository}}. Changes:\n{{changedFiles}}' } });
		const result = data<{ generateCommitMessages: { message: string | null; error: string | null }[] }>(
			await g.execute({ query: 'mutation($paths: [String!]!) { generateCommitMessages(paths: $paths) { message error } }', variables: { paths: [path.join(root, 'alpha')] } }),
		);
		assert.deepEqual(result.generateCommitMessages, [{ message: 'Add the feature', error: null }]);
		const prompt = userTexts(standIn.requests.filter((r) => r.kind === 'main')[0]?.body?.messages).join('\n');
		assert.match(prompt, /^House style for alpha\. Changes:\n- feature\.txt: new file$/m);
	});
});
