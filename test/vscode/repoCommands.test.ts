// The repository commands in a real VS Code, run as the Repositories view runs them (with the
// row's node) against real repositories of this suite's own (test/vscode/fixtureRepos.ts): a clone
// of a bare remote that someone else also pushes to, and a parent with a submodule. What is
// asserted is what a user would see: HEAD, the upstream, the index, the working tree, the remote.
// Prompts are answered through metaGothic.test.answerPrompts.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './eventually';
import { activate, graphqlData } from './extensionUnderTest';
import { commitFile, FIXTURES_FOLDER, FixtureRepos, git } from './fixtureRepos';

interface GraphRepository {
	path: string;
	initialized: boolean;
	loading: boolean;
	isDirty: boolean;
	branch: string | null;
	ahead: number;
	behind: number;
	upstream: string | null;
}

interface Asked {
	kind: string;
	title: string;
	offered: string[];
}

interface FileRow {
	node: unknown;
	path: string;
	contextValue: string;
}


const GROUP = 'cmd-fixtures';

suite('Repository commands', function () {
	// git processes on a shared 2-core machine, and a re-scan after each change.
	this.timeout(120_000);
	let api: Awaited<ReturnType<typeof activate>>;
	let fixtures: FixtureRepos;
	let remote: string;
	let work: string;
	let other: string;
	let parent: string;
	let child: string;
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
	const config = () => vscode.workspace.getConfiguration('metaGothic');

	const graphql = graphqlData(() => api);
	const readRepo = async (p: string) =>
		(await graphql<{ repository: GraphRepository | null }>('query($p: String!) { repository(path: $p) { path initialized loading isDirty branch ahead behind upstream } }', { p })).repository;
	/** Waits until the graph shows `p` as `done` says (the file watcher re-reads it). */
	const repoState = (what: string, p: string, done: (r: GraphRepository) => boolean) =>
		eventually(what, () => readRepo(p), (r) => r !== null && !r.loading && done(r)) as Promise<GraphRepository>;
	/** The repository's row as the view passes it to a command. */
	const rowOf = async (p: string) => {
		const nodes = await eventually(
			`${path.basename(p)} in the Repositories view`,
			() => vscode.commands.executeCommand<{ node: unknown; files: FileRow[] } | undefined>('metaGothic.test.repositoryNodes', p),
			(n) => n !== undefined,
		);
		return nodes as { node: unknown; files: FileRow[] };
	};
	const fileRow = async (repo: string, file: string, done: (row: FileRow) => boolean) => {
		const rows = await eventually(
			`${file} in the view under ${path.basename(repo)}`,
			async () => (await vscode.commands.executeCommand<{ files: FileRow[] } | undefined>('metaGothic.test.repositoryNodes', repo))?.files ?? [],
			(files) => files.some((f) => f.path === file && done(f)),
		);
		return rows.find((f) => f.path === file) as FileRow;
	};
	/** Errors and warnings shown since the test started (a batch that partly failed is a warning). */
	const failures = async () => (await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>('metaGothic.test.notifications')).filter((n) => n.severity !== 'info');
	const answer = async (answers: Array<string | undefined>) => {
		await vscode.commands.executeCommand('metaGothic.test.promptsAsked', true);
		await vscode.commands.executeCommand('metaGothic.test.answerPrompts', answers);
	};
	const asked = () => vscode.commands.executeCommand<Asked[]>('metaGothic.test.promptsAsked', true);

	suiteSetup(async () => {
		api = await activate();
		fixtures = new FixtureRepos(root, 'repo');
		remote = fixtures.bareRemote('cmd-sync');
		work = fixtures.clone(remote, 'cmd-sync');
		other = fixtures.elsewhere(remote, 'cmd-sync');
		const parentRemote = fixtures.bareRemote('cmd-parent');
		parent = fixtures.clone(parentRemote, 'cmd-parent');
		git(parent, 'submodule', 'add', '-q', fixtures.bareRemote('cmd-child'), 'cmd-child');
		git(parent, 'commit', '-q', '-m', 'Add cmd-child as a submodule');
		child = path.join(parent, 'cmd-child');
		git(child, 'config', 'user.name', 'Meta GOTHIC Tests');
		git(child, 'config', 'user.email', 'tests@meta-gothic.invalid');
		// "… All" commands act on the group the views are narrowed to: these repositories only.
		// User settings: workspace settings would write .vscode/ into the meta-repository and dirty it.
		await config().update('repos.groups', { [GROUP]: [`${FIXTURES_FOLDER}/repo/**`] }, vscode.ConfigurationTarget.Global);
		await fixtures.discover();
		for (const repo of [work, parent, child]) {
			await repoState(`${path.basename(repo)} read`, repo, (r) => r.initialized);
		}
	});

	setup(async () => {
		await vscode.commands.executeCommand('metaGothic.test.notifications', true);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
		await config().update('repos.groups', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await fixtures?.dispose();
	});

	test('Fetch brings another clone\'s commit into origin/main and leaves HEAD; Pull then fast-forwards the working tree', async () => {
		const head = git(work, 'rev-parse', 'HEAD');
		const pushed = commitFile(other, 'FROM-ELSEWHERE.md', 'pushed by someone else\n', 'Someone else\'s change');
		git(other, 'push', '-q', 'origin', 'main');
		const { node } = await rowOf(work);

		await vscode.commands.executeCommand('metaGothic.repo.fetch', node);
		assert.equal(git(work, 'rev-parse', 'origin/main'), pushed, 'the remote branch moved');
		assert.equal(git(work, 'rev-parse', 'HEAD'), head, 'HEAD did not');
		assert.ok(!existsSync(path.join(work, 'FROM-ELSEWHERE.md')), 'nor the working tree');
		await repoState('one behind in the graph', work, (r) => r.behind === 1);

		await vscode.commands.executeCommand('metaGothic.repo.pull', (await rowOf(work)).node);
		assert.equal(git(work, 'rev-parse', 'HEAD'), pushed, 'HEAD is the remote\'s commit');
		assert.equal(readFileSync(path.join(work, 'FROM-ELSEWHERE.md'), 'utf8'), 'pushed by someone else\n');
		await repoState('in step in the graph', work, (r) => r.behind === 0 && r.ahead === 0);
		assert.deepEqual(await failures(), []);
	});

	test('Stage and Unstage on a changed file\'s row move it in and out of the index; clicking Open File opens it', async () => {
		writeFileSync(path.join(work, 'README.md'), '# cmd-sync\n\nEdited.\n');
		const unstaged = await fileRow(work, 'README.md', (f) => /\bunstaged\b/.test(f.contextValue));

		await vscode.commands.executeCommand('metaGothic.file.stage', unstaged.node);
		assert.equal(git(work, 'diff', '--cached', '--name-only'), 'README.md', 'staged');
		assert.equal(git(work, 'diff', '--name-only'), '', 'nothing left unstaged');
		const staged = await fileRow(work, 'README.md', (f) => /\bstaged\b/.test(f.contextValue) && !/\bunstaged\b/.test(f.contextValue));

		await vscode.commands.executeCommand('metaGothic.file.unstage', staged.node);
		assert.equal(git(work, 'diff', '--cached', '--name-only'), '', 'nothing staged');
		assert.equal(git(work, 'diff', '--name-only'), 'README.md', 'the edit is still in the working tree');

		const row = await fileRow(work, 'README.md', (f) => /\bunstaged\b/.test(f.contextValue) && !/\bstaged\b/.test(f.contextValue.replace('unstaged', '')));
		await vscode.commands.executeCommand('metaGothic.repos.openFile', row.node);
		await eventually('the file in the editor', async () => vscode.window.activeTextEditor?.document.uri.fsPath, (p) => p === path.join(work, 'README.md'));
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		git(work, 'checkout', '--', 'README.md');
		assert.deepEqual(await failures(), []);
	});

	test('Commit asks for a message and commits every change; Push sends it to the remote', async () => {
		writeFileSync(path.join(work, 'NOTES.md'), 'notes\n');
		await repoState('dirty in the graph', work, (r) => r.isDirty);
		await answer(['Add the notes']);
		await vscode.commands.executeCommand('metaGothic.repo.commit', (await rowOf(work)).node);
		const questions = await asked();
		assert.deepEqual(questions.map((q) => q.kind), ['input'], JSON.stringify(questions));
		assert.match(questions[0].title, /^Commit 1 repository$/);
		assert.equal(git(work, 'log', '-1', '--format=%s'), 'Add the notes');
		assert.equal(git(work, 'status', '--porcelain'), '', 'nothing left uncommitted');
		await repoState('one ahead in the graph', work, (r) => r.ahead === 1 && !r.isDirty);

		await vscode.commands.executeCommand('metaGothic.repo.push', (await rowOf(work)).node);
		assert.equal(git(remote, 'rev-parse', 'main'), git(work, 'rev-parse', 'HEAD'), 'the remote has the commit');
		await repoState('in step in the graph', work, (r) => r.ahead === 0);
		assert.deepEqual(await failures(), []);
	});

	test('Publish pushes a new branch and sets its upstream; Push on a branch without one asks first', async () => {
		git(work, 'checkout', '-q', '-b', 'feature');
		const feature = commitFile(work, 'FEATURE.md', 'a feature\n', 'Start the feature');
		await repoState('on feature in the graph', work, (r) => r.branch === 'feature' && r.upstream === null);
		await vscode.commands.executeCommand('metaGothic.repo.publish', (await rowOf(work)).node);
		assert.equal(git(remote, 'rev-parse', 'refs/heads/feature'), feature, 'the remote has the branch');
		assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'feature@{upstream}'), 'origin/feature', 'its upstream is set');

		git(work, 'checkout', '-q', '-b', 'feature-two');
		const second = commitFile(work, 'SECOND.md', 'another\n', 'Start the second feature');
		await repoState('on feature-two in the graph', work, (r) => r.branch === 'feature-two' && r.upstream === null);
		await answer(['Push and Set Upstream']);
		await vscode.commands.executeCommand('metaGothic.repo.push', (await rowOf(work)).node);
		const questions = await asked();
		assert.deepEqual(questions.map((q) => q.kind), ['confirm'], JSON.stringify(questions));
		assert.match(questions[0].title, /^cmd-sync has no upstream branch\. Push and set the upstream to origin\?$/);
		assert.equal(git(remote, 'rev-parse', 'refs/heads/feature-two'), second);
		assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'feature-two@{upstream}'), 'origin/feature-two');
		git(work, 'checkout', '-q', 'main');
		assert.deepEqual(await failures(), []);
	});

	test('Initialize checks out an uninitialised submodule from its row; Initialize All Submodules does it for the group', async () => {
		// Deinitialised in a terminal: the view follows from the file events alone.
		git(parent, 'submodule', 'deinit', '-q', '-f', 'cmd-child');
		await repoState('cmd-child not initialised in the graph', child, (r) => !r.initialized);
		assert.ok(!existsSync(path.join(child, 'README.md')));

		await vscode.commands.executeCommand('metaGothic.repo.initialize', (await rowOf(child)).node);
		assert.ok(existsSync(path.join(child, 'README.md')), 'checked out');
		await repoState('cmd-child initialised in the graph', child, (r) => r.initialized);

		git(parent, 'submodule', 'deinit', '-q', '-f', 'cmd-child');
		await repoState('cmd-child not initialised again', child, (r) => !r.initialized);
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', GROUP);
		await vscode.commands.executeCommand('metaGothic.repos.initializeAll');
		assert.ok(existsSync(path.join(child, 'README.md')), 'checked out again');
		await repoState('cmd-child initialised in the graph', child, (r) => r.initialized);
		assert.deepEqual(await failures(), []);
	});

	test('Commit All, Submodules First commits the submodule, then the parent records its new commit', async () => {
		git(child, 'config', 'user.name', 'Meta GOTHIC Tests');
		git(child, 'config', 'user.email', 'tests@meta-gothic.invalid');
		writeFileSync(path.join(child, 'CHANGE.md'), 'changed in the submodule\n');
		await repoState('cmd-child dirty in the graph', child, (r) => r.isDirty);
		const parentHead = git(parent, 'rev-parse', 'HEAD');
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', GROUP);
		await answer(['cmd-child', 'Change the submodule']);
		await vscode.commands.executeCommand('metaGothic.repos.commitHierarchy');
		const questions = await asked();
		assert.deepEqual(questions.map((q) => q.kind), ['pickMany', 'input'], JSON.stringify(questions));
		assert.ok(questions[0].offered.includes('cmd-child'), JSON.stringify(questions[0].offered));
		assert.ok(!questions[0].offered.includes('cmd-sync'), 'a clean repository is not offered');

		assert.equal(git(child, 'log', '-1', '--format=%s'), 'Change the submodule');
		assert.equal(git(child, 'status', '--porcelain'), '');
		assert.equal(git(parent, 'rev-parse', 'HEAD~1'), parentHead, 'the parent got one commit');
		assert.equal(git(parent, 'rev-parse', 'HEAD:cmd-child'), git(child, 'rev-parse', 'HEAD'), 'which records the submodule\'s new commit');
		assert.equal(git(parent, 'status', '--porcelain'), '', 'the parent is clean');
		assert.deepEqual(await failures(), []);
	});

	test('Pull All pulls the repositories of the group that are behind', async () => {
		git(other, 'pull', '-q', '--ff-only');
		const pushed = commitFile(other, 'AGAIN.md', 'again\n', 'Another change elsewhere');
		git(other, 'push', '-q', 'origin', 'main');
		await vscode.commands.executeCommand('metaGothic.repos.filterByGroup', GROUP);
		await vscode.commands.executeCommand('metaGothic.repos.pullAll');
		assert.equal(git(work, 'rev-parse', 'HEAD'), pushed, 'cmd-sync pulled the new commit');
		assert.ok(existsSync(path.join(work, 'AGAIN.md')));
		const summary = await eventually(
			'the summary',
			async () => (await vscode.commands.executeCommand<Array<{ message: string }>>('metaGothic.test.notifications')).map((n) => n.message),
			(messages) => messages.some((m) => m.startsWith('Pull: ')),
		);
		assert.match(summary.filter((m) => m.startsWith('Pull: ')).at(-1) ?? '', /^Pull: (\d+) of \1 succeeded\.$/);
	});

	test('Reveal selects the repository in the view; Open Terminal opens one in it; Reveal in Explorer ends without an error', async () => {
		await vscode.commands.executeCommand('metaGothic.repos.clearFilter');
		// The row must be in the group it will stay in: a row that moves group (a pull just landed,
		// say) is a new row to VS Code's tree, which drops the old one's selection.
		const dirty = git(work, 'status', '--porcelain') !== '';
		const [behind, ahead] = git(work, 'rev-list', '--count', '--left-right', '@{upstream}...HEAD').split(/\s+/).map(Number);
		await eventually(
			'cmd-sync\'s row as git has it',
			async () => ((await rowOf(work)).node as { repo: GraphRepository }).repo,
			(r) => !r.loading && r.isDirty === dirty && r.ahead === ahead && r.behind === behind,
		);
		// Revealed again while nothing is selected: a reload of the tree that lands just after the
		// reveal (a file event of the pull) can leave VS Code's tree without the selection it made.
		await eventually(
			'cmd-sync selected',
			async () => {
				const view = await vscode.commands.executeCommand<{ selection: string[] }>('metaGothic.test.repositoriesView');
				if (view.selection.length === 0) {
					await vscode.commands.executeCommand('metaGothic.repo.reveal', { path: work });
				}
				return view;
			},
			(view) => view.selection.length === 1 && view.selection[0] === work,
		);

		const before = new Set(vscode.window.terminals);
		await vscode.commands.executeCommand('metaGothic.repo.openTerminal', (await rowOf(work)).node);
		const opened = vscode.window.terminals.filter((t) => !before.has(t));
		assert.equal(opened.length, 1, 'one terminal opened');
		assert.equal(opened[0].name, 'cmd-sync');
		assert.equal(String((opened[0].creationOptions as vscode.TerminalOptions).cwd), work, 'in the repository');
		opened[0].dispose();

		await vscode.commands.executeCommand('metaGothic.repo.revealInExplorer', (await rowOf(work)).node);
		assert.deepEqual(await failures(), []);
	});
});
