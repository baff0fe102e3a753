// Repository groups in a real VS Code, over the generated meta-repository (root + three
// submodules, see test/support/miniWorkspace.mjs): the setting, the Filter by Group quick pick,
// the Repositories view it narrows, and Fetch All acting on the group only.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';
import { expectedWorkspace } from './preconditions';

/** What `metaGothic.test.repositoriesView` answers (src/extension/testHooks.ts). */
interface ViewSnapshot {
	description: string | undefined;
	roots: string[];
	repositories: string[];
}

interface Repo {
	path: string;
	name: string;
	kind: string;
}

const GROUPS = { services: ['*-service'], frontend: ['web-*'], nothing: ['no/such/*'] };

async function snapshot(): Promise<ViewSnapshot> {
	return (await vscode.commands.executeCommand<ViewSnapshot>('metaGothic.test.repositoriesView')) as ViewSnapshot;
}

/** Polls the view until `done` holds; fails with what it last showed. */
async function viewUntil(done: (s: ViewSnapshot) => boolean, what: string, timeoutMs = 15_000): Promise<ViewSnapshot> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const s = await snapshot();
		if (done(s)) {
			return s;
		}
		if (Date.now() > deadline) {
			assert.fail(`${what}; the view shows ${JSON.stringify(s)}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function setGroups(value: unknown): Promise<void> {
	// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
	await vscode.workspace.getConfiguration('metaGothic').update('repos.groups', value, vscode.ConfigurationTarget.Global);
}

function fetchHead(repo: Repo, workspace: string): string {
	return repo.kind === 'ROOT' ? path.join(repo.path, '.git', 'FETCH_HEAD') : path.join(workspace, '.git', 'modules', repo.name, 'FETCH_HEAD');
}

suite('Repository groups', () => {
	let repos: Repo[] = [];
	let workspace = '';

	suiteSetup(async () => {
		// The groups below name the generated workspace's submodules.
		expectedWorkspace();
		const api = await activate();
		await vscode.commands.executeCommand('metaGothic.refresh');
		const result = (await api.graphql('{ repositories { path name kind } }')) as { data: { repositories: Repo[] } };
		repos = result.data.repositories;
		workspace = repos.find((r) => r.kind === 'ROOT')?.path ?? '';
		await setGroups(GROUPS);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
		await setGroups(undefined);
	});

	const pathOf = (name: string) => repos.find((r) => r.name === name)?.path;

	test('Filter by Group offers All repositories and the groups; picking one narrows the view and names it', async () => {
		await viewUntil((s) => s.repositories.length === repos.length && s.description === undefined, 'every repository, unfiltered');
		const picked = vscode.commands.executeCommand<string | undefined>('metaGothic.repos.filterByGroup');
		// The pick lists "All repositories", then services, frontend, nothing: take the second item.
		await new Promise((r) => setTimeout(r, 1500));
		await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		assert.equal(await picked, 'services');
		const view = await viewUntil((s) => s.description === 'group: services' && s.repositories.length === 1, 'the view names the group and shows it only');
		assert.deepEqual(view.repositories, [pathOf('billing-service')]);
	});

	test('a group is applied by name, and an empty group says so in the view', async () => {
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'frontend');
		await viewUntil((s) => s.description === 'group: frontend' && s.repositories.join() === pathOf('web-frontend'), 'the frontend group');
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'nothing');
		const empty = await viewUntil((s) => s.description === 'group: nothing' && s.repositories.length === 0, 'the empty group');
		assert.deepEqual(empty.roots, ['No repository is in group "nothing".']);
	});

	test('Fetch All fetches the filtered repositories only', async () => {
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'frontend');
		await viewUntil((s) => s.description === 'group: frontend', 'the frontend group');
		const heads = repos.map((r) => fetchHead(r, workspace));
		for (const file of heads) {
			rmSync(file, { force: true });
		}
		await vscode.commands.executeCommand('metaGothic.repos.fetchAll');
		const fetched = repos.filter((_, i) => existsSync(heads[i])).map((r) => r.name);
		assert.deepEqual(fetched, ['web-frontend']);
	});

	test('changing the setting updates the view live; a group that disappears clears the filter', async () => {
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'frontend');
		await viewUntil((s) => s.description === 'group: frontend', 'the frontend group');
		await setGroups({ ...GROUPS, frontend: ['web-*', 'api-*'] });
		await viewUntil((s) => s.repositories.length === 2, 'the redefined group');
		await setGroups({ services: GROUPS.services });
		const all = await viewUntil((s) => s.description === undefined && s.repositories.length === repos.length, 'the filter cleared');
		assert.ok(all.repositories.includes(workspace));
	});

	test('Clear Filter shows every repository again', async () => {
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'services');
		await viewUntil((s) => s.description === 'group: services', 'the services group');
		await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
		await viewUntil((s) => s.description === undefined && s.repositories.length === repos.length, 'every repository');
	});
});
