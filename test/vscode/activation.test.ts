import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, getExtension } from './extensionUnderTest';

suite('Activation', () => {
	test('the extension is installed and activates', async () => {
		const extension = getExtension();
		await extension.activate();
		assert.equal(extension.isActive, true);
	});

	test('a folder is open, so the extension has repositories to look at', () => {
		assert.ok(vscode.workspace.workspaceFolders?.length, 'the runner opens a generated workspace');
	});

	test('activate() returns an API with graphql(document, variables)', async () => {
		const api = await activate();
		assert.equal(typeof api?.graphql, 'function');
	});

	test('the API answers a query through the stitched schema', async () => {
		const api = await activate();
		const result = (await api.graphql('query Probe { __typename }', {})) as { data?: { __typename?: string }; errors?: unknown[] };
		assert.deepEqual(result.errors ?? [], []);
		assert.equal(result.data?.__typename, 'Query');
	});
});
