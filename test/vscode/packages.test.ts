// Packages in a real VS Code: the npm adapter is plugged into the graph in the trusted workspace
// (the generated meta-repository's submodules each hold a private package.json), and
// "Dispatch Release Workflow…" says what it needs when nothing can be released.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';
import { ExpectedWorkspace, expectedWorkspace } from './preconditions';
import { eventually } from './eventually';

interface Notification {
	severity: string;
	message: string;
	buttons: string[];
	code?: string;
}

type Graph = {
	data?: {
		packagesStatus: { available: boolean; code: string | null };
		githubStatus: { available: boolean; code: string | null };
		repositories: Array<{ name: string; packages: Array<{ name: string; version: string | null; private: boolean; needsRelease: boolean; registryError: unknown }> }>;
	};
	errors?: unknown[];
};

suite('Packages', () => {
	let expected: ExpectedWorkspace;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	let api: Awaited<ReturnType<typeof activate>>;
	// Plain objects (graphql-js answers with null-prototype ones), for deepEqual.
	const read = async () => JSON.parse(JSON.stringify(await api.graphql('{ packagesStatus { available code } githubStatus { available code } repositories { name packages { name version private needsRelease registryError { code } } } }'))) as Graph;

	suiteSetup(async () => {
		expected = expectedWorkspace();
		assert.ok(root, 'a workspace folder is open');
		api = await activate();
	});

	test("every submodule's package.json is in the graph, private ones never asked about at a registry", async () => {
		const graph = await eventually('the packages of every submodule', read, (g) => expected.submodules.every((name) => g.data?.repositories.find((r) => r.name === name)?.packages.length === 1));
		assert.equal(graph.errors, undefined, JSON.stringify(graph.errors));
		assert.deepEqual(graph.data?.packagesStatus, { available: true, code: null }, 'the trusted workspace reads packages');
		for (const name of expected.submodules) {
			const found: unknown = graph.data?.repositories.find((r) => r.name === name)?.packages;
			assert.deepEqual(found, [{ name, version: '1.0.0', private: true, needsRelease: false, registryError: null }], name);
		}
		assert.deepEqual(graph.data?.repositories.find((r) => r.name === path.basename(root))?.packages, [], 'the parent has no package.json');
	});

	test('Dispatch Release Workflow… says why there is nothing to release, with a code', async () => {
		const before = ((await vscode.commands.executeCommand<Notification[]>('metaGothic.test.notifications')) ?? []).length;
		const github = (await read()).data?.githubStatus;
		await vscode.commands.executeCommand('metaGothic.packages.dispatchRelease');
		const shown = await eventually('a notification', () => vscode.commands.executeCommand<Notification[]>('metaGothic.test.notifications'), (n) => n.length > before);
		const last = shown[shown.length - 1];
		if (github?.available) {
			assert.match(last.message, /No repository has both a package that needs a release and a release or publish workflow/);
			assert.equal(last.code, 'NOT_FOUND');
		} else {
			// Another suite left GitHub disconnected: release workflows run on GitHub, so that is what it says.
			assert.equal(last.code, github?.code, JSON.stringify(last));
		}
	});
});
