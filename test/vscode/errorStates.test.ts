// What a user sees when something is wrong, in a real VS Code: the Workflows view's row for a
// rejected token, a rate limit, an unreachable or a signed-out GitHub (each a real HTTP answer
// from the GitHub stand-in, or no answer at all), the Agent Runs welcome for a missing CLI, and
// the buttons a failing command's notification offers — chosen from the graph's codes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';
import { eventually } from './eventually';

/** A row of the Workflows view, as `metaGothic.test.workflowsView` describes it. */
interface Row {
	label: string;
	icon: string;
	command?: string;
}

interface Notification {
	severity: string;
	message: string;
	buttons: string[];
	code?: string;
}

const rows = () => vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', 1);
const notifications = () => vscode.commands.executeCommand<Notification[]>('metaGothic.test.notifications');
const contextKeys = () => vscode.commands.executeCommand<Record<string, unknown>>('metaGothic.test.contextKeys');

/** The next notification shown after `count` were, once it is there. */
async function nextNotification(count: number): Promise<Notification> {
	const all = await eventually('a notification', notifications, (n) => n.length > count);
	return all[all.length - 1];
}

suite('Error states and their fixes', () => {
	const apiUrl = process.env.META_GOTHIC_GITHUB_API_URL;
	const rateLimitedUrl = process.env.META_GOTHIC_TEST_GITHUB_RATE_LIMITED_URL;
	const offlineUrl = process.env.META_GOTHIC_TEST_GITHUB_OFFLINE_URL;
	const token = process.env.META_GOTHIC_GITHUB_TOKEN;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const connect = (target?: { apiUrl: string; token: string | null }) => vscode.commands.executeCommand('metaGothic.test.connectGitHub', target);

	suiteSetup(async () => {
		// A missing stand-in must fail the suite, not skip it: these states are what it proves.
		assert.ok(apiUrl && rateLimitedUrl && offlineUrl && token && root, 'test/vscode/run.mjs passes the GitHub stand-ins and the workspace');
		await activate();
		await vscode.commands.executeCommand('metaGothic.workflows.focus');
	});

	suiteTeardown(async () => {
		await connect(undefined);
		await vscode.workspace.getConfiguration('metaGothic').update('claude.path', undefined, vscode.ConfigurationTarget.Global);
	});

	/** Cancels a run while GitHub is in the current state; returns what the notification offered. */
	async function failingCancel(): Promise<Notification> {
		const before = (await notifications()).length;
		await vscode.commands.executeCommand('metaGothic.workflowRun.cancel', { repositoryPath: root, run: { id: '1' } });
		return nextNotification(before);
	}

	test('UNAUTHORIZED: a rejected token shows a "sign in again" row that signs in, and a failing command offers Sign in', async () => {
		await connect({ apiUrl: apiUrl!, token: 'ghp_rejectedRejectedRejectedRejected0000' });
		const [row] = await eventually('the rejected-token row', rows, (r) => r[0]?.icon === 'key');
		assert.match(row.label, /rejected the token/);
		assert.equal(row.command, 'metaGothic.github.signIn');
		const shown = await failingCancel();
		assert.equal(shown.code, 'UNAUTHORIZED');
		assert.deepEqual(shown.buttons, ['Sign in to GitHub', 'Open Log']);
	});

	test('RATE_LIMITED: a clock row says until when; a failing command offers Retry, not sign-in', async () => {
		await connect({ apiUrl: rateLimitedUrl!, token: token! });
		const [row] = await eventually('the rate-limit row', rows, (r) => r[0]?.icon === 'watch');
		assert.match(row.label, /rate limit(ed)? .*\d\d:\d\d/i);
		assert.equal(row.command, undefined);
		const shown = await failingCancel();
		assert.equal(shown.code, 'RATE_LIMITED');
		assert.deepEqual(shown.buttons, ['Retry', 'Open Log']);
	});

	test('OFFLINE: an unreachable GitHub shows a disconnected row with Refresh; the command offers Refresh and Retry', async () => {
		await connect({ apiUrl: offlineUrl!, token: token! });
		const [row] = await eventually('the offline row', rows, (r) => r[0]?.icon === 'debug-disconnect');
		assert.match(row.label, /Could not reach GitHub/);
		assert.equal(row.command, 'metaGothic.workflows.refresh');
		const shown = await failingCancel();
		assert.equal(shown.code, 'OFFLINE');
		assert.deepEqual(shown.buttons, ['Refresh', 'Retry', 'Open Log']);
	});

	test('SIGNED_OUT: without a credential the row and the command both offer Sign in', async () => {
		await connect({ apiUrl: apiUrl!, token: null });
		const [row] = await eventually('the signed-out row', rows, (r) => r[0]?.icon === 'key');
		assert.match(row.label, /Not signed in to GitHub/);
		assert.equal(row.command, 'metaGothic.github.signIn');
		const shown = await failingCancel();
		assert.equal(shown.code, 'SIGNED_OUT');
		assert.deepEqual(shown.buttons, ['Sign in to GitHub', 'Open Log']);
	});

	test('and back: the real token shows runs again', async () => {
		await connect(undefined);
		await eventually('the recent runs', rows, (r) => r.some((row) => row.label === 'Recent runs'));
	});

	test('CLI_MISSING: the Agent Runs welcome for a missing CLI shows, and starting a run offers to install it or set its path', async () => {
		await vscode.workspace.getConfiguration('metaGothic').update('claude.path', '/nonexistent/claude', vscode.ConfigurationTarget.Global);
		await eventually('the claude.missing context key', contextKeys, (keys) => keys['metaGothic.claude.missing'] === true);
		const before = (await notifications()).length;
		await vscode.commands.executeCommand('metaGothic.agent.start');
		const shown = await nextNotification(before);
		assert.equal(shown.code, 'CLI_MISSING');
		assert.deepEqual(shown.buttons, ['Install the Claude CLI', 'Set Claude Path', 'Open Log']);
	});
});
