import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, manifest } from './extensionUnderTest';

const VIEWS = ['metaGothic.repositories', 'metaGothic.workflows', 'metaGothic.agentRuns'];

suite('Views', () => {
	suiteSetup(async () => {
		await activate();
	});

	test('the activity bar container and its three views are contributed', () => {
		const { viewsContainers, views } = manifest().contributes;
		assert.deepEqual(
			viewsContainers.activitybar.map((c) => [c.id, c.title]),
			[['metaGothic', 'Meta GOTHIC']],
		);
		assert.deepEqual(
			views.metaGothic.map((v) => v.id),
			VIEWS,
		);
	});

	test('the workbench knows the container: its open command exists and runs', async () => {
		// VS Code registers workbench.view.extension.<container> only for containers it accepted.
		const commands = new Set(await vscode.commands.getCommands(true));
		assert.ok(commands.has('workbench.view.extension.metaGothic'));
		await vscode.commands.executeCommand('workbench.view.extension.metaGothic');
	});

	for (const view of VIEWS) {
		test(`${view} is a registered view that can take focus`, async () => {
			const commands = new Set(await vscode.commands.getCommands(true));
			assert.ok(commands.has(`${view}.focus`), `${view}.focus`);
			await vscode.commands.executeCommand(`${view}.focus`);
		});
	}
});
