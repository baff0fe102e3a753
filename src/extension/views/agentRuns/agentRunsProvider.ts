import * as vscode from 'vscode';
import type { Event } from '../../../common/event';
import { ThrottledDelayer, Ticker } from '../../../common/throttle';
import type { Gateway } from '../../../schema/gateway';
import { AgentRunsViewQuery, type ViewAgentRun } from '../../agentRuns/agentRunsQueries';
import { readGraph } from '../../readGraph';
import type { RepositoryFilterView } from '../../repositoryFilter';
import { MessageNode } from '../repositories/repositoriesProvider';
import { AgentRunNode } from './agentRunNode';
import { RUN_GROUP_ORDER, RunGroupNode } from './runGroupNode';

/** Every node the Agent Runs view can show. */
export type AgentRunsTreeNode = RunGroupNode | AgentRunNode | MessageNode;

/** Least time between two reloads: a streaming run changes many times a second. */
const THROTTLE_MS = 250;
/** How often a running run's time is redrawn. */
const TICK_MS = 1000;

/**
 * The Agent Runs view: runs grouped by status, newest first. It reads the graph only; run changes
 * reload it, throttled (one reload running, one waiting), and while a run is going its elapsed
 * time is redrawn every second without a query. An empty tree leaves room for the view's
 * `viewsWelcome` ("No agent runs yet.", CLI missing, untrusted workspace).
 */
export class AgentRunsProvider implements vscode.TreeDataProvider<AgentRunsTreeNode>, vscode.Disposable {
	private readonly _onDidChangeTreeData = new vscode.EventEmitter<AgentRunsTreeNode | undefined>();
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];
	private current: readonly ViewAgentRun[] = [];
	private loadError: string | undefined;
	private readonly reloader = new ThrottledDelayer(THROTTLE_MS, () => this.reload());
	private readonly ticker = new Ticker(TICK_MS, () => this._onDidChangeTreeData.fire(undefined));
	private disposed = false;
	/** Counts reloads started, so that only the latest one's answer is shown. */
	private reloads = 0;

	constructor(
		private readonly gateway: Pick<Gateway, 'execute'>,
		onDidChangeRun: Event<unknown>,
		/** The group the view is narrowed to; every run without one. */
		private readonly filter?: RepositoryFilterView,
	) {
		const subscription = onDidChangeRun(() => this.throttledReload());
		this.disposables.push({ dispose: () => subscription.dispose() });
		if (filter) {
			this.disposables.push(filter.onDidChange(() => this.throttledReload()));
		}
	}

	/** Runs currently shown, newest first. */
	get runs(): readonly ViewAgentRun[] {
		return this.current;
	}

	/** Reloads from the graph now. */
	async reload(): Promise<void> {
		const reload = ++this.reloads;
		const group = this.filter?.group ?? null;
		const result = await readGraph(this.gateway, AgentRunsViewQuery, { group });
		// A newer reload (the group changed) started meanwhile: an older answer must not replace it.
		if (this.disposed || reload !== this.reloads) {
			return;
		}
		if (result.data?.agentRuns) {
			this.current = result.data.agentRuns;
		} else if (group !== null) {
			// An invalid group: show its error, not the last group's runs.
			this.current = [];
		}
		this.loadError = result.errors?.length ? result.errors.map((e) => e.message).join('; ') : undefined;
		this.updateTicker();
		this._onDidChangeTreeData.fire(undefined);
	}

	/** At most one reload per {@link THROTTLE_MS}; changes during a reload cause one more after it. */
	private throttledReload(): void {
		this.reloader.trigger();
	}

	private updateTicker(): void {
		this.ticker.set(this.current.some((r) => r.status === 'RUNNING'));
	}

	getTreeItem(node: AgentRunsTreeNode): vscode.TreeItem {
		return node.toTreeItem();
	}

	getChildren(node?: AgentRunsTreeNode): AgentRunsTreeNode[] {
		if (node instanceof RunGroupNode) {
			return [...node.runs];
		}
		if (node) {
			return [];
		}
		const now = Date.now();
		const head: AgentRunsTreeNode[] = this.loadError ? [new MessageNode(this.loadError, 'error')] : [];
		const groups = RUN_GROUP_ORDER.map((status) => new RunGroupNode(status, this.current.filter((r) => r.status === status).map((r) => new AgentRunNode(r, now))));
		return [...head, ...groups.filter((g) => g.runs.length > 0)];
	}

	dispose(): void {
		this.disposed = true;
		this.reloader.dispose();
		this.ticker.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
