import * as path from 'node:path';
import * as vscode from 'vscode';
import { Emitter } from '../common/event';
import { type EventLoopDelay, sampleEventLoopDelay } from '../common/eventLoopDelay';
import { ChangeStamps } from '../git/changeStamps';
import { GitModel } from '../git/model';
import { GitOperations } from '../git/operations';
import { GitReposOperations } from '../git/reposOperations';
import { GitFlowOperations } from '../git/flowGit';
import type { FlowGit } from '../schema/contracts/flows';
import { SourceError } from '../schema/contracts/sourceError';
import { Gateway } from '../schema/gateway';
import type { ClaudeAgentRuns } from '../claude/agentRunsModel';
import { UnavailableWorkflows } from '../schema/unavailableSources';
import { SwitchableWorkflows } from '../schema/workflows/switchableWorkflows';
import { registerAgentRuns } from './agentRuns/registerAgentRuns';
import { createAgentRunsSource } from './agentRuns/settings';
import { registerFilterCommands } from './commands/filterCommands';
import { registerCommands } from './commands/registerCommands';
import { createCommand } from './commands/createCommand';
import { registerFixWithClaude } from './commands/fixWithClaudeCommand';
import { registerShipEverything } from './commands/shipEverythingCommand';
import { registerRepositoryCommands } from './commands/repositoryCommands';
import { pathOf } from './commands/repositoryPicks';
import { CodedError } from './errors/codedError';
import { readFlowSettings, readGitSettings } from './config';
import { GIT_REVISION_SCHEME, HeadContentProvider } from './git/headContentProvider';
import { RepositoryDecorations } from './git/repositoryDecorations';
import { showGitStatus } from './git/gitStatusContext';
import { RepositoryWatcher } from './git/repositoryWatcher';
import { FixWorktrees } from './flows/fixWorktrees';
import { LastShip } from './flows/lastShip';
import { FixCompletionNotifier } from './flows/fixCompletionNotifier';
import { ShipCompletionNotifier } from './flows/shipCompletionNotifier';
import { log } from './log';
import { createPackagesSource, registerPackages } from './packages/registerPackages';
import { RepositoryFilter, showFilterIn } from './repositoryFilter';
import { HealthStatusBar } from './statusBar';
import { registerTestHooks } from './testHooks';
import { Grouping, RepositoriesProvider } from './views/repositories/repositoriesProvider';
import { createWorkflowsModel } from './workflows/createWorkflowsModel';
import { GitHubCredentials, readGitHubTarget } from './workflows/githubCredentials';
import { registerWorkflows } from './workflows/registerWorkflows';

/** What `activate()` returns to other extensions: the graph. */
export interface MetaGothicApi {
	/** Runs a GraphQL query or mutation on the Meta GOTHIC graph. */
	graphql(document: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: ReadonlyArray<{ message: string }> }>;
}

let agentRuns: ClaudeAgentRuns | undefined;

function workspaceRoots(): string[] {
	return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The flows' git, refusing while the workspace is untrusted (a repository's config can make git run programs). */
function trustedOnly(flowGit: FlowGit): FlowGit {
	const refuse = (): Promise<never> => Promise.reject(new SourceError('REPOS', 'UNTRUSTED', 'Trust the workspace to let Meta GOTHIC run git here.'));
	return {
		show: (...args) => (vscode.workspace.isTrusted ? flowGit.show(...args) : refuse()),
		restore: (...args) => (vscode.workspace.isTrusted ? flowGit.restore(...args) : refuse()),
	};
}

function toVsDisposable(d: { dispose(): void }): vscode.Disposable {
	return new vscode.Disposable(() => d.dispose());
}

/** Activation: builds the models and the graph, then the faces that read it. Scanning runs after. */
export function activate(context: vscode.ExtensionContext): MetaGothicApi {
	const started = Date.now();
	const settings = readGitSettings();
	// Fix with Claude's own checkouts are searched besides the workspace folders while they exist.
	const storage = context.storageUri ?? context.globalStorageUri;
	const worktrees = new FixWorktrees({
		// The model's runner, so one pool bounds every git process (the model is made next).
		git: { exec: (...args) => git.git.exec(...args) },
		parentDir: path.join(storage.fsPath, 'fix-worktrees'),
		onDidChange: async () => {
			git.setRoots(gitRoots());
			await scan();
		},
	});
	const gitRoots = (): string[] => [...workspaceRoots(), ...worktrees.paths];
	const git = new GitModel({ roots: gitRoots(), gitPath: settings.gitPath, concurrency: settings.concurrency, maxDepth: settings.maxDepth, exclude: settings.exclude });
	const operations = new GitOperations(git);
	const repoOperations = new GitReposOperations(operations);
	const flowGit = new GitFlowOperations(git, operations);
	const runs = (agentRuns = createAgentRunsSource(context, vscode.workspace.isTrusted, git));
	// The group the views and batch commands are narrowed to; also the graph's groups source.
	const filter = new RepositoryFilter(context.workspaceState, workspaceRoots);
	// GitHub repositories come from git remotes, which are read only in a trusted workspace:
	// registerWorkflows plugs GitHub in when the workspace is (or becomes) trusted.
	const workflows = new SwitchableWorkflows(new UnavailableWorkflows('GitHub is read only in a trusted workspace.'));
	// Likewise packages: their release tags come from git (registerPackages plugs the npm adapter in).
	const packages = createPackagesSource();
	const gateway = new Gateway({
		repos: git,
		// In an untrusted workspace the graph is read-only: no git write is ever started. Asked per
		// mutation, so granting trust enables writes without a reload.
		repoOperations: () => (vscode.workspace.isTrusted ? repoOperations : undefined),
		workflows,
		agentRuns,
		packages,
		repositoryGroups: filter,
		// The flows' own git writes (putting an agent's edits back) follow the same trust rule.
		flows: { git: trustedOnly(flowGit), settings: readFlowSettings },
		// Figures of this instance's own work, for the dashboard's Diagnostics page.
		diagnostics: {
			gitProcesses: () => git.git.processStats,
			agentProcessesAlive: () => runs.processesAlive,
			logLines: (last, level) => log.lines(last, level),
		},
	});
	context.subscriptions.push(git, operations, repoOperations, gateway, filter, log, toVsDisposable(workflows), toVsDisposable(packages));

	// One "something changed" signal for the faces that summarise every domain.
	const onDidChangeAnything = new Emitter<void>();
	context.subscriptions.push(
		onDidChangeAnything,
		toVsDisposable(git.onDidChangeRepository(() => onDidChangeAnything.fire())),
		toVsDisposable(git.onDidChangeRepositories(() => onDidChangeAnything.fire())),
		// The first scan's rows, before their statuses are read: a big workspace shows at once.
		toVsDisposable(git.onDidDiscoverRepositories(() => onDidChangeAnything.fire())),
		toVsDisposable(packages.onDidChange(() => onDidChangeAnything.fire())),
		toVsDisposable(operations.onDidRunOperation((e) => e.phase === 'end' && e.error && log.warn(`${e.operation} in ${e.path}: ${e.error.message}`))),
	);

	const grouping = vscode.workspace.getConfiguration('metaGothic').get<Grouping>('repos.grouping', 'state');
	const repositories = new RepositoriesProvider(gateway, onDidChangeAnything.event, grouping, filter);
	const repositoriesView = vscode.window.createTreeView('metaGothic.repositories', { treeDataProvider: repositories, showCollapseAll: true });
	// Health also counts failed CI runs and agent runs: the status bar follows those domains too.
	const onDidChangeHealth = new Emitter<void>();
	context.subscriptions.push(
		onDidChangeHealth,
		toVsDisposable(onDidChangeAnything.event(() => onDidChangeHealth.fire())),
		toVsDisposable(workflows.onDidChangeRun(() => onDidChangeHealth.fire())),
		toVsDisposable(workflows.onDidChangeStatus(() => onDidChangeHealth.fire())),
		toVsDisposable(agentRuns.onDidChangeRun(() => onDidChangeHealth.fire())),
	);
	const statusBar = new HealthStatusBar(gateway, onDidChangeHealth.event);
	const decorations = new RepositoryDecorations(() => git.repositories, git.onDidChangeRepository);
	context.subscriptions.push(
		repositories,
		statusBar,
		decorations,
		vscode.window.registerFileDecorationProvider(decorations),
		vscode.workspace.registerTextDocumentContentProvider(GIT_REVISION_SCHEME, new HeadContentProvider(operations)),
		repositoriesView,
		showFilterIn(repositoriesView, filter),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('metaGothic.repos.grouping')) {
				repositories.setGrouping(vscode.workspace.getConfiguration('metaGothic').get<Grouping>('repos.grouping', 'state'));
			}
		}),
	);

	let watcher: RepositoryWatcher | undefined;
	const stamps = new ChangeStamps();
	const scan = async (): Promise<void> => {
		if (!vscode.workspace.isTrusted) {
			// A repository's config can make git run programs (fsmonitor, filters): not before trust.
			return;
		}
		await vscode.window.withProgress({ location: { viewId: 'metaGothic.repositories' }, title: 'Reading repositories…' }, async () => {
			const scanStarted = Date.now();
			// How responsive the extension host stayed during the scan, for the log and the bench.
			const sampler = sampleEventLoopDelay();
			let delay: EventLoopDelay;
			try {
				await git.scan();
			} finally {
				delay = sampler.stop();
			}
			const heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
			log.info(`Read ${git.repositories.length} repositories in ${Date.now() - scanStarted} ms (event-loop delay p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms; heap ${heapMb} MB)`);
		});
		watcher ??= new RepositoryWatcher(git, () => void scan().catch((err: unknown) => log.error(`Reading repositories failed: ${err instanceof Error ? err.message : String(err)}`)));
		await watcher.track(git.repositories);
		await stamps.changed(git.repositories.map((r) => r.path));
		decorations.refreshAll();
		await showGitStatus(gateway, repositoriesView, readGitSettings());
		// Refresh also asks the registry again (a 304 for each unchanged package).
		packages.refresh();
		await repositories.reload();
		await statusBar.update();
	};
	// Coming back to the window: re-read only repositories whose HEAD or index moved meanwhile.
	const cheapCheck = async (): Promise<void> => {
		for (const repo of await stamps.changed(git.repositories.map((r) => r.path))) {
			await git.refresh(repo);
		}
	};
	const lastShip = new LastShip();
	const fixCi = new FixCompletionNotifier(gateway);
	context.subscriptions.push(
		...registerAgentRuns(context, gateway, agentRuns, filter),
		...registerWorkflows(context, gateway, {
			source: workflows,
			connect: () => {
				const credentials = new GitHubCredentials(readGitHubTarget(), context.secrets);
				return { credentials, model: createWorkflowsModel(git, credentials) };
			},
			filter,
			ship: lastShip,
		}),
		...registerPackages(gateway, packages, git, workspaceRoots),
		...registerFilterCommands(filter),
		...registerTestHooks(context, repositoriesView, repositories, statusBar),
		...registerCommands({ context, gateway, git, repositories, scan }),
		fixCi,
		registerFixWithClaude({ gateway, worktrees, followCi: (id) => fixCi.follow(id) }),
		lastShip,
		registerShipEverything({ gateway, group: () => filter.group, lastShip }),
		new ShipCompletionNotifier(gateway, lastShip),
		// Batch commands act on the repositories the view shows: the active group's.
		...registerRepositoryCommands({ gateway, group: () => filter.group }),
		createCommand('metaGothic.repo.reveal', async (arg?: unknown) => {
			const repoPath = pathOf(arg);
			await vscode.commands.executeCommand('metaGothic.repositories.focus');
			const node = repoPath ? repositories.nodeOf(repoPath) : undefined;
			if (!node) {
				throw new CodedError(`The Repositories view does not show ${repoPath ?? 'that repository'}${filter.group === undefined ? '' : ` (it shows group "${filter.group}")`}.`, 'REPOS', 'NOT_FOUND');
			}
			await repositoriesView.reveal(node, { select: true, focus: true, expand: true });
		}),
		vscode.workspace.onDidGrantWorkspaceTrust(() => void scan()),
		vscode.workspace.onDidChangeWorkspaceFolders(() => {
			git.setRoots(gitRoots());
			void scan();
		}),
		vscode.window.onDidChangeWindowState((state) => {
			if (state.focused && vscode.workspace.isTrusted) {
				cheapCheck().catch((err: unknown) => log.warn(`Checking repositories failed: ${err instanceof Error ? err.message : String(err)}`));
			}
		}),
		{ dispose: () => watcher?.dispose() },
	);
	scan().catch((err: unknown) => log.error(`Reading repositories failed: ${err instanceof Error ? err.message : String(err)}`));
	log.info(`Activated in ${Date.now() - started} ms`);

	return {
		graphql: async (document, variables) => gateway.execute({ query: document, variables: variables ?? null }),
	};
}

/** Lets VS Code wait until agent processes are gone and run history is written. */
export function deactivate(): Promise<void> | undefined {
	return agentRuns?.shutdown();
}
