// Ship Everything in a real VS Code: two dirty submodules of the mini workspace get commit messages
// from the real Claude CLI (against the Messages API stand-in), the review's edited messages are
// committed submodules first (the parent records the new pointers) and pushed to the upstream
// checkouts; a submodule whose upstream moved ahead is rejected and keeps its commit. The prompts
// are answered through metaGothic.test.answerPrompts; what is asserted is what a user sees: the
// questions asked, the repositories' git state, the upstreams, and the Workflows view's Last ship.
// api-gateway is left alone: the Fix with Claude suite relies on its history.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, getExtension, graphqlData } from './extensionUnderTest';
import { eventually } from './eventually';
import { expectedWorkspace, requiredEnv } from './preconditions';

interface Asked {
	kind: string;
	title: string;
	offered: string[];
}

interface Row {
	label: string;
	description: string;
	contextValue: string;
	icon: string;
	children: Row[];
}

interface ShipRow {
	repository: { path: string; name: string };
	commit: { status: string; error: { code: string } | null };
	sha: string | null;
	push: { status: string; error: { code: string; message: string } | null };
	pushedSha: string | null;
}


function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

suite('Ship Everything', function () {
	// Claude writes the messages in a CLI process per repository, on a shared 2-core machine.
	this.timeout(180_000);
	let api: Awaited<ReturnType<typeof activate>>;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const config = () => vscode.workspace.getConfiguration('metaGothic');
	const billing = () => path.join(root, 'billing-service');
	const web = () => path.join(root, 'web-frontend');
	const originOf = (repo: string) => git(repo, 'remote', 'get-url', 'origin');

	const graphql = graphqlData(() => api);
	/** Waits until the graph sees each repository dirty: the pick list offers only those. */
	const dirtyInGraph = (...repos: string[]) =>
		eventually(
			`${repos.map((r) => path.basename(r)).join(', ')} dirty in the graph`,
			() => Promise.all(repos.map(async (p) => (await graphql<{ repository: { isDirty: boolean } | null }>('query($p: String!) { repository(path: $p) { isDirty } }', { p })).repository?.isDirty)),
			(dirty) => dirty.every(Boolean),
		);
	const shipThroughCommand = async (answers: Array<string | undefined>): Promise<{ rows: ShipRow[]; asked: Asked[] }> => {
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', answers);
		const ship = await vscode.commands.executeCommand<{ rows: ShipRow[] } | undefined>('metaGothic.repos.shipEverything');
		const asked = await vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);
		assert.ok(ship, `the command shipped: ${JSON.stringify(asked)}`);
		return { rows: ship.rows, asked };
	};
	/** The Workflows view's Last ship, once it shows every repository named. */
	const lastShip = (...names: string[]) =>
		eventually(
			'the Last ship summary in the Workflows view',
			async () => (await vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', 2)).find((r) => r.label === 'Last ship'),
			(node) => node !== undefined && names.every((n) => node.children.some((c) => c.label === n)),
		) as Promise<Row>;

	suiteSetup(async () => {
		expectedWorkspace();
		requiredEnv('ANTHROPIC_BASE_URL');
		api = await activate();
		// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
		await config().update('claude.path', path.join(getExtension().extensionPath, 'node_modules', '.bin', 'claude'), vscode.ConfigurationTarget.Global);
		await eventually('Claude available', () => graphql<{ claudeStatus: { available: boolean } }>('{ claudeStatus { available } }'), (d) => d.claudeStatus.available);
	});

	suiteTeardown(async () => {
		await config().update('claude.path', undefined, vscode.ConfigurationTarget.Global);
	});

	test('ships two dirty repositories: reviewed messages committed, pushed, the parent records the pointers, the summary shows both', async () => {
		writeFileSync(path.join(billing(), 'RELEASE.md'), 'billing: ready to ship\n');
		writeFileSync(path.join(web(), 'RELEASE.md'), 'web: ready to ship\n');
		await dirtyInGraph(billing(), web());
		const messages: Record<string, string> = { 'billing-service': 'Ship the billing release notes', 'web-frontend': 'Ship the web release notes' };
		// The pick starts with every dirty repository picked; these two are kept. Then one review per repository.
		const { rows, asked } = await shipThroughCommand(['billing-service\nweb-frontend', 'Ship the first', 'Ship the second']);

		assert.deepEqual(asked.map((a) => a.kind), ['pickMany', 'input', 'input'], JSON.stringify(asked));
		assert.ok(['billing-service', 'web-frontend'].every((n) => asked[0].offered.includes(n)), `both are offered: ${JSON.stringify(asked[0].offered)}`);
		assert.ok(!asked[0].offered.includes('api-gateway'), 'a clean repository is not offered');
		// Each review showed Claude's message for that repository; the text typed over it is what was committed.
		const reviewed = asked.slice(1).map((a) => ({ name: /Ship (\S+) \(/.exec(a.title)?.[1] ?? '', offered: a.offered[0] ?? '' }));
		assert.deepEqual(reviewed.map((r) => r.name).sort(), ['billing-service', 'web-frontend']);
		assert.ok(reviewed.every((r) => /^Update /.test(r.offered)), `Claude's messages were offered: ${JSON.stringify(reviewed)}`);
		messages[reviewed[0].name] = 'Ship the first';
		messages[reviewed[1].name] = 'Ship the second';

		for (const repo of [billing(), web()]) {
			const name = path.basename(repo);
			const row = rows.find((r) => r.repository.path === repo);
			assert.deepEqual([row?.commit.status, row?.push.status], ['SUCCEEDED', 'SUCCEEDED'], JSON.stringify(row));
			assert.equal(git(repo, 'status', '--porcelain'), '', `${name} ends clean`);
			assert.equal(git(repo, 'log', '-1', '--format=%s'), messages[name], `${name} has the reviewed message`);
			assert.match(git(repo, 'log', '-1', '--format=%b'), /^Touches .*RELEASE\.md/, `${name} keeps the body Claude wrote`);
			assert.equal(git(originOf(repo), 'rev-parse', 'HEAD'), git(repo, 'rev-parse', 'HEAD'), `${name}'s upstream has the commit`);
			assert.equal(row?.pushedSha, git(repo, 'rev-parse', 'HEAD'));
			// Submodules first: the parent's commit records each one's new commit.
			assert.equal(git(root, 'rev-parse', `HEAD:${name}`), git(repo, 'rev-parse', 'HEAD'), `the parent records ${name}'s new commit`);
		}

		const summary = await lastShip('billing-service', 'web-frontend');
		for (const name of ['billing-service', 'web-frontend']) {
			const row = summary.children.find((c) => c.label === name);
			assert.match(row?.description ?? '', /^committed [0-9a-f]{7} · pushed · (waiting for CI|CI running|CI passed)/, JSON.stringify(row));
			assert.doesNotMatch(row?.contextValue ?? '', /\bfailed\b/);
		}
		assert.match(summary.description, /\b2 pushed\b/);

		// The origins told the GitHub stand-in of both pushes, as GitHub learns of a push, and it runs
		// CI on the pushed commits: the summary follows each run to its end without a refresh, and one
		// notification says what CI made of the whole ship.
		const finished = await eventually(
			'CI passed for both pushes in the Last ship',
			async () => (await vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', 2)).find((r) => r.label === 'Last ship'),
			(node) => ['billing-service', 'web-frontend'].every((n) => / · CI passed$/.test(node?.children.find((c) => c.label === n)?.description ?? '')),
			120_000,
		);
		assert.match(finished?.description ?? '', /^2 pushed\b.* · CI: 2 passed$/);
		const notice = await eventually(
			'the notification that the ship\'s CI finished',
			async () => (await vscode.commands.executeCommand<Array<{ severity: string; message: string; buttons: string[] }>>('metaGothic.test.notifications')).filter((n) => n.message.startsWith('Ship CI finished')),
			(shown) => shown.length > 0,
		);
		assert.equal(notice.length, 1, JSON.stringify(notice));
		assert.match(notice[0].message, /^Ship CI finished: 2 pushed\b.* · CI: 2 passed\.$/);
		assert.deepEqual(notice[0].buttons, ['Show Runs'], 'nothing failed in CI: nothing to fix');
	});

	test('skipping the review ships nothing: the working tree, HEAD and upstream stay as they were', async () => {
		writeFileSync(path.join(web(), 'DRAFT.md'), 'not ready\n');
		await dirtyInGraph(web());
		const head = git(web(), 'rev-parse', 'HEAD');
		const status = git(web(), 'status', '--porcelain');
		const upstreamHead = git(originOf(web()), 'rev-parse', 'HEAD');
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		// Escape on the one review: the user never gave the go.
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', ['web-frontend', undefined]);
		const ship = await vscode.commands.executeCommand('metaGothic.repos.shipEverything');
		const asked = await vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);

		assert.deepEqual(asked.map((a) => a.kind), ['pickMany', 'input'], JSON.stringify(asked));
		assert.equal(ship, undefined);
		assert.equal(git(web(), 'rev-parse', 'HEAD'), head, 'nothing was committed');
		assert.equal(git(web(), 'status', '--porcelain'), status, 'the working tree is as it was');
		assert.equal(git(originOf(web()), 'rev-parse', 'HEAD'), upstreamHead, 'nothing was pushed');
		const notifications = await vscode.commands.executeCommand<Array<{ message: string }>>('metaGothic.test.notifications');
		assert.match(notifications.at(-1)?.message ?? '', /^Nothing shipped: every repository was skipped/);
		rmSync(path.join(web(), 'DRAFT.md'));
	});

	test('a push the upstream rejects is reported with its code, and its commit stays', async () => {
		const upstream = originOf(web());
		// Someone else pushed first: the upstream is one commit ahead of the checkout.
		writeFileSync(path.join(upstream, 'ELSEWHERE.md'), 'pushed by someone else\n');
		git(upstream, 'add', 'ELSEWHERE.md');
		git(upstream, '-c', 'user.name=Other', '-c', 'user.email=other@example.invalid', 'commit', '-q', '-m', 'Someone else\'s change');
		const upstreamHead = git(upstream, 'rev-parse', 'HEAD');
		writeFileSync(path.join(web(), 'RELEASE.md'), 'web: second release\n');
		await dirtyInGraph(web());

		const { rows, asked } = await shipThroughCommand(['web-frontend', 'Ship the second web release']);

		assert.deepEqual(asked.map((a) => a.kind), ['pickMany', 'input'], JSON.stringify(asked));
		const row = rows.find((r) => r.repository.path === web());
		assert.deepEqual([row?.commit.status, row?.push.status, row?.push.error?.code], ['SUCCEEDED', 'FAILED', 'PUSH_REJECTED'], JSON.stringify(row));
		assert.equal(git(web(), 'log', '-1', '--format=%s'), 'Ship the second web release', 'the commit stays');
		assert.equal(git(web(), 'status', '--porcelain'), '', 'nothing is lost from the working tree');
		assert.equal(git(upstream, 'rev-parse', 'HEAD'), upstreamHead, 'the upstream kept its own commit');

		const summary = await lastShip('web-frontend');
		const shown = summary.children.find((c) => c.label === 'web-frontend');
		assert.match(shown?.description ?? '', /push failed \(PUSH_REJECTED\), commit kept/, JSON.stringify(shown));
		assert.match(shown?.contextValue ?? '', /\bfailed\b/);
		assert.equal(shown?.icon, 'error');
		const notifications = await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications');
		assert.ok(notifications.some((n) => n.severity === 'warning' && /^Ship: .*push failed/.test(n.message)), JSON.stringify(notifications.slice(-3)));
	});
});
