// The dashboard closed while its subscriptions are live and repositories keep changing, in a real
// VS Code: the graph's live subscriptions go back to what they were before it opened, nothing
// fails (no error notification, no unhandled rejection), the graph keeps answering, and the
// dashboard opened again follows the changes. The changes are real edits in repositories of this
// suite's own (test/vscode/fixtureRepos.ts), which the extension's file watcher re-reads.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DashboardBridgeSnapshot } from '../../src/extension/dashboard/dashboardPanel';
import { eventually } from './eventually';
import { activate, graphqlData } from './extensionUnderTest';
import { commitFile, FixtureRepos, git } from './fixtureRepos';

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const dashboardTabs = () => tabs().filter((t) => t.input instanceof vscode.TabInputWebview && /metaGothic\.dashboard/.test(t.input.viewType));

suite('Dashboard disposal', function () {
	// Re-scans on a shared 2-core machine, next to a browser loading the page twice.
	this.timeout(180_000);
	let api: Awaited<ReturnType<typeof activate>>;
	let fixtures: FixtureRepos;
	const repos: string[] = [];
	const rejections: unknown[] = [];
	const onRejection = (reason: unknown) => rejections.push(reason);
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const graphql = graphqlData(() => api);

	const liveSubscriptions = async () => (await graphql<{ diagnostics: { graph: { liveSubscriptions: number } } }>('{ diagnostics { graph { liveSubscriptions } } }')).diagnostics.graph.liveSubscriptions;
	const bridge = () => vscode.commands.executeCommand<DashboardBridgeSnapshot | undefined>('metaGothic.test.dashboardBridge');
	const changedFiles = async (repo: string) =>
		(await graphql<{ repository: { loading: boolean; changes: { path: string }[] } | null }>('query($p: String!) { repository(path: $p) { loading changes { path } } }', { p: repo })).repository;
	const failures = async () => (await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications')).filter((n) => n.severity === 'error');

	/**
	 * Changes each repository in turn, as a build or an editor would, until stopped: every round
	 * adds a file and removes the one added two rounds before, so each read is a new state (an
	 * edit of the same untracked file would read the same). Each round also asks for a refresh,
	 * so the changes reach the graph whatever the file watcher's delay on folders made after it
	 * started; a failed refresh counts as a failure of the test.
	 */
	const startEditing = () => {
		let round = 0;
		const timer = setInterval(() => {
			round++;
			const repo = repos[round % repos.length];
			writeFileSync(path.join(repo, `live-${round}.txt`), `edit ${round}\n`);
			rmSync(path.join(repo, `live-${round - 2}.txt`), { force: true });
			vscode.commands.executeCommand('metaGothic.refresh').then(undefined, (err: unknown) => rejections.push(err));
		}, 300);
		return { stop: () => clearInterval(timer) };
	};

	/** Opens the dashboard and waits until its page has subscribed and been shown results. */
	const openDashboard = async (baseline: number) => {
		await vscode.commands.executeCommand('metaGothic.dashboard.openOverview');
		await eventually('the dashboard tab in front', async () => dashboardTabs(), (t) => t.length === 1 && t[0].isActive);
		await eventually('the page subscribed', liveSubscriptions, (n) => n > baseline);
		return eventually('the page shown its first results', bridge, (b) => b !== undefined && b.activeOperations > 0 && Object.keys(b.resultsDelivered).length > 0);
	};

	/** Results of `repositoryChanged` the open page accepted, with what the graph reads meanwhile (for a failure's message). */
	const repositoryChangesShown = async () => ({
		shown: (await bridge())?.resultsDelivered.repositoryChanged ?? 0,
		delivered: (await bridge())?.resultsDelivered,
		graph: await Promise.all(repos.map(async (r) => (await changedFiles(r))?.changes.map((c) => c.path))),
	});

	suiteSetup(async () => {
		api = await activate();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		fixtures = new FixtureRepos(root, 'dashboard');
		for (const name of ['live-a', 'live-b']) {
			const repo = path.join(fixtures.folder, name);
			git(fixtures.folder, 'init', '-q', repo);
			commitFile(repo, 'README.md', `# ${name}\n`, `${name}: initial commit`);
			repos.push(repo);
		}
		await fixtures.discover();
		for (const repo of repos) {
			await eventually(`${path.basename(repo)} read`, () => changedFiles(repo), (r) => r !== null && !r.loading);
		}
		process.on('unhandledRejection', onRejection);
	});

	suiteTeardown(async () => {
		process.off('unhandledRejection', onRejection);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await fixtures?.dispose();
	});

	test('closed while repository changes stream to it: its subscriptions end, nothing fails, and it opens again live', async () => {
		await vscode.commands.executeCommand('metaGothic.test.notifications', true);
		const baseline = await liveSubscriptions();
		await openDashboard(baseline);

		const editing = startEditing();
		try {
			await eventually('repository changes shown on the page', repositoryChangesShown, (c) => c.shown >= 2);
			// Closed mid-stream: a change is being read or posted as the panel goes.
			const [tab] = dashboardTabs();
			await vscode.window.tabGroups.close(tab);
			await eventually('the dashboard closed', bridge, (b) => b === undefined);
			await eventually('the graph\'s live subscriptions back to where they were', liveSubscriptions, (n) => n === baseline);

			// The graph keeps reading the changes that go on after the panel has gone.
			const marker = path.join(repos[0], 'after-close.txt');
			writeFileSync(marker, 'written after the dashboard closed\n');
			await eventually('the graph answering with the change made after the close', () => changedFiles(repos[0]), (r) => r?.changes.some((c) => c.path === 'after-close.txt') === true);

			// Opened again, the new page follows the changes still being made.
			const reopened = await openDashboard(baseline);
			assert.equal(reopened?.resultsDelivered.repositoryChanged ?? 0, 0, 'a new bridge: nothing counted from the old page');
			await eventually('repository changes shown on the reopened page', repositoryChangesShown, (c) => c.shown >= 2);
		} finally {
			editing.stop();
		}

		await vscode.window.tabGroups.close(dashboardTabs());
		await eventually('the live subscriptions back again after the second close', liveSubscriptions, (n) => n === baseline);
		assert.deepEqual(await failures(), [], 'no error notification');
		assert.deepEqual(rejections.map(String), [], 'no unhandled rejection in the extension host');
	});
});
