import * as path from 'node:path';
import * as vscode from 'vscode';
import { BridgeHost, GraphExecutor } from '../../protocol/bridgeHost';
import { isDashboardPage, type DashboardAction, type DashboardPage, type HostToWebview } from '../../protocol/messages';
import { log } from '../log';
import { renderDashboardHtml } from './dashboardHtml';
import { openExternal } from '../openExternal';

/** Where to open the dashboard: a page, and a filter for its list. */
export interface DashboardLocation {
	page?: DashboardPage;
	filter?: string;
}

/** See {@link DashboardPanel.bridgeSnapshot}. */
export interface DashboardBridgeSnapshot {
	activeOperations: number;
	/** Results the page accepted, by the top-level field of their data. */
	resultsDelivered: Record<string, number>;
}

/** Reads a location from a command's argument (palette, status bar, a tree, a notification). */
export function toDashboardLocation(arg: unknown): DashboardLocation {
	if (typeof arg === 'string') {
		return isDashboardPage(arg) ? { page: arg } : {};
	}
	if (typeof arg !== 'object' || arg === null) {
		return {};
	}
	const { page, filter } = arg as { page?: unknown; filter?: unknown };
	return { ...(isDashboardPage(page) ? { page } : {}), ...(typeof filter === 'string' ? { filter } : {}) };
}

/**
 * The dashboard editor tab. One at a time: opening it again reveals the existing panel and moves
 * it to the asked-for page. The bridge lives exactly as long as the panel, so closing the tab
 * stops every subscription. After a window reload VS Code revives the panel through
 * {@link DashboardPanel.registerSerializer} with the state the page saved (its page).
 */
export class DashboardPanel {
	static readonly viewType = 'metaGothic.dashboard';
	private static current: DashboardPanel | undefined;

	/** Shows the dashboard at a location, creating it if needed. */
	static show(extensionUri: vscode.Uri, graph: GraphExecutor, location: DashboardLocation = {}): DashboardPanel {
		if (DashboardPanel.current) {
			DashboardPanel.current.open(location);
			return DashboardPanel.current;
		}
		const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Meta GOTHIC', vscode.ViewColumn.Active, DashboardPanel.options(extensionUri));
		DashboardPanel.current = new DashboardPanel(panel, extensionUri, graph, location);
		return DashboardPanel.current;
	}

	/** Revives the dashboard VS Code restores after a reload, on the page it was on. */
	static registerSerializer(extensionUri: vscode.Uri, graph: GraphExecutor): vscode.Disposable {
		return vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
			deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
				panel.webview.options = DashboardPanel.options(extensionUri);
				DashboardPanel.current?.panel.dispose();
				DashboardPanel.current = new DashboardPanel(panel, extensionUri, graph, toDashboardLocation(state));
			},
		});
	}

	/**
	 * What the open dashboard's bridge is doing, for the extension-host tests: its running
	 * operations and the results its page accepted. `undefined` when no dashboard is open.
	 */
	static bridgeSnapshot(): DashboardBridgeSnapshot | undefined {
		const bridge = DashboardPanel.current?.bridge;
		return bridge && { activeOperations: bridge.activeOperations, resultsDelivered: Object.fromEntries(bridge.resultsDelivered) };
	}

	/** Closes the dashboard if it is open. */
	static disposeCurrent(): void {
		DashboardPanel.current?.panel.dispose();
	}

	private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
		return {
			enableScripts: true,
			retainContextWhenHidden: false,
			localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
		};
	}

	private readonly bridge: BridgeHost;
	/** Where the page goes when it next loads: asked for while the panel was hidden. */
	private pending: DashboardLocation | undefined;

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		extensionUri: vscode.Uri,
		graph: GraphExecutor,
		location: DashboardLocation,
	) {
		panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
		this.bridge = new BridgeHost(
			graph,
			{
				post: (message: HostToWebview) => panel.webview.postMessage(message),
				onMessage: (listener) => panel.webview.onDidReceiveMessage(listener),
			},
			(action) => void runAction(action),
		);
		// A hidden panel's page is torn down (no retained context) and loads again, on its saved
		// page, when shown: what was asked for meanwhile is told to the new page once it is ready.
		this.bridge.onDidBecomeReady(() => {
			const pending = this.pending;
			this.pending = undefined;
			if (pending) {
				this.navigate(pending);
			}
		});
		panel.webview.html = renderDashboardHtml(panel.webview, extensionUri, location);
		panel.onDidDispose(() => {
			this.bridge.dispose();
			if (DashboardPanel.current === this) {
				DashboardPanel.current = undefined;
			}
		});
	}

	/** Brings the panel to the front on `location`'s page. */
	private open(location: DashboardLocation): void {
		const visible = this.panel.visible;
		this.panel.reveal();
		if (!location.page) {
			return;
		}
		// A visible page gets it now. A hidden one may be gone (then the post is dropped and its
		// reload takes the pending location) or still there (then this reaches it).
		this.pending = visible ? undefined : location;
		this.navigate(location);
	}

	private navigate(location: DashboardLocation): void {
		if (location.page) {
			this.bridge.send({ type: 'navigate', page: location.page, ...(location.filter !== undefined ? { filter: location.filter } : {}) });
		}
	}
}

/** Does what the page asked of the workbench; failures go to the log, the page keeps working. */
async function runAction(action: DashboardAction): Promise<void> {
	try {
		switch (action.kind) {
			case 'openDiff': {
				const file = vscode.Uri.file(path.join(action.repository, action.path));
				// VS Code's git extension serves git: URIs; ref '~' is the index, '' the index as
				// the right side of a staged diff, as its own SCM view does.
				const gitUri = (ref: string) => file.with({ scheme: 'git', query: JSON.stringify({ path: file.fsPath, ref }) });
				const title = `${path.basename(action.path)} (${action.staged ? 'Index' : 'Working Tree'})`;
				await vscode.commands.executeCommand('vscode.diff', action.staged ? gitUri('HEAD') : gitUri('~'), action.staged ? gitUri('') : file, title);
				return;
			}
			case 'openJobLog':
				// The Workflows view's View Log: the same document, title and progress.
				await vscode.commands.executeCommand('metaGothic.workflowJob.viewLog', { repositoryPath: action.repository, job: { id: action.jobId, name: action.jobName } });
				return;
			case 'openUrl':
				await openExternal(vscode.Uri.parse(action.url));
				return;
			case 'revealRepository':
				await vscode.commands.executeCommand('metaGothic.repo.reveal', { path: action.repository });
				return;
			case 'openTerminal':
				vscode.window.createTerminal({ cwd: action.repository, name: path.basename(action.repository) }).show();
				return;
			case 'command':
				await vscode.commands.executeCommand(action.command, ...action.args);
				return;
		}
	} catch (err) {
		log.error(`Dashboard action ${action.kind} failed: ${err instanceof Error ? err.message : String(err)}`);
	}
}
