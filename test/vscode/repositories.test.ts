// The extension reads the real repositories the runner generated (test/support/miniWorkspace.mjs)
// through its graph, after the user-facing refresh command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';

interface ExpectedWorkspace {
	submodules: string[];
	dirty: string;
}

interface RepositoryState {
	name: string;
	kind: string;
	isDirty: boolean;
}

/** Set by the runners that generate the workspace; absent when someone opens a folder by hand. */
function expectedWorkspace(): ExpectedWorkspace | undefined {
	const raw = process.env.META_GOTHIC_EXPECTED_WORKSPACE;
	return raw ? (JSON.parse(raw) as ExpectedWorkspace) : undefined;
}

suite('Repositories', () => {
	const expected = expectedWorkspace();

	test('the graph lists the root repository and each submodule, with the dirty one marked', async function () {
		if (!expected) {
			this.skip();
		}
		const api = await activate();
		await vscode.commands.executeCommand('metaGothic.refresh');
		const result = (await api.graphql('query Repos { repositories { name kind isDirty } }')) as {
			data?: { repositories: RepositoryState[] };
			errors?: unknown[];
		};
		assert.deepEqual(result.errors ?? [], []);
		const repositories = result.data?.repositories ?? [];
		assert.equal(repositories.filter((r) => r.kind === 'ROOT').length, 1, JSON.stringify(repositories));
		const submodules = repositories.filter((r) => r.kind === 'SUBMODULE');
		assert.deepEqual(submodules.map((r) => r.name).sort(), [...expected.submodules].sort());
		for (const repository of submodules) {
			assert.equal(repository.isDirty, repository.name === expected.dirty, `${repository.name}.isDirty`);
		}
	});
});
