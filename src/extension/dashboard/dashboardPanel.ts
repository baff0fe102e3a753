import * as vscode from 'vscode';
import type { HostToWebview } from '../../protocol/messages';
import { BridgeHost, GraphExecutor } from '../../protocol/bridgeHost';
import { renderDashboardHtml } from './dashboardHtml';

/**
 * The dashboard editor tab. One at a time: opening it again reveals the existing panel. The
 * bridge lives exactly as long as the panel, so closing the tab stops every subscription.
 */
export class DashboardPanel {
	static readonly viewType = 'metaGothic.dashboard';
	private static current: DashboardPanel | undefined;

	/** Shows the dashboard, creating it if needed. */
	static show(extensionUri: vscode.Uri, graph: GraphExecutor): DashboardPanel {
		if (DashboardPanel.current) {
			DashboardPanel.current.panel.reveal();
			return DashboardPanel.current;
		}
		const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Meta GOTHIC', vscode.ViewColumn.Active, {
			enableScripts: true,
			retainContextWhenHidden: false,
			localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
		});
		DashboardPanel.current = new DashboardPanel(panel, extensionUri, graph);
		return DashboardPanel.current;
	}

	/** Closes the dashboard if it is open. */
	static disposeCurrent(): void {
		DashboardPanel.current?.panel.dispose();
	}

	private readonly bridge: BridgeHost;

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		extensionUri: vscode.Uri,
		graph: GraphExecutor,
	) {
		panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
		this.bridge = new BridgeHost(graph, {
			post: (message: HostToWebview) => panel.webview.postMessage(message),
			onMessage: (listener) => panel.webview.onDidReceiveMessage(listener),
		});
		panel.webview.html = renderDashboardHtml(panel.webview, extensionUri);
		panel.onDidDispose(() => {
			this.bridge.dispose();
			if (DashboardPanel.current === this) {
				DashboardPanel.current = undefined;
			}
		});
	}
}
