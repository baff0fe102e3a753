// The Agent Runs view's commands in a real VS Code: the real Claude CLI against the Messages API
// stand-in (test/support/claude/demoReplies.ts) works in repositories of this suite's own
// (test/vscode/fixtureRepos.ts), and each command gets the row the view passes it. What is
// asserted is what a user sees: the runs' states, the documents opened, the repository, the
// branches and worktrees left. Its runs stay in the window's history, so the file sorts after
// agentRuns.test.ts, which starts from an empty one.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PERMISSION_MARKER_PROMPT, WRITE_FILE_PROMPT, WRITTEN_CONTENT } from '../support/claude/demoReplies';
import { eventually } from './eventually';
import { activate, getExtension, graphqlData } from './extensionUnderTest';
import { FixtureRepos, git } from './fixtureRepos';
import { requiredEnv } from './preconditions';

interface Run {
	id: string;
	status: string;
	prompt: string;
	error: string | null;
	sessionId: string | null;
	parent: { id: string } | null;
	fleet: { id: string } | null;
	worktree: { path: string; branch: string; state: string; baseCommit: string } | null;
}

interface ViewRun {
	runId: string;
	node: unknown;
	contextValue: string;
	fleet: unknown;
	permissionRequests: unknown[];
}

interface Asked {
	kind: string;
	title: string;
	offered: string[];
}


const RUN_FIELDS = 'id status prompt error sessionId parent { id } fleet { id } worktree { path branch state baseCommit }';
const ended = (r: Run | null | undefined) => r !== null && r !== undefined && !['QUEUED', 'RUNNING'].includes(r.status);

suite('Agent run commands', function () {
	// Each run is a CLI process on a shared 2-core machine.
	this.timeout(180_000);
	let api: Awaited<ReturnType<typeof activate>>;
	let fixtures: FixtureRepos;
	let repo: string;
	let second: string;
	let markers: string;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const config = () => vscode.workspace.getConfiguration('metaGothic');

	const graphql = graphqlData(() => api);
	const runOf = async (id: string) => (await graphql<{ agentRun: Run | null }>(`query($id: ID!) { agentRun(id: $id) { ${RUN_FIELDS} } }`, { id })).agentRun;
	const allRuns = async () => (await graphql<{ agentRuns: Run[] }>(`{ agentRuns(first: 100) { ${RUN_FIELDS} } }`)).agentRuns;
	const start = async (repository: string, prompt: string, options: Record<string, unknown> = {}) =>
		(await graphql<{ startAgentRun: Run }>(`mutation($r: String!, $p: String!, $o: AgentRunOptions) { startAgentRun(repository: $r, prompt: $p, options: $o) { ${RUN_FIELDS} } }`, { r: repository, p: prompt, o: options })).startAgentRun;
	const finished = async (id: string) => (await eventually(`run ${id.slice(0, 8)} to end`, () => runOf(id), ended, 120_000)) as Run;
	/** The run's row in the view, once `done` holds for it. */
	const rowOf = async (id: string, done: (row: ViewRun) => boolean = () => true) => {
		const rows = await eventually(
			`run ${id.slice(0, 8)} in the Agent Runs view`,
			() => vscode.commands.executeCommand<ViewRun[]>('metaGothic.test.agentRunsView'),
			(rs) => rs.some((r) => r.runId === id && done(r)),
		);
		return rows.find((r) => r.runId === id) as ViewRun;
	};
	const answer = async (answers: Array<string | undefined>) => {
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', answers);
	};
	const asked = () => vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);
	const failures = async () => (await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications')).filter((n) => n.severity === 'error');
	const branches = (cwd: string) => git(cwd, 'branch', '--list', '--format=%(refname:short)').split('\n').filter(Boolean);
	/** A WORKTREE run that writes `file`, ended. */
	const worktreeRun = async (file: string) => {
		const run = await finished((await start(repo, `${WRITE_FILE_PROMPT} ${file}`, { isolation: 'WORKTREE', maxTurns: 3 })).id);
		assert.equal(run.status, 'SUCCEEDED', run.error ?? '');
		assert.equal(run.worktree?.state, 'ACTIVE');
		assert.equal(readFileSync(path.join(run.worktree.path, file), 'utf8'), WRITTEN_CONTENT, 'the agent wrote in its worktree');
		assert.ok(!existsSync(path.join(repo, file)), 'not in the repository');
		return run;
	};

	suiteSetup(async () => {
		requiredEnv('ANTHROPIC_BASE_URL');
		api = await activate();
		fixtures = new FixtureRepos(root, 'agent');
		repo = fixtures.clone(fixtures.bareRemote('cmd-agent'), 'cmd-agent');
		second = fixtures.clone(fixtures.bareRemote('cmd-agent-two'), 'cmd-agent-two');
		markers = mkdtempSync(path.join(os.tmpdir(), 'mg-agent-markers-'));
		// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
		await config().update('claude.path', path.join(getExtension().extensionPath, 'node_modules', '.bin', 'claude'), vscode.ConfigurationTarget.Global);
		// Edits in the repository are accepted, as a user who lets agents write sets it up; Bash still asks.
		await config().update('claude.permissionMode', 'acceptEdits', vscode.ConfigurationTarget.Global);
		await fixtures.discover();
		await eventually('both repositories in the graph', async () => Promise.all([repo, second].map(async (p) => (await graphql<{ repository: { initialized: boolean } | null }>('query($p: String!) { repository(path: $p) { initialized } }', { p })).repository?.initialized)), (v) => v.every(Boolean));
		await eventually('the CLI available', () => graphql<{ claudeStatus: { available: boolean } }>('{ claudeStatus { available } }'), (d) => d.claudeStatus.available);
		await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
	});

	setup(async () => {
		await vscode.commands.executeCommand('metaGothic.test.notifications', true);
	});

	suiteTeardown(async () => {
		await config().update('claude.path', undefined, vscode.ConfigurationTarget.Global);
		await config().update('claude.permissionMode', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		rmSync(markers, { recursive: true, force: true });
		await fixtures?.dispose();
	});

	test('Check Claude CLI names the CLI, its version and how it signs in', async () => {
		await vscode.commands.executeCommand('metaGothic.claude.check');
		const shown = (await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications')).at(-1);
		assert.equal(shown?.severity, 'info', JSON.stringify(shown));
		assert.match(shown?.message ?? '', /^Claude Code CLI \d+\.\d+\.\d+ at \S*claude, signed in with ANTHROPIC_API_KEY\.$/);
	});

	test('Cancel on a running run stops it: its waiting request is denied and the command never runs', async () => {
		const marker = path.join(markers, 'cancelled');
		const run = await start(repo, `${PERMISSION_MARKER_PROMPT} ${marker}`, { maxTurns: 3 });
		const row = await rowOf(run.id, (r) => r.permissionRequests.length === 1);
		assert.match(row.contextValue, /\bcancelable\b/);
		await vscode.commands.executeCommand('metaGothic.agentRun.cancel', row.node);
		assert.equal((await runOf(run.id))?.status, 'CANCELLED', 'cancelled once the command returns');
		assert.ok(!existsSync(marker), 'the command did not run');
		await rowOf(run.id, (r) => r.permissionRequests.length === 0 && /\bretryable\b/.test(r.contextValue));
		assert.deepEqual(await failures(), []);
	});

	test('Retry on a failed run starts it again as a new run linked to it; Open Transcript shows the run', async () => {
		// One turn is not enough for a prompt that reads the README first: the run fails at the turn limit.
		const failed = await finished((await start(repo, 'Describe this repository', { maxTurns: 1 })).id);
		assert.equal(failed.status, 'FAILED');
		const before = new Set((await allRuns()).map((r) => r.id));
		await vscode.commands.executeCommand('metaGothic.agentRun.retry', (await rowOf(failed.id)).node);
		const retried = (await allRuns()).filter((r) => !before.has(r.id));
		assert.equal(retried.length, 1, 'one new run');
		assert.equal(retried[0].parent?.id, failed.id);
		assert.equal(retried[0].prompt, failed.prompt);
		assert.equal((await finished(retried[0].id)).status, 'FAILED', 'the same prompt and turn limit again');

		await vscode.commands.executeCommand('metaGothic.agentRun.openTranscript', (await rowOf(failed.id)).node);
		// The transcript is Markdown, shown in the Markdown preview.
		const preview = await eventually(
			'the transcript\'s preview in front',
			async () => vscode.window.tabGroups.activeTabGroup.activeTab,
			(t) => t?.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes('cmd-agent'),
		);
		assert.ok(preview);
		// The preview can be in front before it has loaded its document.
		const doc = await eventually(
			'the transcript document loaded',
			async () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'meta-gothic-run' && d.uri.query === failed.id),
			(d) => d !== undefined,
		);
		assert.ok(doc);
		assert.match(doc.getText(), /Describe this repository/);
		assert.match(doc.getText(), /turn limit/);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		assert.deepEqual(await failures(), []);
	});

	test('Continue on a finished run asks for a follow-up and resumes the same session', async () => {
		const done = await finished((await start(repo, 'Describe this repository', { maxTurns: 3 })).id);
		assert.equal(done.status, 'SUCCEEDED', done.error ?? '');
		assert.ok(done.sessionId);
		const before = new Set((await allRuns()).map((r) => r.id));
		await answer(['Now say it in one line']);
		await vscode.commands.executeCommand('metaGothic.agentRun.resume', (await rowOf(done.id, (r) => /\bresumable\b/.test(r.contextValue))).node);
		const questions = await asked();
		assert.deepEqual(questions.map((q) => q.kind), ['input'], JSON.stringify(questions));
		assert.equal(questions[0].title, 'Continue the run in cmd-agent');
		const resumed = (await allRuns()).filter((r) => !before.has(r.id));
		assert.equal(resumed.length, 1);
		assert.deepEqual([resumed[0].prompt, resumed[0].parent?.id], ['Now say it in one line', done.id]);
		const end = await finished(resumed[0].id);
		assert.equal(end.status, 'SUCCEEDED', end.error ?? '');
		assert.equal(end.sessionId, done.sessionId, 'the same Claude session');
	});

	test('a WORKTREE run: Show Changes opens its diff, Merge… fast-forwards the repository to its work', async () => {
		const run = await worktreeRun('MERGED.md');
		const row = await rowOf(run.id, (r) => /\breviewable\b/.test(r.contextValue));
		await vscode.commands.executeCommand('metaGothic.agentRun.showChanges', row.node);
		const doc = await eventually('the diff in the editor', async () => vscode.window.activeTextEditor?.document, (d) => d?.languageId === 'diff');
		assert.match(doc?.getText() ?? '', new RegExp(`^# ${run.worktree?.branch} in cmd-agent against [0-9a-f]{8}: 1 file`));
		assert.match(doc?.getText() ?? '', /\+\+\+ b\/MERGED\.md/);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		const head = git(repo, 'rev-parse', 'HEAD');
		await answer(['Fast-forward']);
		await vscode.commands.executeCommand('metaGothic.agentRun.merge', row.node);
		const questions = await asked();
		assert.deepEqual(questions.map((q) => [q.kind, q.offered]), [['pick', ['Fast-forward', 'Merge commit']]]);
		assert.equal(readFileSync(path.join(repo, 'MERGED.md'), 'utf8'), WRITTEN_CONTENT, 'the work is in the repository');
		assert.equal(git(repo, 'rev-parse', 'HEAD~1'), head, 'one commit on top of the branch');
		assert.equal(git(repo, 'status', '--porcelain'), '');
		assert.equal((await runOf(run.id))?.worktree?.state, 'MERGED');
		assert.ok(!existsSync(run.worktree?.path ?? ''), 'its worktree is removed');
		assert.ok(!branches(repo).includes(run.worktree?.branch ?? ''), 'and its branch');
		assert.deepEqual(await failures(), []);
	});

	test('Keep Run as Branch commits the work on its branch and removes the folder; the repository is untouched', async () => {
		const run = await worktreeRun('KEPT.md');
		const head = git(repo, 'rev-parse', 'HEAD');
		await vscode.commands.executeCommand('metaGothic.agentRun.keepBranch', (await rowOf(run.id, (r) => /\breviewable\b/.test(r.contextValue))).node);
		const branch = run.worktree?.branch ?? '';
		assert.equal((await runOf(run.id))?.worktree?.state, 'KEPT');
		assert.ok(!existsSync(run.worktree?.path ?? ''), 'the folder is gone');
		assert.equal(git(repo, 'show', `${branch}:KEPT.md`), WRITTEN_CONTENT.trimEnd(), 'the work is committed on the branch');
		assert.equal(git(repo, 'rev-parse', `${branch}~1`), head);
		assert.equal(git(repo, 'rev-parse', 'HEAD'), head, 'the checked-out branch did not move');
		assert.ok(!existsSync(path.join(repo, 'KEPT.md')));
		git(repo, 'branch', '-q', '-D', branch);
	});

	test('Discard asks, then deletes the worktree and its branch; Clean Up Agent Worktrees… removes one no run claims', async () => {
		const run = await worktreeRun('DISCARDED.md');
		const folder = run.worktree?.path ?? '';
		const branch = run.worktree?.branch ?? '';
		await answer(['Discard']);
		await vscode.commands.executeCommand('metaGothic.agentRun.discard', (await rowOf(run.id, (r) => /\breviewable\b/.test(r.contextValue))).node);
		const questions = await asked();
		assert.deepEqual(questions.map((q) => [q.kind, q.title, q.offered]), [['confirm', `Discard ${branch}?`, ['Discard']]]);
		assert.equal((await runOf(run.id))?.worktree?.state, 'DISCARDED');
		assert.ok(!existsSync(folder), 'the worktree is gone');
		assert.ok(!branches(repo).includes(branch), 'and its branch');

		// What a crash leaves: a worktree in the storage folder that no run record claims.
		const orphan = path.join(path.dirname(folder), 'agent-orphan01');
		git(repo, 'worktree', 'add', '-q', '-b', 'agent/orphan01', orphan);
		await answer(['Remove']);
		await vscode.commands.executeCommand('metaGothic.agent.cleanWorktrees');
		const cleanQuestions = await asked();
		assert.deepEqual(cleanQuestions.map((q) => [q.kind, q.title]), [['confirm', 'Remove 1 worktree no run claims, with their branches?']]);
		assert.ok(!existsSync(orphan), 'the orphan worktree is removed');
		assert.ok(!branches(repo).includes('agent/orphan01'), 'with its branch');
		assert.deepEqual(await failures(), []);
	});

	test('a fleet: Retry Failed starts the failed runs again; Cancel All stops every run going', async () => {
		const { startAgentFleet } = await graphql<{ startAgentFleet: { id: string; runs: Run[] } }>(
			'mutation($r: [String!]!) { startAgentFleet(repositories: $r, prompt: "Describe this repository", options: { maxTurns: 1 }) { id runs { id } } }',
			{ r: [repo, second] },
		);
		for (const run of startAgentFleet.runs) {
			assert.equal((await finished(run.id)).status, 'FAILED');
		}
		const fleetRow = await rowOf(startAgentFleet.runs[0].id, (r) => r.fleet !== undefined);
		await vscode.commands.executeCommand('metaGothic.agentFleet.retry', fleetRow.fleet);
		const retried = (await allRuns()).filter((r) => r.fleet?.id === startAgentFleet.id && r.parent !== null);
		assert.deepEqual(retried.map((r) => r.parent?.id).sort(), startAgentFleet.runs.map((r) => r.id).sort(), 'each failed run started again, in the fleet');
		for (const run of retried) {
			await finished(run.id);
		}

		const marker = path.join(markers, 'fleet');
		const waiting = await graphql<{ startAgentFleet: { id: string; runs: Run[] } }>(
			'mutation($r: [String!]!, $p: String!) { startAgentFleet(repositories: $r, prompt: $p, options: { maxTurns: 3 }) { id runs { id } } }',
			{ r: [repo, second], p: `${PERMISSION_MARKER_PROMPT} ${marker}` },
		);
		const first = await rowOf(waiting.startAgentFleet.runs[0].id, (r) => r.fleet !== undefined && r.permissionRequests.length === 1);
		await vscode.commands.executeCommand('metaGothic.agentFleet.cancel', first.fleet);
		for (const run of waiting.startAgentFleet.runs) {
			assert.equal((await runOf(run.id))?.status, 'CANCELLED');
		}
		assert.ok(!existsSync(marker), 'no command ran');
		assert.deepEqual(await failures(), []);
	});
});
