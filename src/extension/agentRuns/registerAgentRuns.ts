import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import { setContext } from '../contextKeys';
import { ClaudeAgentRuns, UNTRUSTED_REASON } from '../../claude/agentRunsModel';
import type { AgentRunsSource } from '../../schema/contracts/agentRuns';
import type { Gateway } from '../../schema/gateway';
import { registerAgentCommands } from '../commands/agentCommands';
import { log } from '../log';
import { RepositoryFilterView } from '../repositoryFilter';
import { registerAgentFleetCommands, notifyWorktreeRunsEnding } from '../commands/agentFleetCommands';
import { notifyPermissionRequests, registerPermissionCommands } from '../commands/permissionCommands';
import { AgentRunNode } from '../views/agentRuns/agentRunNode';
import { FleetNode } from '../views/agentRuns/fleetNode';
import { AgentRunsProvider } from '../views/agentRuns/agentRunsProvider';
import { registerClaudeCheck, updateClaudeReady } from './claudeCheck';
import { readClaudeSettings } from './settings';
import { TRANSCRIPT_SCHEME, TranscriptProvider } from './transcriptProvider';

/** The view's header: today's spend, and the active group while the view is narrowed. */
function showUsageAndFilterIn(view: vscode.TreeView<unknown>, provider: AgentRunsProvider, filter: RepositoryFilterView | undefined): vscode.Disposable[] {
	let usage: string | undefined;
	const update = () => {
		const group = filter?.group === undefined ? undefined : `group: ${filter.group}`;
		view.description = [usage, group].filter(Boolean).join(' · ') || undefined;
	};
	update();
	const disposables = [provider.onDidChangeUsage((text) => {
		usage = text;
		update();
	})];
	if (filter) {
		disposables.push(filter.onDidChange(update));
	}
	return disposables;
}

/**
 * `metaGothic.test.agentRunsView`: the runs of the Agent Runs view with their fleets and
 * permission request rows, as the nodes a row's inline action receives. Outside production only (see testHooks.ts).
 */
function registerAgentRunsTestHook(context: vscode.ExtensionContext, provider: AgentRunsProvider): vscode.Disposable[] {
	if (context.extensionMode === vscode.ExtensionMode.Production) {
		return [];
	}
	return [
		vscode.commands.registerCommand('metaGothic.test.agentRunsView', () => {
			const top = provider.getChildren();
			const fleets = top.filter((n): n is FleetNode => n instanceof FleetNode);
			const runs = top.flatMap((t) => provider.getChildren(t)).filter((n): n is AgentRunNode => n instanceof AgentRunNode);
			return runs.map((run) => ({
				runId: run.run.id,
				node: run,
				contextValue: run.contextValue,
				fleet: fleets.find((f) => f.runs.includes(run)),
				expanded: run.toTreeItem().collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
				permissionRequests: provider.getChildren(run).map((node) => ({ node, label: node.toTreeItem().label, contextValue: node.toTreeItem().contextValue })),
			}));
		}),
	];
}

function setMissing(reason: string | null): void {
	// The untrusted case has its own welcome content; `missing` means the CLI itself.
	void setContext('metaGothic.claude.missing', reason !== null && reason !== UNTRUSTED_REASON);
}

/**
 * The agent runs face of the extension: the `metaGothic.agentRuns` tree, the transcript
 * documents, the agent commands and the `metaGothic.claude.missing` context key. With a
 * {@link ClaudeAgentRuns} source it also follows settings and workspace trust. With a `filter`,
 * the view shows only the active repository group's runs and names the group in its description,
 * and the agent commands offer only the group's repositories.
 * Push the result to `context.subscriptions`; it disposes the source too (which cancels running
 * agents).
 */
export function registerAgentRuns(
	context: vscode.ExtensionContext,
	gateway: Gateway,
	source: ClaudeAgentRuns | AgentRunsSource,
	filter?: RepositoryFilterView,
): vscode.Disposable[] {
	// A permission request appears under its run, and goes when answered, timed out or its run ended.
	const permissions = source.permissions;
	const onDidChange: Event<unknown> = (listener) => {
		const runs = source.onDidChangeRun(listener);
		const requests = permissions?.onDidChangeRequests(listener);
		return {
			dispose: () => {
				runs.dispose();
				requests?.dispose();
			},
		};
	};
	const provider = new AgentRunsProvider(gateway, onDidChange, filter);
	const transcripts = new TranscriptProvider(gateway, source.onDidChangeRun, source.onDidReceiveEvent);
	const view = vscode.window.createTreeView('metaGothic.agentRuns', { treeDataProvider: provider });
	const disposables: vscode.Disposable[] = [
		provider,
		transcripts,
		view,
		...showUsageAndFilterIn(view, provider, filter),
		vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, transcripts),
		...registerAgentCommands({ context, gateway, filter }),
		...registerAgentFleetCommands(gateway),
		notifyWorktreeRunsEnding(source.onDidChangeRun),
		registerClaudeCheck(gateway),
		...registerPermissionCommands(gateway),
		...(permissions ? [notifyPermissionRequests(permissions.onDidChangeRequests)] : []),
		...registerAgentRunsTestHook(context, provider),
	];
	const ready = () => updateClaudeReady(gateway).catch((err: unknown) => log.warn(`Checking the Claude CLI failed: ${err instanceof Error ? err.message : String(err)}`));
	setMissing(source.unavailableReason);
	void ready();
	if (source instanceof ClaudeAgentRuns) {
		const availability = source.onDidChangeAvailability((reason) => {
			setMissing(reason);
			void ready();
		});
		// The history is read in the background; show it once it is there.
		source.ready
			.then(() => {
				for (const problem of source.historyProblems) {
					log.warn(`Agent run history: ${problem}`);
				}
				return provider.reload();
			})
			.catch((err: unknown) => log.error(`Reading agent run history failed: ${err instanceof Error ? err.message : String(err)}`));
		disposables.push(
			new vscode.Disposable(() => availability.dispose()),
			vscode.workspace.onDidGrantWorkspaceTrust(() => source.setTrusted(true)),
			vscode.workspace.onDidChangeConfiguration((e) => {
				// metaGothic.claude.permissionTimeoutSeconds and permissionPrompts apply to the next request and run.
				if (e.affectsConfiguration('metaGothic.claude')) {
					source.configure(readClaudeSettings());
					setMissing(source.unavailableReason);
				}
			}),
			new vscode.Disposable(() => source.dispose()),
		);
	}
	void provider.reload();
	return disposables;
}
