// Fix with Claude in a real VS Code (from a run row and from the palette): the GitHub stand-in's failed run (at a commit one behind the
// checkout's HEAD, so the fix needs a worktree) fixed by the real Claude CLI against the Messages
// API stand-in, whose fix writes one file (test/support/claude/demoReplies.ts). The prompts are
// answered through metaGothic.test.answerPrompts; everything asserted is what a user would see:
// the question asked, the fix's diff in the editor, and what Discard and Accept leave behind.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIX_FILE } from '../support/claude/demoReplies';
import { activate, getExtension, graphqlData } from './extensionUnderTest';
import { type ExpectedWorkspace, expectedWorkspace, requiredEnv } from './preconditions';
import { eventually } from './eventually';

interface Fix {
	id: string;
	runId: string;
	status: string;
	checkout: string;
	workingDirectory: string | null;
	suggestedBranch: string;
	changedPaths: string[];
	agentRunIds: string[];
	commitSha: string | null;
	pushed: boolean;
}

interface Asked {
	kind: string;
	title: string;
	offered: string[];
}


function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** The diff editors open on the fix's file, as the tab bar shows them. */
function fixDiffTabs(): vscode.TabInputTextDiff[] {
	return vscode.window.tabGroups.all
		.flatMap((g) => g.tabs)
		.map((t) => t.input)
		.filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && path.basename(i.modified.fsPath) === FIX_FILE);
}

suite('Fix with Claude', () => {
	let expected: ExpectedWorkspace;
	let api: Awaited<ReturnType<typeof activate>>;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const config = () => vscode.workspace.getConfiguration('metaGothic');
	const repo = () => path.join(root, expected.submodules[0]);

	const graphql = graphqlData(() => api);
	const failedRun = () =>
		eventually(
			'the seeded failed run',
			async () => (await graphql<{ repository: { github: { runs: Array<{ id: string; conclusion: string | null; runNumber: number }> } | null } }>('query($p: String!) { repository(path: $p) { github { runs(first: 20) { id conclusion runNumber } } } }', { p: repo() })).repository.github?.runs.find((r) => r.conclusion === 'FAILURE'),
			(run) => run !== undefined,
		) as Promise<{ id: string; runNumber: number }>;
	const fixes = async () => (await graphql<{ workflowFixes: Fix[] }>('{ workflowFixes { id runId status checkout workingDirectory suggestedBranch changedPaths agentRunIds commitSha pushed } }')).workflowFixes;
	const fixWithClaude = async (runId: string, answers: Array<string | undefined>): Promise<{ fix: Fix; asked: Asked[] }> => {
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', answers);
		await vscode.commands.executeCommand('metaGothic.workflows.fixWithClaude', { repositoryPath: repo(), run: { id: runId } });
		const asked = await vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);
		// The graph's record, not the command's answer: a failed step ends the command with a notification instead.
		const fix = (await fixes()).find((f) => f.runId === runId && f.checkout === 'GIVEN');
		assert.ok(fix, `a fix in a checkout of its own: ${JSON.stringify(await fixes())}`);
		return { fix, asked };
	};

	suiteSetup(async () => {
		expected = expectedWorkspace();
		requiredEnv('META_GOTHIC_GITHUB_API_URL');
		requiredEnv('ANTHROPIC_BASE_URL');
		api = await activate();
		// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
		await config().update('claude.path', path.join(getExtension().extensionPath, 'node_modules', '.bin', 'claude'), vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('metaGothic.workflows.focus');
	});

	suiteTeardown(async () => {
		await config().update('claude.path', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('the failed run\'s row offers Fix with Claude', async () => {
		const run = await failedRun();
		const label = `${expected.submodules[0]} · CI #${run.runNumber}`;
		type Row = { label: string; contextValue: string; children: Row[] };
		const rows = await eventually(
			'the failed run in Recent runs',
			() => Promise.resolve(vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', 2)),
			(rs) => rs.some((r) => r.label === 'Recent runs' && r.children.some((c) => c.label === label)),
		);
		const row = rows.find((r) => r.label === 'Recent runs')?.children.find((c) => c.label === label);
		assert.match(row?.contextValue ?? '', /\bfixable\b/);
	});

	test('from the palette: picks among the failed runs, and declining the worktree leaves everything as it was', async () => {
		const run = await failedRun();
		const label = `${expected.submodules[0]} · CI #${run.runNumber}`;
		const branchesBefore = git(repo(), 'branch', '--list');
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', [label, undefined]);
		await vscode.commands.executeCommand('metaGothic.workflows.fixWithClaude');
		const asked = await vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);
		assert.deepEqual(asked.map((a) => a.kind), ['pick', 'confirm'], JSON.stringify(asked));
		assert.ok(asked[0].offered.includes(label), `the failed run is offered: ${JSON.stringify(asked[0].offered)}`);
		assert.deepEqual(asked[1].offered, ['Create Worktree']);
		const all = await fixes();
		assert.ok(all.every((f) => f.checkout !== 'GIVEN'), 'no fix ran');
		assert.ok(all.filter((f) => f.runId === run.id).every((f) => f.status === 'CANCELLED'), 'the prepared fix was dropped');
		assert.equal(git(repo(), 'branch', '--list'), branchesBefore, 'no branch was made');
	});

	test('asks before making a worktree at the run\'s commit, opens the fix\'s diff, and Discard removes worktree and branch', async () => {
		const run = await failedRun();
		const headBefore = git(repo(), 'rev-parse', 'HEAD');
		const statusBefore = git(repo(), 'status', '--porcelain');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		const { fix, asked } = await fixWithClaude(run.id, ['Create Worktree', 'Discard']);

		assert.deepEqual(asked.map((a) => a.kind), ['confirm', 'pick'], JSON.stringify(asked));
		assert.match(asked[0].title, /Fix it in a new worktree\?/);
		assert.deepEqual(asked[1].offered, ['Accept', 'Continue', 'Discard']);
		assert.match(asked[1].title, /1 file changed/);
		assert.equal(fix.status, 'DISCARDED');
		const worktree = fix.workingDirectory ?? '';
		assert.ok(worktree && !worktree.startsWith(root), `the fix worked outside the user's checkout: ${worktree}`);
		// The review's diff (the UI tier reads it on screen) closes with the worktree it showed.
		assert.deepEqual(fixDiffTabs().map((d) => d.modified.fsPath), [], 'no tab is left on a file that is gone');
		assert.ok(!existsSync(worktree), 'the worktree is gone');
		assert.equal(git(repo(), 'branch', '--list', fix.suggestedBranch), '', 'its branch is gone');
		assert.equal(git(repo(), 'rev-parse', 'HEAD'), headBefore, 'the user\'s checkout did not move');
		assert.equal(git(repo(), 'status', '--porcelain'), statusBefore, 'nor change');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('Accept commits the fix with the message the user edited and pushes its branch', async () => {
		const run = await failedRun();
		const headBefore = git(repo(), 'rev-parse', 'HEAD');
		const message = 'Give the cache connection longer on CI';
		const before = new Set((await fixes()).map((f) => f.id));
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		// Continue first: a follow-up in the same session, then the review again.
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', ['Create Worktree', 'Continue', 'Keep the timeout in one place', 'Accept', message]);
		await vscode.commands.executeCommand('metaGothic.workflows.fixWithClaude', { repositoryPath: repo(), run: { id: run.id } });
		const asked = await vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);
		const fix = (await fixes()).find((f) => !before.has(f.id) && f.checkout === 'GIVEN');
		assert.ok(fix, JSON.stringify(await fixes()));

		assert.deepEqual(asked.map((a) => a.kind), ['confirm', 'pick', 'input', 'pick', 'input'], JSON.stringify(asked));
		assert.equal(fix.agentRunIds.length, 2, 'Continue resumed the agent once');
		assert.match(asked[4].offered[0] ?? '', /^Fix CI #\d+: build \(Run tests\)$/, 'the message offered names the failed job and step');
		assert.equal(fix.status, 'PUSHED', JSON.stringify(fix));
		assert.ok(fix.commitSha);
		assert.equal(git(repo(), 'log', '-1', '--format=%s', fix.suggestedBranch), message);
		assert.equal(git(repo(), 'rev-parse', `${fix.suggestedBranch}~1`), git(repo(), 'rev-parse', 'HEAD~1'), 'the fix sits on the run\'s commit');
		assert.deepEqual(git(repo(), 'diff-tree', '--no-commit-id', '--name-only', '-r', fix.suggestedBranch).split('\n'), [FIX_FILE]);
		const origin = git(repo(), 'remote', 'get-url', 'origin');
		assert.equal(git(origin, 'rev-parse', fix.suggestedBranch), fix.commitSha, 'the branch was pushed');
		assert.ok(!existsSync(fix.workingDirectory ?? ''), 'the worktree is gone once pushed; the branch stays');
		assert.deepEqual(fixDiffTabs(), [], 'and so are the review\'s diff editors');
		// The push's run on the fix branch is followed to its end, and the user is told.
		const notice = await eventually(
			'the notification that the fix passes CI',
			async () => (await vscode.commands.executeCommand<Array<{ severity: string; message: string; buttons: string[] }>>('metaGothic.test.notifications')).filter((n) => n.message.startsWith(`The fix of CI #${run.runNumber} `)),
			(shown) => shown.length > 0,
			120_000,
		);
		assert.match(notice[0].message, new RegExp(`^The fix of CI #${run.runNumber} in ${expected.submodules[0]} passes CI: CI #\\d+ succeeded\\.$`));
		assert.deepEqual(notice[0].buttons, ['Open on GitHub'], 'nothing failed: no further round');
		assert.equal(git(repo(), 'rev-parse', 'HEAD'), headBefore, 'the user\'s checkout did not move');
	});
});
