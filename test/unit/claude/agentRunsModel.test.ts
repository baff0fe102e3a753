import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutionResult } from 'graphql';
import type { MetaGothicGraph } from '../../../src/api';
import { ClaudeAgentRuns } from '../../../src/claude/agentRunsModel';
import type { CommitMessageGit } from '../../../src/claude/commitMessageInput';
import { createRun, endRun } from '../../../src/claude/runModel';
import { RunStore } from '../../../src/claude/runStore';
import { Gateway, type SubscriptionResult } from '../../../src/schema/gateway';
import { UnavailableWorkflows } from '../../../src/schema/unavailableSources';
import { claudeBinary, type CliSandbox } from '../../support/claude/cliFixture';
import { MessagesStandIn, slowReply, textReply, toolUseReply, type MessagesRequestBody } from '../../support/claude/messagesStandIn';
import { liveCommandLines, liveProcesses, userTexts, waitUntil } from '../../support/claude/processes';
import { useRealClaude } from '../../support/claude/realClaudeSuite';
import { MemoryAgentRuns, MemoryRepos, repoState } from '../../support/graph/memorySources';
import { type GitSandbox, TestRepo } from '../../support/repoBuilder';

interface Run {
	id: string;
	status: string;
	sessionId: string | null;
	costUsd: number | null;
	durationMs: number | null;
	numTurns: number | null;
	result: string | null;
	error: string | null;
	repositoryPath: string;
	parent: { id: string } | null;
}

interface Suggestion {
	repository: { name: string };
	message: string | null;
	error: string | null;
	paths: string[] | null;
	run: { id: string; status: string } | null;
}

function data<T>(result: ExecutionResult): T {
	assert.equal(result.errors, undefined, JSON.stringify(result.errors));
	// Plain objects: graphql-js answers with null-prototype objects.
	return JSON.parse(JSON.stringify(result.data)) as T;
}

function errorCode(result: ExecutionResult): unknown {
	return result.errors?.[0]?.extensions?.code;
}

const RUN_FIELDS = 'id status sessionId costUsd durationMs numTurns result error repositoryPath parent { id }';
const START = `mutation($repository: String!, $prompt: String!, $options: AgentRunOptions) { startAgentRun(repository: $repository, prompt: $prompt, options: $options) { ${RUN_FIELDS} } }`;
const SUGGEST = `mutation($paths: [String!]!) { generateCommitMessages(paths: $paths) { repository { name } message error paths run { id status } } }`;

/** Text of the prompt a request carries. */
function promptOf(body: MessagesRequestBody): string {
	return userTexts(body.messages).join('\n');
}

describe('claude/ClaudeAgentRuns through the graph, with the real CLI', function () {
	this.timeout(30_000);
	const claude = useRealClaude('mg-agent-runs-');
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let gitSandbox: GitSandbox;
	let root: string;
	let storageDir: string;

	beforeEach(() => {
		({ standIn, cli, sandbox: gitSandbox, root, storageDir } = claude);
		for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
			TestRepo.init(gitSandbox, path.join(root, name)).commit(`Add ${name}`, { 'README.md': `# ${name}\n` });
		}
	});

	const open = (claudePath = claudeBinary): Promise<MetaGothicGraph> => claude.open({ claudePath });

	async function startRun(g: MetaGothicGraph, repo: string, prompt: string, options: Record<string, unknown> = {}): Promise<Run> {
		return data<{ startAgentRun: Run }>(await g.execute({ query: START, variables: { repository: path.join(root, repo), prompt, options } })).startAgentRun;
	}

	async function finished(g: MetaGothicGraph, id: string): Promise<Run> {
		await g.agentRuns?.whenFinished(id);
		return data<{ agentRun: Run }>(await g.execute({ query: `query($id: ID!) { agentRun(id: $id) { ${RUN_FIELDS} } }`, variables: { id } })).agentRun;
	}

	it('startAgentRun runs to SUCCEEDED with cost, duration, session and a readable transcript', async () => {
		standIn.enqueue(textReply('The repository holds a README.'));
		const g = await open();
		const started = await startRun(g, 'alpha', 'what is here?', { maxTurns: 1 });
		assert.ok(['QUEUED', 'RUNNING'].includes(started.status));
		assert.equal(started.repositoryPath, path.join(root, 'alpha'));
		const done = await finished(g, started.id);
		assert.equal(done.status, 'SUCCEEDED', done.error ?? '');
		assert.equal(done.result, 'The repository holds a README.');
		assert.match(done.sessionId ?? '', /^[0-9a-f-]{36}$/);
		assert.ok((done.costUsd ?? 0) > 0 && (done.durationMs ?? 0) > 0 && done.numTurns === 1);
		const read = data<{ agentRun: { events: { type: string; text: string | null }[]; repository: { name: string } }; repository: { agentRuns: { id: string }[] } }>(
			await g.execute({
				query: `query($id: ID!, $path: String!) { agentRun(id: $id) { repository { name } events { type text } } repository(path: $path) { agentRuns { id } } }`,
				variables: { id: started.id, path: path.join(root, 'alpha') },
			}),
		);
		assert.equal(read.agentRun.repository.name, 'alpha');
		assert.deepEqual(read.agentRun.events.map((e) => e.type), ['system', 'assistant', 'result']);
		assert.equal(read.agentRun.events[1].text, 'The repository holds a README.');
		assert.deepEqual(read.repository.agentRuns.map((r) => r.id), [started.id]);
	});

	it('agentRunEvents streams a run\'s events as they arrive and stops on teardown', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'ls', description: 'List files' }, 'Looking.'), textReply('Only a README.'));
		const g = await open();
		const run = await startRun(g, 'alpha', 'list the files', { maxTurns: 3, allowedTools: ['Bash'] });
		const sub = (await g.subscribe({ query: `subscription($id: ID!) { agentRunEvents(id: $id) { runId seq type text } }`, variables: { id: run.id } })) as SubscriptionResult;
		assert.equal(g.gateway.activeSubscriptions, 1);
		const seen: { seq: number; type: string; text: string | null; runningThen: boolean }[] = [];
		for (let next = await sub.next(); !next.done; next = await sub.next()) {
			const e = (next.value.data as { agentRunEvents: { runId: string; seq: number; type: string; text: string | null } }).agentRunEvents;
			assert.equal(e.runId, run.id);
			seen.push({ seq: e.seq, type: e.type, text: e.text, runningThen: g.agentRuns?.get(run.id)?.status === 'RUNNING' });
			if (e.type === 'result') {
				break;
			}
		}
		await sub.return?.();
		assert.equal(g.gateway.activeSubscriptions, 0);
		// The CLI prints each content block of a message as its own `assistant` line, after the deltas that streamed it.
		const whole = seen.filter((e) => e.type !== 'stream_event' && !(e.type === 'system' && e.text === null));
		assert.deepEqual(whole.map((e) => e.type), ['system', 'assistant', 'assistant', 'user', 'assistant', 'result']);
		assert.deepEqual([seen[0].seq, seen.every((e, i) => i === 0 || e.seq > seen[i - 1].seq)], [0, true], 'in the order printed');
		assert.ok(seen.slice(0, -1).every((e) => e.runningThen), 'events arrive while the run is still going');
		assert.deepEqual([whole[1].text, whole[2].text], ['Looking.', 'Bash: ls']);
		assert.equal(seen.slice(0, seen.indexOf(whole[1])).filter((e) => e.type === 'stream_event').map((e) => e.text ?? '').join(''), 'Looking.');
		assert.match(whole[3].text ?? '', /README\.md/);

		// A subscription torn down before anything arrives ends at once and holds no listener.
		const late = (await g.subscribe({ query: `subscription($id: ID!) { agentRunEvents(id: $id) { seq } }`, variables: { id: run.id } })) as SubscriptionResult;
		const pending = late.next();
		await late.return?.();
		assert.deepEqual(await pending, { value: undefined, done: true });
		assert.equal(g.gateway.activeSubscriptions, 0);
	});

	it('cancelAgentRun ends a running run CANCELLED with no process left; retry links a new run', async () => {
		standIn.enqueue(slowReply('z'.repeat(600), 80, 4), textReply('Second try.'));
		const g = await open();
		const run = await startRun(g, 'beta', 'take your time CANCEL-GRAPH-MARKER');
		await standIn.waitForRequest((r) => r.kind === 'main');
		const cancelled = data<{ cancelAgentRun: Run }>(await g.execute({ query: `mutation($id: ID!) { cancelAgentRun(id: $id) { ${RUN_FIELDS} } }`, variables: { id: run.id } })).cancelAgentRun;
		assert.equal(cancelled.status, 'CANCELLED');
		assert.deepEqual(liveCommandLines().filter((l) => l.includes('CANCEL-GRAPH-MARKER')), []);
		const retried = data<{ retryAgentRun: Run }>(await g.execute({ query: `mutation($id: ID!) { retryAgentRun(id: $id) { ${RUN_FIELDS} } }`, variables: { id: run.id } })).retryAgentRun;
		assert.deepEqual(retried.parent, { id: run.id });
		assert.equal((await finished(g, retried.id)).result, 'Second try.');
	});

	it('a claude killed from outside mid-stream ends FAILED saying so, leaves no process, and the next run starts', async () => {
		standIn.enqueue(slowReply('z'.repeat(600), 80, 4), textReply('After the kill.'));
		const g = await open();
		const run = await startRun(g, 'gamma', 'stream slowly KILL-GRAPH-MARKER');
		await standIn.waitForRequest((r) => r.kind === 'main');
		const victim = liveProcesses().find((p) => p.args.includes('KILL-GRAPH-MARKER'));
		assert.ok(victim, 'the run has its claude process');
		// The OOM killer or a user's `kill -9`: no signal handler runs and no result is printed.
		process.kill(victim.pid, 'SIGKILL');
		const done = await finished(g, run.id);
		assert.equal(done.status, 'FAILED');
		assert.equal(done.error, 'Claude was killed by SIGKILL without a result.');
		assert.deepEqual(liveCommandLines().filter((l) => l.includes('KILL-GRAPH-MARKER')), []);
		const next = await startRun(g, 'gamma', 'again');
		assert.equal((await finished(g, next.id)).result, 'After the kill.');
	});

	it('generateCommitMessages suggests a cleaned message per dirty repository and reports the rest per repository', async () => {
		const alpha = TestRepo.open(gitSandbox, path.join(root, 'alpha')).write({ 'greet.txt': 'hello\n', 'README.md': '# alpha, unstaged edit\n' }).git('add', 'greet.txt');
		TestRepo.open(gitSandbox, path.join(root, 'beta')).write({ 'README.md': '# beta\n\nMore words.\n', 'notes.md': 'notes\n' });
		TestRepo.open(gitSandbox, path.join(root, 'delta')).write({ 'README.md': '# delta changed\n' });
		standIn.respondWith((body) => {
			const prompt = promptOf(body);
			if (prompt.includes('repository "alpha"')) {
				return textReply('Here is a commit message for these changes:\n\n```\nAdd a greeting file\n```');
			}
			if (prompt.includes('repository "beta"')) {
				return textReply("Sure! Here's the commit message:\n**Expand the beta README**\nAlso add notes.");
			}
			return prompt.includes('repository "delta"') ? textReply('Commit message:') : undefined;
		});
		const g = await open();
		const names = ['alpha', 'beta', 'gamma', 'delta'];
		const rows = data<{ generateCommitMessages: Suggestion[] }>(await g.execute({ query: SUGGEST, variables: { paths: names.map((n) => path.join(root, n)) } })).generateCommitMessages;
		assert.deepEqual(rows.map((r) => r.repository.name), names);
		const [a, b, c, d] = rows;
		assert.deepEqual([a.message, a.error, a.paths, a.run?.status], ['Add a greeting file', null, ['greet.txt'], 'SUCCEEDED']);
		assert.deepEqual([b.message, b.error, b.paths, b.run?.status], ['Expand the beta README\n\nAlso add notes.', null, null, 'SUCCEEDED']);
		assert.deepEqual([c.message, c.run], [null, null]);
		assert.match(c.error ?? '', /Nothing to commit/);
		assert.equal(d.message, null);
		assert.match(d.error ?? '', /no commit message/);
		assert.equal(d.run?.status, 'SUCCEEDED');

		const prompts = standIn.mainRequests.map((r) => promptOf(r.body ?? {}));
		const alphaPrompt = prompts.find((p) => p.includes('repository "alpha"')) ?? '';
		assert.match(alphaPrompt, /greet\.txt/);
		assert.doesNotMatch(alphaPrompt, /unstaged edit/, 'only the staged change is described');
		assert.match(prompts.find((p) => p.includes('repository "beta"')) ?? '', /notes\.md: new file/);
		assert.equal(alpha.output('rev-list', '--count', 'HEAD').trim(), '1', 'nothing was committed');

		// Accepting the suggestion commits exactly the files it describes.
		const commit = await g.execute({
			query: `mutation($r: String!, $m: String!, $p: [String!]) { commit(repository: $r, message: $m, paths: $p) { status } }`,
			variables: { r: alpha.path, m: a.message, p: a.paths },
		});
		assert.equal(data<{ commit: { status: string } }>(commit).commit.status, 'SUCCEEDED');
		assert.equal(alpha.output('log', '-1', '--format=%s').trim(), 'Add a greeting file');
		assert.equal(alpha.output('diff', '--name-only').trim(), 'README.md', 'the unstaged edit stays uncommitted');
	});

	for (const execution of ['fused', 'stitched'] as const) {
		it(`generateCommitMessages stops when its signal aborts: runs CANCELLED, waiting ones never started, no process left, nothing committed (${execution})`, async () => {
			const repos = ['alpha', 'beta', 'gamma'].map((n) => TestRepo.open(gitSandbox, path.join(root, n)).write({ 'README.md': `# ${n} SUGGEST-CANCEL-MARKER\n` }));
			const heads = repos.map((r) => r.output('rev-parse', 'HEAD').trim());
			standIn.respondWith(() => slowReply('z'.repeat(600), 80, 4));
			const g = await open();
			// Two at once, so the third run is still waiting when the request is cancelled.
			g.agentRuns?.configure({ concurrency: 2 });
			const gateway = execution === 'fused' ? g.gateway : new Gateway({ repos: g.git, workflows: new UnavailableWorkflows('-'), agentRuns: g.agentRuns!, execution });
			const live = () => liveCommandLines().filter((l) => l.includes('SUGGEST-CANCEL-MARKER'));
			try {
				const controller = new AbortController();
				const pending = gateway.execute({ query: SUGGEST, variables: { paths: repos.map((r) => r.path) } }, { signal: controller.signal });
				await waitUntil(() => standIn.mainRequests.length === 2, 15_000, 'two runs streaming');
				assert.equal(live().length, 2, 'the check below would see a leftover process');
				const abortedAt = Date.now();
				controller.abort();
				const result = await pending;
				assert.ok(Date.now() - abortedAt < 5000, `settled ${Date.now() - abortedAt} ms after the abort`);
				assert.equal(errorCode(result), 'CANCELLED', JSON.stringify(result.errors));
				assert.equal(result.data, null);
				const runs = g.agentRuns?.list(10) ?? [];
				assert.deepEqual(runs.map((r) => r.status), ['CANCELLED', 'CANCELLED', 'CANCELLED']);
				assert.equal(runs.filter((r) => r.startedAt === null).length, 1, 'the waiting run never started');
				assert.equal(standIn.mainRequests.length, 2);
				assert.deepEqual(live(), []);
				assert.deepEqual(repos.map((r) => r.output('rev-parse', 'HEAD').trim()), heads, 'no HEAD moved');
				assert.ok(repos.every((r) => r.output('status', '--porcelain').includes('README.md')), 'every change is still there');
			} finally {
				if (gateway !== g.gateway) {
					gateway.dispose();
				}
			}
		});
	}

	it('a missing CLI is reported as CLAUDE_UNAVAILABLE while the history stays readable', async () => {
		const store = new RunStore({ folder: storageDir });
		const old = endRun(createRun({ id: 'old-run', repositoryPath: path.join(root, 'alpha'), prompt: 'earlier work' }, new Date(Date.UTC(2026, 0, 1))), 'SUCCEEDED', undefined, new Date(Date.UTC(2026, 0, 1, 0, 1)));
		await store.save([old]);
		store.dispose();
		const g = await open(path.join(cli.home, 'no-such-claude'));
		const history = data<{ agentRuns: { id: string; prompt: string; status: string }[] }>(await g.execute({ query: '{ agentRuns { id prompt status } }' }));
		assert.deepEqual(history.agentRuns, [{ id: 'old-run', prompt: 'earlier work', status: 'SUCCEEDED' }]);
		const start = await g.execute({ query: START, variables: { repository: path.join(root, 'alpha'), prompt: 'hi' } });
		assert.equal(errorCode(start), 'CLI_MISSING');
		assert.match(start.errors?.[0]?.message ?? '', /Claude Code CLI was not found/);
		assert.equal(errorCode(await g.execute({ query: SUGGEST, variables: { paths: [path.join(root, 'alpha')] } })), 'CLI_MISSING');
		assert.equal(errorCode(await g.execute({ query: START, variables: { repository: gitSandbox.dir, prompt: 'hi' } })), 'CLI_MISSING');
	});
});

describe('claude/ClaudeAgentRuns availability', function () {
	let folder: string;
	beforeEach(() => (folder = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'mg-availability-'))));
	afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

	const noGit: CommitMessageGit & { calls: number } = {
		calls: 0,
		exec() {
			this.calls++;
			return Promise.reject(new Error('git must not run'));
		},
	};

	it('starts nothing, not even git, in an untrusted workspace; trust makes it available', async () => {
		const runs = await ClaudeAgentRuns.open({ storageDir: folder, git: noGit, trusted: false, claudePath: claudeBinary });
		try {
			assert.match(runs.unavailableReason ?? '', /untrusted workspace/);
			await assert.rejects(runs.start(folder, 'hi'), { code: 'UNTRUSTED' });
			await assert.rejects(runs.generateCommitMessages([folder]), { code: 'UNTRUSTED' });
			assert.equal(noGit.calls, 0);
			assert.deepEqual(runs.runs, []);
			const changes: (string | null)[] = [];
			runs.onDidChangeAvailability((reason) => changes.push(reason));
			runs.setTrusted(true);
			assert.deepEqual(changes, [null]);
		} finally {
			await runs.shutdown();
		}
	});

	it('notices a CLI that disappeared when a run cannot start it', async () => {
		const link = path.join(folder, 'claude');
		fs.symlinkSync(claudeBinary, link);
		const runs = await ClaudeAgentRuns.open({ storageDir: path.join(folder, 'store'), git: noGit, claudePath: link });
		try {
			assert.equal(runs.unavailableReason, null);
			fs.unlinkSync(link);
			const changes: (string | null)[] = [];
			runs.onDidChangeAvailability((reason) => changes.push(reason));
			const done = await runs.whenFinished((await runs.start(folder, 'hi')).id);
			assert.equal(done.status, 'FAILED');
			await waitUntil(() => changes.length > 0, 2000, 'the availability change');
			assert.match(changes[0] ?? '', /not found/);
			assert.match(runs.unavailableReason ?? '', /not found/);
		} finally {
			await runs.shutdown();
		}
	});
});

describe('claude/ClaudeAgentRuns status codes', function () {
	this.timeout(30_000);
	let folder: string;
	beforeEach(() => (folder = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'mg-claude-status-'))));
	afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));
	const noGit: CommitMessageGit = { exec: () => Promise.reject(new Error('git must not run')) };

	/** The status once the version probe has answered (or failed). */
	async function settled(runs: ClaudeAgentRuns) {
		runs.status();
		await waitUntil(() => runs.status().version !== null || runs.status().code !== null, 20_000, 'the version probe');
		return runs.status();
	}

	it('the real CLI: available, with its path and version', async () => {
		const runs = await ClaudeAgentRuns.open({ storageDir: folder, git: noGit, claudePath: claudeBinary });
		try {
			const status = await settled(runs);
			assert.deepEqual([status.available, status.code, status.reason, status.path], [true, null, null, claudeBinary]);
			assert.match(status.version ?? '', /\d+\.\d+\.\d+/);
		} finally {
			await runs.shutdown();
		}
	});

	it('CLI_MISSING, UNTRUSTED, and CLI_FAILED for a binary that does not run', async () => {
		const missing = await ClaudeAgentRuns.open({ storageDir: path.join(folder, 'a'), git: noGit, claudePath: path.join(folder, 'nope') });
		const untrusted = await ClaudeAgentRuns.open({ storageDir: path.join(folder, 'b'), git: noGit, claudePath: claudeBinary, trusted: false });
		const broken = path.join(folder, 'claude');
		fs.writeFileSync(broken, '#!/bin/sh\necho "cannot execute: wrong architecture" >&2\nexit 126\n', { mode: 0o755 });
		const failing = await ClaudeAgentRuns.open({ storageDir: path.join(folder, 'c'), git: noGit, claudePath: broken });
		try {
			assert.equal(missing.status().code, 'CLI_MISSING');
			assert.deepEqual([untrusted.status().code, untrusted.status().path], ['UNTRUSTED', null], 'an untrusted workspace does not even look');
			const status = await settled(failing);
			assert.deepEqual([status.available, status.code], [false, 'CLI_FAILED']);
			await assert.rejects(failing.start(folder, 'hi'), { code: 'CLI_FAILED' });
		} finally {
			await Promise.all([missing.shutdown(), untrusted.shutdown(), failing.shutdown()]);
		}
	});
});

describe('schema: generateCommitMessages over an in-memory source', () => {
	for (const execution of ['fused', 'stitched'] as const) {
		it(`resolves each suggestion to its repository (${execution})`, async () => {
			const agentRuns = new MemoryAgentRuns([]);
			agentRuns.suggestions.set('/w/a', 'Fix a');
			const gateway = new Gateway({ repos: new MemoryRepos([repoState('/w/a'), repoState('/w/b')]), workflows: new UnavailableWorkflows('-'), agentRuns, execution });
			try {
				const rows = data<{ generateCommitMessages: Suggestion[] }>(await gateway.execute({ query: SUGGEST, variables: { paths: ['/w/a', '/w/b'] } })).generateCommitMessages;
				assert.deepEqual(rows, [
					{ repository: { name: 'a' }, message: 'Fix a', error: null, paths: null, run: null },
					{ repository: { name: 'b' }, message: null, error: 'Nothing to commit.', paths: null, run: null },
				]);
				agentRuns.unavailableReason = 'No claude here.';
				assert.equal(errorCode(await gateway.execute({ query: SUGGEST, variables: { paths: ['/w/a'] } })), 'CLI_MISSING');
			} finally {
				gateway.dispose();
			}
		});

		it(`passes the request's signal to the source and answers CANCELLED when it aborts (${execution})`, async () => {
			const agentRuns = new MemoryAgentRuns([]);
			agentRuns.holdSuggestions = true;
			const gateway = new Gateway({ repos: new MemoryRepos([repoState('/w/a')]), workflows: new UnavailableWorkflows('-'), agentRuns, execution });
			try {
				const controller = new AbortController();
				const pending = gateway.execute({ query: SUGGEST, variables: { paths: ['/w/a'] } }, { signal: controller.signal });
				await waitUntil(() => agentRuns.lastSignal !== undefined, 2000, 'the source to be asked');
				assert.equal(agentRuns.lastSignal, controller.signal);
				controller.abort();
				const result = await pending;
				assert.equal(errorCode(result), 'CANCELLED');
				assert.equal(result.data, null);
			} finally {
				gateway.dispose();
			}
		});
	}
});
