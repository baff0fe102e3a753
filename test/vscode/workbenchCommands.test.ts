// The commands that open a place in the workbench, in a real VS Code: the log, the walkthrough and
// the dashboard's pages. What is asserted is what appears: the output, the editor tab.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from './eventually';
import { activate } from './extensionUnderTest';

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const dashboardTabs = () => tabs().filter((t) => t.input instanceof vscode.TabInputWebview && /metaGothic\.dashboard/.test(t.input.viewType));

suite('Workbench commands', () => {
	suiteSetup(async () => {
		await activate();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('Show Log opens the extension\'s output', async () => {
		await vscode.commands.executeCommand('metaGothic.showLog');
		// The output document is there before the channel's latest lines reach it.
		const log = await eventually(
			'the Meta GOTHIC output open, with the line the command just wrote',
			async () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Meta GOTHIC/.test(decodeURIComponent(d.uri.toString()))),
			(d) => d !== undefined && /\] command metaGothic\.showLog/.test(d.getText()),
		);
		assert.ok(log);
	});

	test('Get Started opens the walkthrough', async () => {
		const before = new Set(tabs());
		await vscode.commands.executeCommand('metaGothic.walkthrough.open');
		const opened = await eventually('a new tab', async () => tabs().filter((t) => !before.has(t)), (t) => t.length > 0);
		assert.ok(opened.some((t) => t.isActive), 'it is in front');
		assert.ok(opened.some((t) => /Welcome|Walkthrough|Get Started|Meta GOTHIC/i.test(t.label)), JSON.stringify(opened.map((t) => t.label)));
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('Open Dashboard: Overview, Changes and Diagnostics open the dashboard, one tab for all', async () => {
		for (const command of ['metaGothic.dashboard.openOverview', 'metaGothic.dashboard.openChanges', 'metaGothic.dashboard.openDiagnostics']) {
			await vscode.commands.executeCommand(command);
			const open = await eventually(`the dashboard after ${command}`, async () => dashboardTabs(), (t) => t.length > 0 && t.every((tab) => tab.isActive));
			assert.equal(open.length, 1, `${command}: one dashboard tab`);
			assert.match(open[0].label, /Meta GOTHIC/);
		}
	});
});
