// The Workflows view's commands in a real VS Code, against the GitHub stand-in test/vscode/run.mjs
// starts: Refresh, Re-run, Open on GitHub and Forget the GitHub Token, each run with the argument
// the view's row gives. The seeded failed run and the pull-request build are left alone: the
// workflows and Fix with Claude suites rely on them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './eventually';
import { activate, graphqlData } from './extensionUnderTest';
import { requiredEnv } from './preconditions';

interface Row {
	label: string;
	description: string;
	contextValue: string;
	children: Row[];
}

interface Run {
	id: string;
	runNumber: number;
	status: string;
	conclusion: string | null;
	event: string;
	url: string;
}


const view = (depth = 2) => vscode.commands.executeCommand<Row[]>('metaGothic.test.workflowsView', depth);
const recentRuns = (rows: readonly Row[]) => rows.find((r) => r.label === 'Recent runs')?.children ?? [];
const signedIn = async () => (await vscode.commands.executeCommand<Record<string, unknown>>('metaGothic.test.contextKeys'))['metaGothic.github.signedIn'];
const notifications = () => vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications');

suite('Workflow commands', function () {
	this.timeout(120_000);
	let api: Awaited<ReturnType<typeof activate>>;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const name = path.basename(root);

	const graphql = graphqlData(() => api);
	const runs = async () =>
		(await graphql<{ repository: { github: { runs: Run[] } | null } }>('query($p: String!) { repository(path: $p) { github { runs(first: 30) { id runNumber status conclusion event url } } } }', { p: root })).repository.github?.runs ?? [];

	suiteSetup(async () => {
		requiredEnv('META_GOTHIC_GITHUB_API_URL');
		api = await activate();
		await vscode.commands.executeCommand('metaGothic.workflows.focus');
		await eventually('runs of the parent repository', () => runs(), (rs) => rs.some((r) => r.status === 'COMPLETED' && r.conclusion === 'SUCCESS'));
	});

	setup(async () => {
		await vscode.commands.executeCommand('metaGothic.test.notifications', true);
	});

	/** What a test left to undo, run after it whether it passed or not. */
	const teardowns: Array<() => Thenable<unknown>> = [];
	teardown(async () => {
		for (const undo of teardowns.splice(0)) {
			await undo();
		}
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('metaGothic.test.captureExternalLinks', false);
	});

	test('Refresh asks GitHub at once: a run started on GitHub shows in Recent runs when it returns', async () => {
		const { repository } = await graphql<{ repository: { github: { workflows: Array<{ id: string; name: string }> } } }>('query($p: String!) { repository(path: $p) { github { workflows { id name } } } }', { p: root });
		const ci = repository.github.workflows.find((w) => w.name === 'CI');
		assert.ok(ci, JSON.stringify(repository));
		const before = new Set((await runs()).map((r) => r.id));
		// Someone else starts a run, on GitHub itself (the stand-in's REST API), not through the extension.
		const api = requiredEnv('META_GOTHIC_GITHUB_API_URL').replace(/\/$/, '');
		const response = await fetch(`${api}/repos/acme/${name}/actions/workflows/${ci.id}/dispatches`, {
			method: 'POST',
			headers: { authorization: `Bearer ${requiredEnv('META_GOTHIC_GITHUB_TOKEN')}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
			body: JSON.stringify({ ref: 'main' }),
		});
		assert.equal(response.status, 204, await response.text());

		await vscode.commands.executeCommand('metaGothic.workflows.refresh');
		const added = (await runs()).filter((r) => !before.has(r.id) && r.event === 'workflow_dispatch');
		assert.equal(added.length, 1, 'the graph has the new run once Refresh returns');
		const rows = recentRuns(await view());
		assert.ok(rows.some((r) => r.label === `${name} · CI #${added[0].runNumber}`), `the view shows it: ${JSON.stringify(rows.map((r) => r.label))}`);
	});

	test('Re-run on a finished run makes GitHub start it again', async () => {
		const finished = (await runs()).find((r) => r.status === 'COMPLETED' && r.conclusion === 'SUCCESS');
		assert.ok(finished, 'a green run to re-run');
		await vscode.commands.executeCommand('metaGothic.workflowRun.rerun', { repositoryPath: root, run: { id: finished.id } });
		const again = await eventually('the run going again', async () => (await runs()).find((r) => r.id === finished.id), (r) => r !== undefined && r.status !== 'COMPLETED');
		assert.equal(again?.runNumber, finished.runNumber, 'the same run, a new attempt');
		assert.deepEqual((await notifications()).filter((n) => n.severity === 'error'), []);
	});

	test('Open on GitHub opens the run\'s page', async () => {
		const [run] = await runs();
		assert.ok(run);
		await vscode.commands.executeCommand('metaGothic.test.captureExternalLinks', true);
		// The view's run row carries its url; the command reads nothing else.
		await vscode.commands.executeCommand('metaGothic.workflows.openOnGitHub', { repositoryPath: root, run: { id: run.id }, url: run.url });
		const opened = await vscode.commands.executeCommand<string[]>('metaGothic.test.captureExternalLinks', false);
		assert.deepEqual(opened, [run.url]);
		assert.match(run.url, new RegExp(`/acme/${name}/actions/runs/${run.id}$`));
	});

	test('Filter Recent Runs narrows the timeline to failing runs, mine, or one branch, and Clear Run Filter shows every run again', async () => {
		interface TimelineRun { runNumber: number; workflowName: string; status: string; conclusion: string | null; branch: string | null; repository: { path: string }; actor: { login: string } | null; triggeringActor: { login: string } | null }
		await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
		const answer = async (answers: string[]) => {
			await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
			await vscode.commands.executeCommand('metaGothic.test.answerPrompts', answers);
		};
		/** Waits until Recent runs lists exactly the newest 20 runs `keep` lets through, as the graph has them at that moment. */
		const shows = async (what: string, keep: (run: TimelineRun, viewer: string) => boolean) => {
			const read = async () => {
				const data = await graphql<{ githubViewer: { login: string } | null; workflowRuns: TimelineRun[] }>(
					'{ githubViewer { login } workflowRuns(first: 100) { runNumber workflowName status conclusion branch repository { path } actor { login } triggeringActor { login } } }',
				);
				const expected = data.workflowRuns.filter((r) => keep(r, data.githubViewer?.login ?? '')).slice(0, 20).map((r) => `${path.basename(r.repository.path)} · ${r.workflowName} #${r.runNumber}`);
				const node = (await view()).find((r) => r.label === 'Recent runs');
				return { expected, node, shown: (node?.children ?? []).map((r) => r.label) };
			};
			return eventually(what, read, ({ expected, shown }) => JSON.stringify(expected) === JSON.stringify(shown));
		};

		// Cleared whatever happens: the filter is kept per workspace, and the next suites read Recent runs.
		teardowns.push(() => vscode.commands.executeCommand('metaGothic.workflows.clearRunFilter'));
		await answer(['Failing']);
		await vscode.commands.executeCommand('metaGothic.workflows.filterRuns');
		const failing = await shows('only failed runs', (r) => r.status === 'COMPLETED' && r.conclusion === 'FAILURE');
		assert.ok(failing.expected.length > 0, 'the stand-in has a failed run');
		assert.match(failing.node?.description ?? '', /^failing\b/);
		assert.equal(failing.node?.contextValue, 'recentRuns filtered', 'its Clear action shows');

		// Failing again turns it off; Mine keeps the runs the signed-in account started or re-ran.
		await answer(['Failing']);
		await vscode.commands.executeCommand('metaGothic.workflows.filterRuns');
		await answer(['Mine']);
		await vscode.commands.executeCommand('metaGothic.workflows.filterRuns');
		const mine = await shows('my runs only', (r, me) => r.actor?.login === me || r.triggeringActor?.login === me);
		assert.ok(mine.expected.length > 0, 'the pushes of the set-up are mine');

		await answer(['Mine']);
		await vscode.commands.executeCommand('metaGothic.workflows.filterRuns');
		await answer(['Branch…', 'main']);
		await vscode.commands.executeCommand('metaGothic.workflows.filterRuns');
		const asked = await vscode.commands.executeCommand<Array<{ title: string; offered: string[] }>>('metaGothic.test.promptsAsked');
		assert.ok(asked.at(-1)?.offered.includes('main'), JSON.stringify(asked));
		const main = await shows('main\'s runs only', (r) => r.branch === 'main');
		assert.match(main.node?.description ?? '', /^on main\b/);

		await vscode.commands.executeCommand('metaGothic.workflows.clearRunFilter');
		const all = await shows('every run again', () => true);
		assert.equal(all.node?.contextValue, 'recentRuns');
		assert.ok(all.shown.length > failing.shown.length, 'more than the failed runs');
		assert.deepEqual((await notifications()).filter((n) => n.severity === 'error'), []);
	});

	test('Forget the GitHub Token signs out a token entered in VS Code; the environment\'s token is named when it stays', async () => {
		const token = requiredEnv('META_GOTHIC_GITHUB_TOKEN');
		// The runner's token, from the environment, cannot be forgotten: the view says where it comes from.
		await vscode.commands.executeCommand('metaGothic.github.signOut');
		const shown = (await notifications()).map((n) => n.message);
		assert.ok(shown.some((m) => /^Still signed in to GitHub with the token from the environment/.test(m)), JSON.stringify(shown));
		assert.equal(await signedIn(), true);

		// Without it, a token pasted into Sign in to GitHub is all there is, and forgetting it signs out.
		const saved = { META_GOTHIC_GITHUB_TOKEN: process.env.META_GOTHIC_GITHUB_TOKEN, GITHUB_TOKEN: process.env.GITHUB_TOKEN };
		try {
			delete process.env.META_GOTHIC_GITHUB_TOKEN;
			delete process.env.GITHUB_TOKEN;
			await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
			await vscode.commands.executeCommand('metaGothic.test.answerPrompts', ['$(key) Use a personal access token…', token]);
			await vscode.commands.executeCommand('metaGothic.github.signIn');
			const asked = await vscode.commands.executeCommand<Array<{ kind: string }>>('metaGothic.test.promptsAsked', true);
			assert.deepEqual(asked.map((a) => a.kind), ['pick', 'input']);
			await eventually('signed in with the pasted token', () => signedIn(), (v) => v === true);
			await eventually('the repositories in the view', () => view(), (rows) => rows.some((r) => r.contextValue === 'githubRepository'));

			await vscode.commands.executeCommand('metaGothic.test.notifications', true);
			await vscode.commands.executeCommand('metaGothic.github.signOut');
			await eventually('signed out', () => signedIn(), (v) => v === false);
			await eventually('the view without repositories', () => view(), (rows) => !rows.some((r) => r.contextValue === 'githubRepository'));
			assert.deepEqual((await notifications()).map((n) => n.message), [], 'no "still signed in"');
		} finally {
			Object.assign(process.env, saved);
			// Back as before: signed in with the same token and API root, entered in VS Code.
			await vscode.commands.executeCommand('metaGothic.test.answerPrompts', ['$(key) Use a personal access token…', token]);
			await vscode.commands.executeCommand('metaGothic.github.signIn');
			await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		}
		await eventually('signed in again', () => signedIn(), (v) => v === true);
		await eventually('the repositories in the view again', () => view(), (rows) => rows.some((r) => r.contextValue === 'githubRepository'));
	});
});
