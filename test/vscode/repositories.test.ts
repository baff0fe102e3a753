// The extension reads the real repositories the runner generated (test/support/miniWorkspace.mjs)
// through its graph, after the user-facing refresh command.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually as until } from './eventually';
import { activate, graphqlData } from './extensionUnderTest';
import { FixtureRepos, git } from './fixtureRepos';
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

	test('a repository cloned into the workspace from a terminal appears without a refresh, and its edits and commits reach the graph', async function () {
		// A clone, a scan it starts, and git processes on a loaded machine.
		this.timeout(180_000);
		const api = await activate();
		const graphql = graphqlData(() => api);
		await vscode.commands.executeCommand('metaGothic.refresh');
		const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
		const fixtures = new FixtureRepos(root, 'appeared');
		type Row = { isDirty: boolean; ahead: number; loading: boolean } | null;
		const read = async (p: string) => (await graphql<{ repository: Row }>('query($p: String!) { repository(path: $p) { isDirty ahead loading } }', { p })).repository;
		try {
			// As a terminal would: nothing tells the extension, and the folders are made in one burst.
			const clone = fixtures.clone(fixtures.bareRemote('late-clone'), 'late-clone');
			await until('the clone in the graph', () => read(clone), (r) => r !== null && !r.loading && !r.isDirty);

			writeFileSync(path.join(clone, 'README.md'), '# late-clone\n\nEdited in a terminal.\n');
			await until('the edit marks it dirty', () => read(clone), (r) => r?.isDirty === true);
			git(clone, 'commit', '-q', '-am', 'Edit the README');
			await until('the commit leaves it clean and one ahead', () => read(clone), (r) => r?.isDirty === false && r.ahead === 1);

			rmSync(clone, { recursive: true, force: true });
			await until('the deleted clone gone from the graph', () => read(clone), (r) => r === null);
		} finally {
			await fixtures.dispose();
		}
	});
});
