// GitHub workflows in a real VS Code, against the GitHub stand-in test/vscode/run.mjs starts
// (seeded by test/support/github/demoWorld.ts; the extension finds it through
// META_GOTHIC_GITHUB_TOKEN and META_GOTHIC_GITHUB_API_URL). Everything here is what a user would see or do: the view fills by
// polling alone, and the commands dispatch, cancel, re-run and open logs.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate } from './extensionUnderTest';
import { ExpectedWorkspace, expectedWorkspace, requiredEnv } from './preconditions';
import { eventually } from './eventually';

/** A row of the Workflows view, as `metaGothic.test.workflowsView` describes it. */
interface Row {
	label: string;
	description: string;
	contextValue: string;
	icon: string;
	children: Row[];
}

interface Run {
	id: string;
	runNumber: number;
	workflowName: string;
	status: string;
	conclusion: string | null;
	event: string;
	repository: { path: string };
}

type Result<T> = { data?: T; errors?: { message: string }[] };

async function view(depth = 2): Promise<Row[]> {
	return vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', depth);
}

function recentRuns(rows: readonly Row[]): Row[] {
	return rows.find((r) => r.label === 'Recent runs')?.children ?? [];
}

suite('Workflows', () => {
	let expected: ExpectedWorkspace;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const pathOf = (name: string) => (name === path.basename(root) ? root : path.join(root, name));
	const allNames = () => [path.basename(root), ...expected.submodules];
	const results: unknown[] = [];
	let api: Awaited<ReturnType<typeof activate>>;

	const graphql = async <T>(query: string, variables?: Record<string, unknown>): Promise<Result<T>> => {
		const result = (await api.graphql(query, variables)) as Result<T>;
		results.push(result);
		return result;
	};
	const runsOf = async (name: string) => (await graphql<{ repository: { github: { runs: Run[] } } }>('query($p: String!) { repository(path: $p) { github { runs(first: 20) { id runNumber workflowName status conclusion event repository { path } } } } }', { p: pathOf(name) })).data?.repository.github.runs ?? [];
	const runById = async (name: string, id: string) => (await runsOf(name)).find((r) => r.id === id);

	suiteSetup(async () => {
		expected = expectedWorkspace();
		requiredEnv('META_GOTHIC_GITHUB_API_URL');
		api = await activate();
		await vscode.commands.executeCommand('metaGothic.workflows.focus');
	});

	suiteTeardown(() => {
		const token = process.env.META_GOTHIC_GITHUB_TOKEN;
		if (token) {
			assert.ok(!JSON.stringify(results).includes(token), 'the token never appears in a graph result');
		}
	});

	test('the view lists every repository and the recent runs of several, after polling alone', async () => {
		const names = [path.basename(root), ...expected.submodules];
		const rows = await eventually(
			'runs of every repository in Recent runs',
			() => view(),
			(rs) => names.every((n) => recentRuns(rs).some((r) => r.label.startsWith(`${n} · `))),
		);
		assert.deepEqual(
			rows.filter((r) => r.contextValue === 'githubRepository').map((r) => [r.label, r.description]),
			names.map((n) => [n, `acme/${n}`]),
		);
		const recent = recentRuns(rows);
		const failed = recent.find((r) => r.label.startsWith(`${expected.submodules[0]} · `) && r.icon === 'error');
		assert.ok(failed, `the second repository's failed run shows red: ${JSON.stringify(recent.map((r) => [r.label, r.icon]))}`);
		assert.match(failed.contextValue, /\brerunnable\b/);
		assert.match(failed.contextValue, /\bfailed\b/);
	});

	test('a repository expands to its workflows, their runs, jobs and steps', async () => {
		const rows = await view(5);
		const meta = rows.find((r) => r.contextValue === 'githubRepository' && r.label === path.basename(root));
		const ci = meta?.children.find((w) => w.label === 'CI');
		assert.ok(ci, JSON.stringify(meta));
		assert.match(ci.contextValue, /\bdispatchable\b/);
		assert.ok(!/\bdispatchable\b/.test(meta!.children.find((w) => w.label === 'Nightly')?.contextValue ?? 'x'), 'a workflow without workflow_dispatch cannot be run by hand');
		const finished = ci.children[0];
		assert.equal(finished.icon, 'pass');
		assert.deepEqual(finished.children.map((j) => j.label).sort(), ['build', 'lint']);
		const build = finished.children.find((j) => j.label === 'build')!;
		assert.match(build.contextValue, /\bhasLog\b/);
		assert.deepEqual(build.children.map((s) => s.label), ['Set up job', 'Install dependencies', 'Run tests']);

		// Runs off the default branch come from the repository's run list, read when it is expanded.
		const busy = rows.find((r) => r.contextValue === 'githubRepository' && r.label === expected.submodules[1]);
		const running = busy?.children.find((w) => w.label === 'CI')?.children.find((r) => r.icon === 'sync~spin');
		assert.ok(running, `a run in progress spins: ${JSON.stringify(busy?.children.map((w) => w.children.map((r) => [r.label, r.icon])))}`);
		assert.match(running.contextValue, /\bcancelable\b/);
		assert.match(running.description, /^feature\/login · pull request · /);
	});

	test('dispatching a workflow with a boolean and a choice input starts a run that turns green without a refresh', async () => {
		const name = path.basename(root);
		const before = new Set((await runsOf(name)).map((r) => r.id));
		const started = (await vscode.commands.executeCommand('metaGothic.workflow.dispatch', { repositoryPath: root, workflowPath: 'ci.yml', ref: 'main', inputs: { debug: 'true', target: 'production' } })) as { run: Run | null } | undefined;
		assert.ok(started, 'the command reports what it started');
		const appeared = await eventually('the dispatched run in the graph', () => runsOf(name), (runs) => runs.some((r) => !before.has(r.id) && r.event === 'workflow_dispatch'));
		const run = appeared.find((r) => !before.has(r.id))!;
		const label = `${name} · CI #${run.runNumber}`;
		const row = await eventually('the dispatched run turning green in the view', () => view(), (rows) => recentRuns(rows).some((r) => r.label === label && r.icon === 'pass'), 60_000);
		assert.match(recentRuns(row).find((r) => r.label === label)!.description, /workflow dispatch/);
	});

	test('cancelling a run in progress ends it as cancelled', async () => {
		const name = expected.submodules[1];
		let run = (await runsOf(name)).find((r) => r.status !== 'COMPLETED');
		if (!run) {
			// The seeded build finished early (a slow machine): start one to cancel.
			const started = (await vscode.commands.executeCommand('metaGothic.workflow.dispatch', { repositoryPath: pathOf(name), workflowPath: 'ci.yml', ref: 'main', inputs: {} })) as { run: Run | null };
			run = started.run ?? undefined;
		}
		assert.ok(run, 'a run to cancel');
		await vscode.commands.executeCommand('metaGothic.workflowRun.cancel', { repositoryPath: pathOf(name), run: { id: run.id } });
		const cancelled = await eventually('the cancellation to land', () => runById(name, run.id), (r) => r?.status === 'COMPLETED');
		assert.equal(cancelled?.conclusion, 'CANCELLED');
	});

	test('re-running the failed jobs of a red run turns it green', async () => {
		const name = expected.submodules[0];
		const failed = (await runsOf(name)).find((r) => r.conclusion === 'FAILURE');
		assert.ok(failed, 'the seeded red run');
		await vscode.commands.executeCommand('metaGothic.workflowRun.rerunFailed', { repositoryPath: pathOf(name), run: { id: failed.id } });
		const passed = await eventually('the re-run to pass', () => runById(name, failed.id), (r) => r?.status === 'COMPLETED' && r.conclusion !== 'FAILURE', 60_000);
		assert.equal(passed?.conclusion, 'SUCCESS');
	});

	test('a job log opens as a read-only document', async () => {
		const name = expected.submodules[2];
		const jobs = await graphql<{ repository: { github: { runs: Array<{ jobs: Array<{ id: string; name: string }> }> } } }>('query($p: String!) { repository(path: $p) { github { runs(first: 1) { jobs { id name } } } } }', { p: pathOf(name) });
		const job = jobs.data?.repository.github.runs[0]?.jobs.find((j) => j.name === 'build');
		assert.ok(job, JSON.stringify(jobs));
		const doc = (await vscode.commands.executeCommand('metaGothic.workflowJob.viewLog', { repositoryPath: pathOf(name), job })) as vscode.TextDocument;
		assert.equal(doc.uri.scheme, 'meta-gothic-job-log');
		assert.match(doc.getText(), /##\[group\]Run Run tests/);
		assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	suite('narrowed to a repository group', () => {
		// A group of one submodule (not the first repository, which a pick list would offer first).
		const member = () => expected.submodules[1];
		const repositoryRows = (rows: readonly Row[]) => rows.filter((r) => r.contextValue === 'githubRepository').map((r) => r.label);
		const description = () => vscode.commands.executeCommand<string | undefined>('metaGothic.test.workflowsViewDescription');

		suiteSetup(async () => {
			// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
			await vscode.workspace.getConfiguration('metaGothic').update('repos.groups', { one: [member()] }, vscode.ConfigurationTarget.Global);
		});

		suiteTeardown(async () => {
			await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
			await vscode.workspace.getConfiguration('metaGothic').update('repos.groups', undefined, vscode.ConfigurationTarget.Global);
		});

		test('the view lists only the group\'s repository and its runs, names the group, and shows everything again when cleared', async () => {
			await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'one');
			const narrowed = await eventually(
				'the view narrowed to the group',
				() => view(),
				(rows) => repositoryRows(rows).join() === member() && recentRuns(rows).length > 0 && recentRuns(rows).every((r) => r.label.startsWith(`${member()} · `)),
			);
			assert.deepEqual(repositoryRows(narrowed), [member()]);
			assert.equal(await description(), 'group: one');

			await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
			const all = await eventually('every repository again', () => view(), (rows) => repositoryRows(rows).length === allNames().length);
			assert.deepEqual(repositoryRows(all), allNames());
			assert.ok(allNames().filter((n) => recentRuns(all).some((r) => r.label.startsWith(`${n} · `))).length > 1, 'Recent runs spans repositories again');
			assert.equal(await description(), undefined);
		});

		test('Run Workflow… offers the group\'s repositories only', async () => {
			await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', 'one');
			await eventually('the filter', async () => description(), (d) => d === 'group: one');
			const runsBefore = new Map(await Promise.all(allNames().map(async (n) => [n, new Set((await runsOf(n)).map((r) => r.id))] as const)));
			// Take the first item of every prompt: the repository, the ref (default branch), each input's default.
			// Without the filter the first repository offered would be the parent.
			let settled = false;
			const dispatched = Promise.resolve(vscode.commands.executeCommand('metaGothic.workflow.dispatch')).finally(() => {
				settled = true;
			});
			const deadline = Date.now() + 30_000;
			while (!settled && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 700));
				await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
			}
			if (!settled) {
				// A prompt that Enter does not get past: dismiss it, so the command ends and the test fails.
				await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
			}
			assert.ok(await dispatched, 'the dispatch went through every prompt');
			const started = await eventually(
				'a dispatched run in the group\'s repository',
				async () => (await runsOf(member())).filter((r) => !runsBefore.get(member())?.has(r.id) && r.event === 'workflow_dispatch'),
				(runs) => runs.length > 0,
			);
			assert.equal(started.length, 1);
			for (const other of allNames().filter((n) => n !== member())) {
				const added = (await runsOf(other)).filter((r) => !runsBefore.get(other)?.has(r.id) && r.event === 'workflow_dispatch');
				assert.deepEqual(added, [], `nothing was dispatched in ${other}`);
			}
		});
	});
});
