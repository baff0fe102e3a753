import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, manifest } from './extensionUnderTest';

suite('Configuration', () => {
	suiteSetup(async () => {
		await activate();
	});

	teardown(async () => {
		await vscode.workspace.getConfiguration('metaGothic').update('claude.concurrency', undefined, vscode.ConfigurationTarget.Global);
	});

	test('metaGothic.claude.concurrency defaults to 3', () => {
		assert.equal(vscode.workspace.getConfiguration('metaGothic').get('claude.concurrency'), 3);
	});

	test('every metaGothic.* setting reads back its declared default', () => {
		const properties = manifest().contributes.configuration.properties;
		const keys = Object.keys(properties);
		assert.ok(keys.length > 0);
		for (const key of keys) {
			assert.ok(key.startsWith('metaGothic.'), key);
			const inspected = vscode.workspace.getConfiguration().inspect(key);
			assert.ok(inspected, `${key} is not a known setting`);
			assert.deepEqual(inspected.defaultValue, properties[key].default ?? null, key);
		}
	});

	test('a changed value is seen, with a change event for it', async () => {
		const changed = new Promise<boolean>((resolve) => {
			const listener = vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('metaGothic.claude.concurrency')) {
					listener.dispose();
					resolve(true);
				}
			});
		});
		await vscode.workspace.getConfiguration('metaGothic').update('claude.concurrency', 5, vscode.ConfigurationTarget.Global);
		assert.equal(await changed, true);
		assert.equal(vscode.workspace.getConfiguration('metaGothic').get('claude.concurrency'), 5);
	});
});
