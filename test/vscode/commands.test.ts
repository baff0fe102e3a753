import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, manifest } from './extensionUnderTest';

suite('Commands', () => {
	suiteSetup(async () => {
		await activate();
	});

	test('the dashboard and refresh commands are registered', async () => {
		const commands = new Set(await vscode.commands.getCommands(true));
		assert.ok(commands.has('metaGothic.dashboard.open'), 'metaGothic.dashboard.open');
		assert.ok(commands.has('metaGothic.refresh'), 'metaGothic.refresh');
	});

	test('every command package.json contributes is registered', async () => {
		const registered = new Set(await vscode.commands.getCommands(true));
		const contributed = manifest().contributes.commands.map((c) => c.command);
		assert.ok(contributed.length > 0);
		const missing = contributed.filter((id) => !registered.has(id));
		assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
	});

	test('refresh re-reads every repository of the open workspace', async () => {
		const api = await activate();
		const read = async () => ((await api.graphql('{ repositories { path updatedAt } }')) as { data: { repositories: { path: string; updatedAt: string }[] } }).data.repositories;
		const before = await read();
		assert.ok(before.length > 0, 'the workspace has repositories');
		const newest = Math.max(...before.map((r) => Date.parse(r.updatedAt)));
		await vscode.commands.executeCommand('metaGothic.refresh');
		const after = await read();
		assert.deepEqual(after.map((r) => r.path).sort(), before.map((r) => r.path).sort());
		const stale = after.filter((r) => Date.parse(r.updatedAt) <= newest).map((r) => r.path);
		assert.deepEqual(stale, [], 'read again by the refresh');
	});

	test('Open Dashboard opens a webview editor', async () => {
		await vscode.commands.executeCommand('metaGothic.dashboard.open');
		const deadline = Date.now() + 20_000;
		let webviews: vscode.Tab[] = [];
		while (Date.now() < deadline) {
			webviews = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
			if (webviews.length > 0) {
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		assert.ok(webviews.length > 0, 'no webview tab opened');
		assert.match(webviews[0].label, /Meta GOTHIC/i);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
