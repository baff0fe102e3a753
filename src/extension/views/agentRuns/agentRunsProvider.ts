import * as vscode from 'vscode';
import type { Event } from '../../../common/event';
import { ThrottledDelayer, Ticker } from '../../../common/throttle';
import type { Gateway } from '../../../schema/gateway';
import { AgentRunsViewQuery, type ViewAgentRun, type ViewAgentUsage, type ViewPermissionRequest } from '../../agentRuns/agentRunsQueries';
import { readGraph } from '../../readGraph';
import type { RepositoryFilterView } from '../../repositoryFilter';
import { MessageNode } from '../repositories/repositoriesProvider';
import { AgentRunNode } from './agentRunNode';
import { FleetNode } from './fleetNode';
import { PermissionRequestNode } from './permissionRequestNode';
import { RUN_GROUP_ORDER, RunGroupNode } from './runGroupNode';

/** Every node the Agent Runs view can show. */
export type AgentRunsTreeNode = FleetNode | RunGroupNode | AgentRunNode | PermissionRequestNode | MessageNode;

/** `Today $0.42 · 5 runs · 12k/3k tokens` (and what is left of a daily cap), for the view's header. */
export function usageDescription(usage: ViewAgentUsage | undefined): string | undefined {
	if (!usage) {
		return undefined;
	}
	const t = usage.today;
	const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
	const cap = usage.dailyBudgetUsd != null ? ` of $${usage.dailyBudgetUsd.toFixed(2)}` : '';
	return `Today $${t.costUsd.toFixed(2)}${cap} · ${t.runs} run${t.runs === 1 ? '' : 's'} · ${k(t.tokensIn)} in / ${k(t.tokensOut)} out`;
}

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
	/** Today's spend, as the view's header shows it. */
	get usage(): ViewAgentUsage | undefined {
		return this.currentUsage;
	}

	private current: readonly ViewAgentRun[] = [];
	private permissions: readonly ViewPermissionRequest[] = [];
	private currentUsage: ViewAgentUsage | undefined;
	private readonly _onDidChangeUsage = new vscode.EventEmitter<string | undefined>();
	/** Fires with the header text ({@link usageDescription}) after each reload. */
	readonly onDidChangeUsage = this._onDidChangeUsage.event;
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

	/** Permission requests currently shown, oldest first. */
	get permissionRequests(): readonly ViewPermissionRequest[] {
		return this.permissions;
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
		if (result.data?.agentUsage) {
			this.currentUsage = result.data.agentUsage;
			this._onDidChangeUsage.fire(usageDescription(this.currentUsage));
		}
		if (result.data?.permissionRequests) {
			this.permissions = result.data.permissionRequests;
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
		if (node instanceof RunGroupNode || node instanceof FleetNode) {
			return [...node.runs];
		}
		if (node instanceof AgentRunNode) {
			return [...node.permissionRequests];
		}
		if (node) {
			return [];
		}
		const now = Date.now();
		const runNode = (r: ViewAgentRun) => new AgentRunNode(r, now, this.permissions.filter((p) => p.run?.id === r.id).map((p) => new PermissionRequestNode(p)));
		const head: AgentRunsTreeNode[] = this.loadError ? [new MessageNode(this.loadError, 'error')] : [];
		// A fleet's runs sit under the fleet, newest fleet first; the other runs are grouped by status.
		const fleets = new Map<string, { fleet: NonNullable<ViewAgentRun['fleet']>; runs: AgentRunNode[] }>();
		for (const r of this.current) {
			if (r.fleet) {
				const entry = fleets.get(r.fleet.id) ?? { fleet: r.fleet, runs: [] };
				entry.runs.push(runNode(r));
				fleets.set(r.fleet.id, entry);
			}
		}
		const single = this.current.filter((r) => !r.fleet);
		const groups = RUN_GROUP_ORDER.map((status) => new RunGroupNode(status, single.filter((r) => r.status === status).map(runNode)));
		const fleetNodes = [...fleets.values()].map((f) => new FleetNode(f.fleet, f.runs));
		return [...head, ...fleetNodes, ...groups.filter((g) => g.runs.length > 0)];
	}

	dispose(): void {
		this.disposed = true;
		this._onDidChangeUsage.dispose();
		this.reloader.dispose();
		this.ticker.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
