// Permission requests of running agents in a real VS Code: the real Claude CLI against the
// Messages API stand-in asks for Bash (which runs are not allowed: no allowedTools), the request
// shows under its run in the Agent Runs view and as a notification, and each answer is given
// with the row's inline action, as a user clicks it. The marker file the command would create
// tells whether it ran. Its runs stay in the window's history, so the file sorts after
// agentRuns.test.ts, which starts from an empty one.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PERMISSION_MARKER_PROMPT } from '../support/claude/demoReplies';
import { eventually } from './eventually';
import { activate, getExtension, graphqlData } from './extensionUnderTest';
import { expectedWorkspace, requiredEnv } from './preconditions';


interface ViewRun {
	runId: string;
	expanded: boolean;
	permissionRequests: { node: unknown; label: string; contextValue: string }[];
}

interface ShownNotification {
	severity: string;
	message: string;
	buttons: string[];
}

suite('Agent permission requests', () => {
	let api: Awaited<ReturnType<typeof activate>>;
	let markers: string;
	const config = () => vscode.workspace.getConfiguration('metaGothic');
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

	const graphql = graphqlData(() => api);
	const runStatus = async (id: string) => (await graphql<{ agentRun: { status: string; error: string | null } }>('query($id: ID!) { agentRun(id: $id) { status error } }', { id })).agentRun;

	/** Starts a run that asks to create `marker` with Bash and waits for its row's permission request. */
	async function startAndWaitForRequest(marker: string): Promise<{ runId: string; row: ViewRun }> {
		const repository = path.join(root, expectedWorkspace().submodules[0]);
		const { startAgentRun } = await graphql<{ startAgentRun: { id: string } }>(
			'mutation($repository: String!, $prompt: String!) { startAgentRun(repository: $repository, prompt: $prompt, options: { maxTurns: 3 }) { id } }',
			{ repository, prompt: `${PERMISSION_MARKER_PROMPT} ${marker}` },
		);
		const runs = await eventually(
			'the permission request under its run',
			() => vscode.commands.executeCommand<ViewRun[]>('metaGothic.test.agentRunsView'),
			(rows) => rows.some((r) => r.runId === startAgentRun.id && r.permissionRequests.length === 1),
		);
		return { runId: startAgentRun.id, row: runs.find((r) => r.runId === startAgentRun.id) as ViewRun };
	}

	suiteSetup(async () => {
		requiredEnv('ANTHROPIC_BASE_URL');
		api = await activate();
		markers = mkdtempSync(path.join(os.tmpdir(), 'mg-permission-markers-'));
		// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
		await config().update('claude.path', path.join(getExtension().extensionPath, 'node_modules', '.bin', 'claude'), vscode.ConfigurationTarget.Global);
		await eventually('the CLI available', () => graphql<{ claudeStatus: { available: boolean } }>('{ claudeStatus { available } }'), (d) => d.claudeStatus.available);
		await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
	});

	suiteTeardown(async () => {
		await config().update('claude.path', undefined, vscode.ConfigurationTarget.Global);
		rmSync(markers, { recursive: true, force: true });
	});

	test('the request shows under its run and as a notification; Allow Once lets the command run and the run succeed', async () => {
		const marker = path.join(markers, 'allowed-once');
		const { runId, row } = await startAndWaitForRequest(marker);
		const [request] = row.permissionRequests;
		assert.equal(request.label, `${expectedWorkspace().submodules[0]}: Bash \`touch '${marker}'\``);
		assert.equal(request.contextValue, 'permissionRequest');
		assert.ok(row.expanded, 'the waiting run is expanded to show its request');
		const notifications = await vscode.commands.executeCommand<ShownNotification[]>('metaGothic.test.notifications');
		const shown = notifications.find((n) => n.message.startsWith(request.label));
		assert.deepEqual(shown?.buttons, ['Allow Once', 'Always for This Run', 'Deny']);
		assert.equal(existsSync(marker), false, 'nothing ran before the answer');

		await vscode.commands.executeCommand('metaGothic.permissionRequest.allowOnce', request.node);
		await eventually('the run to finish', () => runStatus(runId), (r) => r.status === 'SUCCEEDED');
		assert.ok(existsSync(marker), 'the command ran');
		await eventually(
			'the answered request gone from the view',
			() => vscode.commands.executeCommand<ViewRun[]>('metaGothic.test.agentRunsView'),
			(rows) => rows.find((r) => r.runId === runId)?.permissionRequests.length === 0,
		);
	});

	test('Always for This Run also lets the command run', async () => {
		const marker = path.join(markers, 'allowed-for-run');
		const { runId, row } = await startAndWaitForRequest(marker);
		await vscode.commands.executeCommand('metaGothic.permissionRequest.allowForRun', row.permissionRequests[0].node);
		await eventually('the run to finish', () => runStatus(runId), (r) => r.status === 'SUCCEEDED');
		assert.ok(existsSync(marker), 'the command ran');
	});

	test('Deny ends the run cleanly without running the command; a second answer says it is no longer waiting', async () => {
		const marker = path.join(markers, 'denied');
		const { runId, row } = await startAndWaitForRequest(marker);
		const node = row.permissionRequests[0].node;
		await vscode.commands.executeCommand('metaGothic.permissionRequest.deny', node);
		const done = await eventually('the run to end', () => runStatus(runId), (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED');
		assert.equal(done.status, 'SUCCEEDED', done.error ?? '');
		assert.equal(existsSync(marker), false, 'the command did not run');
		await vscode.commands.executeCommand('metaGothic.permissionRequest.deny', node);
		const notifications = await vscode.commands.executeCommand<ShownNotification[]>('metaGothic.test.notifications');
		assert.match(notifications.at(-1)?.message ?? '', /no longer waiting/);
	});
});
