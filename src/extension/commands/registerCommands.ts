import * as vscode from 'vscode';
import type { GitModel } from '../../git/model';
import type { Gateway } from '../../schema/gateway';
import { DASHBOARD_PAGES } from '../../protocol/messages';
import { DashboardPanel, toDashboardLocation } from '../dashboard/dashboardPanel';
import { log } from '../log';
import { FileNode } from '../views/repositories/fileNode';
import type { RepositoriesProvider } from '../views/repositories/repositoriesProvider';
import { createCommand } from './createCommand';

/** What the commands act on. */
export interface CommandTargets {
	context: vscode.ExtensionContext;
	gateway: Gateway;
	git: GitModel;
	repositories: RepositoriesProvider;
	scan(): Promise<void>;
}

/** Registers the palette and view commands. */
export function registerCommands(targets: CommandTargets): vscode.Disposable[] {
	return [
		// Takes `{ page, filter }` (or a page name) so the status bar, trees and notifications open the exact place.
		createCommand('metaGothic.dashboard.open', (location?: unknown) => {
			DashboardPanel.show(targets.context.extensionUri, targets.gateway, toDashboardLocation(location));
		}),
		...DASHBOARD_PAGES.map((page) =>
			createCommand(`metaGothic.dashboard.open${page[0]!.toUpperCase()}${page.slice(1)}`, () => {
				DashboardPanel.show(targets.context.extensionUri, targets.gateway, { page });
			}),
		),
		DashboardPanel.registerSerializer(targets.context.extensionUri, targets.gateway),
		createCommand('metaGothic.refresh', () => targets.scan()),
		createCommand('metaGothic.repos.openFile', async (node?: FileNode) => {
			if (!(node instanceof FileNode)) {
				throw new Error('Choose a changed file in the Repositories view.');
			}
			await vscode.commands.executeCommand('vscode.open', node.uri);
		}),
		createCommand('metaGothic.showLog', () => log.show()),
		createCommand('metaGothic.walkthrough.open', () =>
			vscode.commands.executeCommand('workbench.action.openWalkthrough', `${targets.context.extension.id}#metaGothic.gettingStarted`, false),
		),
		createCommand('metaGothic.repos.toggleGrouping', async () => {
			const config = vscode.workspace.getConfiguration('metaGothic');
			const next = config.get<string>('repos.grouping') === 'hierarchy' ? 'state' : 'hierarchy';
			const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
			await config.update('repos.grouping', next, target);
		}),
	];
}
