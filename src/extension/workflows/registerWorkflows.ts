import * as vscode from 'vscode';
import { setContext } from '../contextKeys';
import { createGitHubClient } from '../../github/octokit';
import { GitHubWorkflowsModel } from '../../github/workflowsModel';
import type { Gateway } from '../../schema/gateway';
import type { SwitchableWorkflows } from '../../schema/workflows/switchableWorkflows';
import { registerWorkflowCommands } from '../commands/workflowCommands';
import type { LastShip } from '../flows/lastShip';
import { log } from '../log';
import { type RepositoryFilterView, showFilterIn } from '../repositoryFilter';
import { describeTree } from '../views/workflows/describeTree';
import { WorkflowsProvider } from '../views/workflows/workflowsProvider';
import { NOT_SIGNED_IN } from './createWorkflowsModel';
import { followRunUpdates } from './followRunUpdates';
import type { GitHubCredentials } from './githubCredentials';
import { JOB_LOG_SCHEME, JobLogProvider } from './jobLogProvider';
import { RunCompletionNotifier } from './runCompletionNotifier';
import { RunTimelineFilter } from './runTimelineFilter';
import { registerRunFilterCommands } from '../commands/runFilterCommands';
import { readWorkflowsSettings } from './workflowsSettings';

/** The GitHub side: the model the graph reads and the credentials it signs in with. */
export interface WorkflowsParts {
	readonly model: GitHubWorkflowsModel;
	readonly credentials: GitHubCredentials;
}

/** What the workflows face is built over. */
export interface WorkflowsOptions {
	/** The graph's workflows source: unavailable until GitHub is plugged into it. */
	readonly source: SwitchableWorkflows;
	/**
	 * Makes the GitHub side. Called at once in a trusted workspace, else when trust is granted:
	 * GitHub repositories come from git remotes, which are read only in a trusted workspace.
	 */
	readonly connect: () => WorkflowsParts;
	/** The repository group the view and the dispatch pick list are narrowed to. */
	readonly filter?: RepositoryFilterView;
	/** The ship the view shows above the runs (Ship Everything's summary). */
	readonly ship?: LastShip;
}

/**
 * The workflows face of the extension: the `metaGothic.workflows` tree, job log documents, the
 * workflow commands, completion notifications, and what follows the window and the settings
 * (pause while unfocused, reconnect on a new session or poll interval). GitHub comes up when the
 * workspace is trusted, at activation or later without a reload: the model is plugged into
 * `options.source`, which the graph already reads. Push the result to `context.subscriptions`;
 * it disposes the model and credentials it made.
 */
export function registerWorkflows(context: vscode.ExtensionContext, gateway: Pick<Gateway, 'execute' | 'subscribe'>, options: WorkflowsOptions): vscode.Disposable[] {
	const { source, filter, ship } = options;
	let parts: WorkflowsParts | undefined;
	const runFilter = new RunTimelineFilter(context.workspaceState);
	const provider = new WorkflowsProvider(gateway, {
		onDidChangeStatus: source.onDidChangeStatus,
		signedIn: () => parts?.credentials.signedIn,
		watch: (repositoryPath) => parts?.model.watch(repositoryPath) ?? { dispose: () => undefined },
		filter,
		ship,
		runFilter,
	});
	const logs = new JobLogProvider(gateway);
	const view = vscode.window.createTreeView('metaGothic.workflows', { treeDataProvider: provider, showCollapseAll: true });
	provider.attach(view);
	const refresh = async () => {
		await parts?.model.refresh();
		provider.refresh();
	};
	// What connecting adds; disposed with the rest, whenever it was added.
	const github: vscode.Disposable[] = [];
	const disposables: vscode.Disposable[] = [
		provider,
		runFilter,
		...registerRunFilterCommands(gateway, runFilter, filter),
		logs,
		view,
		...(filter ? [showFilterIn(view, filter)] : []),
		vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, logs),
		// The graph refuses the subscription until GitHub is there; a status change retries it.
		followRunUpdates(gateway, source.onDidChangeStatus, () => {
			provider.eventuallyRefresh();
			logs.eventuallyRefreshOpen();
		}),
		...registerWorkflowCommands({
			gateway,
			credentials: () => parts?.credentials,
			refresh,
			filter,
			revealer: {
				reveal: async (runId) => {
					const node = await provider.recentRunNode(runId);
					if (!node) {
						return false;
					}
					await view.reveal(node, { select: true, focus: true, expand: true });
					return true;
				},
			},
		}),
		new vscode.Disposable(() => {
			for (const d of github.splice(0).reverse()) {
				d.dispose();
			}
		}),
	];
	if (context.extensionMode !== vscode.ExtensionMode.Production) {
		// Not contributed, not in production: the extension-host tests read the view through it,
		// and point the graph at another GitHub (a rejected token, a rate-limited or unreachable
		// server) to see what a user would see then; `undefined` goes back to the real one.
		let testModel: GitHubWorkflowsModel | undefined;
		disposables.push(
			vscode.commands.registerCommand('metaGothic.test.workflowsView', (depth?: number) => describeTree(provider, depth ?? 2)),
			vscode.commands.registerCommand('metaGothic.test.workflowsViewDescription', () => (typeof view.description === 'string' ? view.description : undefined)),
			vscode.commands.registerCommand('metaGothic.test.connectGitHub', async (target?: { apiUrl: string; token: string | null }) => {
				const previous = testModel;
				testModel = target && parts ? createTestModel(parts, target) : undefined;
				source.use(testModel ?? parts?.model ?? source.current);
				previous?.dispose();
				await testModel?.refresh();
				provider.refresh();
			}),
			new vscode.Disposable(() => testModel?.dispose()),
		);
	}
	const connect = () => {
		if (parts) {
			return;
		}
		parts = options.connect();
		github.push(...connectGitHub(parts, provider));
		// Last: the graph (and through it every face) sees GitHub only once all of the above follows it.
		source.use(parts.model);
		log.info('GitHub: connected to the graph');
	};
	if (vscode.workspace.isTrusted) {
		connect();
	} else {
		// The credentials keep the key once they exist; until then nobody is signed in.
		void setContext('metaGothic.github.signedIn', false);
		disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(connect));
	}
	return disposables;
}

/** A model on a fixed token and API root (none: signed out), for the extension-host tests; rate-limit back-off is shrunk to milliseconds. */
function createTestModel(parts: WorkflowsParts, target: { apiUrl: string; token: string | null }): GitHubWorkflowsModel {
	return new GitHubWorkflowsModel({
		repos: parts.model.repositories,
		host: parts.credentials.target.host,
		createClient: async () => (target.token ? createGitHubClient({ token: target.token, baseUrl: target.apiUrl, writeSpacingMs: 0, retryUnitMs: 10 }) : undefined),
		notConnectedReason: NOT_SIGNED_IN,
	});
}

/** Follows the window, the sessions and the settings for a connected model; disposes it last. */
function connectGitHub(parts: WorkflowsParts, provider: WorkflowsProvider): vscode.Disposable[] {
	const { model, credentials } = parts;
	let paused = false;
	const followFocus = (focused: boolean) => {
		const pause = !focused && readWorkflowsSettings().pauseWhenUnfocused;
		if (pause !== paused) {
			paused = pause;
			if (pause) {
				model.pause();
			} else {
				model.resume();
			}
		}
	};
	const reconnect = (why: string) => {
		log.info(`GitHub: connecting again (${why})`);
		model.reconnect().then(
			() => provider.refresh(),
			(err: unknown) => log.warn(`GitHub: reconnecting failed: ${err instanceof Error ? err.message : String(err)}`),
		);
	};
	followFocus(vscode.window.state.focused);
	return [
		// Disposed in reverse: everything that follows the model goes before the model itself.
		new vscode.Disposable(() => model.dispose()),
		credentials,
		new RunCompletionNotifier(model),
		vscode.window.onDidChangeWindowState((state) => followFocus(state.focused)),
		credentials.onDidChange(() => reconnect('the GitHub sessions changed')),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('metaGothic.github.pollInterval')) {
				reconnect('the poll intervals changed');
			}
			if (e.affectsConfiguration('metaGothic.github.pauseWhenUnfocused')) {
				followFocus(vscode.window.state.focused);
			}
			if (e.affectsConfiguration('metaGothic.github.enterpriseUrl')) {
				void vscode.window.showInformationMessage('Reload the window to use the new GitHub Enterprise URL.', 'Reload Window').then((choice) => {
					if (choice === 'Reload Window') {
						void vscode.commands.executeCommand('workbench.action.reloadWindow');
					}
				});
			}
		}),
	];
}
