// The extension reads the real repositories the runner generated (test/support/miniWorkspace.mjs)
// through its graph, after the user-facing refresh command.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';
import { ExpectedWorkspace, expectedWorkspace } from './preconditions';

interface RepositoryState {
	path: string;
	name: string;
	kind: string;
	isDirty: boolean;
}

/** Polls `read` until `done` holds; fails with the last value after `timeoutMs`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) {
			return value;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

suite('Repositories', () => {
	let expected: ExpectedWorkspace;

	suiteSetup(() => {
		expected = expectedWorkspace();
	});

	test('the graph lists the root repository and each submodule, with the dirty one marked', async function () {
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

	test('a file written on disk marks its repository dirty without a refresh, and deleting it makes it clean', async function () {
		const api = await activate();
		await vscode.commands.executeCommand('metaGothic.refresh');
		const read = async (name: string) => {
			const result = (await api.graphql('query Repos { repositories { path name kind isDirty } }')) as { data?: { repositories: RepositoryState[] } };
			const repo = result.data?.repositories.find((r) => r.name === name);
			assert.ok(repo, `${name} is in the graph`);
			return repo;
		};
		const name = expected.submodules.find((n) => n !== expected.dirty) ?? '';
		const clean = await read(name);
		assert.equal(clean.isDirty, false);
		const file = path.join(clean.path, 'live-refresh-probe.txt');
		try {
			writeFileSync(file, 'written by the extension-host tests\n');
			// No command runs: only the file watcher can notice. Generous for a loaded CI machine.
			assert.equal((await eventually(() => read(name), (r) => r.isDirty, 15_000)).isDirty, true, 'dirty after the write');
		} finally {
			rmSync(file, { force: true });
		}
		// Later suites expect the generated state again.
		assert.equal((await eventually(() => read(name), (r) => !r.isDirty, 15_000)).isDirty, false, 'clean after the delete');
	});
});
