import * as vscode from 'vscode';
import { Emitter } from '../common/event';
import { GitModel } from '../git/model';
import { Gateway } from '../schema/gateway';
import { UnavailableAgentRuns, UnavailableWorkflows } from '../schema/unavailableSources';
import { registerCommands } from './commands/registerCommands';
import { readGitSettings } from './config';
import { RepositoryWatcher } from './git/repositoryWatcher';
import { log } from './log';
import { HealthStatusBar } from './statusBar';
import { EmptyTreeProvider } from './views/emptyTreeProvider';
import { Grouping, RepositoriesProvider } from './views/repositories/repositoriesProvider';

/** What `activate()` returns to other extensions: the graph, read-only to them by convention. */
export interface MetaGothicApi {
	/** Runs a GraphQL query or mutation on the Meta GOTHIC graph. */
	graphql(document: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: ReadonlyArray<{ message: string }> }>;
}

function workspaceRoots(): string[] {
	return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Activation: builds the models and the graph, then the faces that read it. Scanning runs after. */
export function activate(context: vscode.ExtensionContext): MetaGothicApi {
	const settings = readGitSettings();
	const git = new GitModel({ roots: workspaceRoots(), gitPath: settings.gitPath, concurrency: settings.concurrency, maxDepth: settings.maxDepth, exclude: settings.exclude });
	const gateway = new Gateway({
		repos: git,
		workflows: new UnavailableWorkflows('GitHub is not connected.'),
		agentRuns: new UnavailableAgentRuns('Agent runs are not available in this version of Meta GOTHIC.'),
	});
	context.subscriptions.push(git, gateway, log);

	// One "something changed" signal for the faces that summarise every domain.
	const onDidChangeAnything = new Emitter<void>();
	context.subscriptions.push(onDidChangeAnything);
	context.subscriptions.push(
		toVsDisposable(git.onDidChangeRepository(() => onDidChangeAnything.fire())),
		toVsDisposable(git.onDidChangeRepositories(() => onDidChangeAnything.fire())),
	);

	const grouping = vscode.workspace.getConfiguration('metaGothic').get<Grouping>('repos.grouping', 'state');
	const repositories = new RepositoriesProvider(gateway, onDidChangeAnything.event, grouping);
	const statusBar = new HealthStatusBar(gateway, onDidChangeAnything.event);
	context.subscriptions.push(
		repositories,
		statusBar,
		vscode.window.createTreeView('metaGothic.repositories', { treeDataProvider: repositories, showCollapseAll: true }),
		vscode.window.registerTreeDataProvider('metaGothic.workflows', new EmptyTreeProvider()),
		vscode.window.registerTreeDataProvider('metaGothic.agentRuns', new EmptyTreeProvider()),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('metaGothic.repos.grouping')) {
				repositories.setGrouping(vscode.workspace.getConfiguration('metaGothic').get<Grouping>('repos.grouping', 'state'));
			}
		}),
	);
	void vscode.commands.executeCommand('setContext', 'metaGothic.github.signedIn', false);
	void vscode.commands.executeCommand('setContext', 'metaGothic.claude.missing', false);

	let watcher: RepositoryWatcher | undefined;
	const scan = async (): Promise<void> => {
		if (!vscode.workspace.isTrusted) {
			// A repository's config can make git run programs (fsmonitor, filters): not before trust.
			return;
		}
		await vscode.window.withProgress({ location: { viewId: 'metaGothic.repositories' }, title: 'Reading repositories…' }, async () => {
			const started = Date.now();
			await git.scan();
			log.info(`Read ${git.repositories.length} repositories in ${Date.now() - started} ms`);
		});
		watcher ??= new RepositoryWatcher(git);
		await vscode.commands.executeCommand('setContext', 'metaGothic.repos.count', git.repositories.length);
		await vscode.commands.executeCommand('setContext', 'metaGothic.repos.loaded', true);
		await repositories.reload();
		await statusBar.update();
	};
	context.subscriptions.push(
		...registerCommands({ context, gateway, git, repositories, scan }),
		vscode.workspace.onDidGrantWorkspaceTrust(() => void scan()),
		{ dispose: () => watcher?.dispose() },
	);
	scan().catch((err: unknown) => log.error(`Reading repositories failed: ${err instanceof Error ? err.message : String(err)}`));

	return {
		graphql: async (document, variables) => gateway.execute({ query: document, variables: variables ?? null }),
	};
}

function toVsDisposable(d: { dispose(): void }): vscode.Disposable {
	return new vscode.Disposable(() => d.dispose());
}

/** Nothing to do: everything is registered on the context and disposed by VS Code. */
export function deactivate(): void {}
