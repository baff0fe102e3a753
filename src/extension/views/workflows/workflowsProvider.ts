import * as path from 'node:path';
import * as vscode from 'vscode';
import { setContext } from '../../contextKeys';
import type { Event } from '../../../common/event';
import type { IDisposable } from '../../../common/lifecycle';
import { ThrottledDelayer, Ticker } from '../../../common/throttle';
import { filterRuns } from '../../../common/runFilters';
import type { Gateway } from '../../../schema/gateway';
import { readFragment } from '../../../graphql';
import { fixesFor, iconFor } from '../../errors/fixes';
import { readGraph } from '../../readGraph';
import type { RepositoryFilterView } from '../../repositoryFilter';
import { ShipQuery, unfollowedCi } from '../../flows/shipQueries';
import type { RunTimelineFilter } from '../../workflows/runTimelineFilter';
import { RunFields, type ViewRun, WorkflowRunJobsQuery, WorkflowsRepositoryQuery, WorkflowsRootQuery } from '../../workflows/workflowsQueries';
import { GitHubRepositoryNode } from './githubRepositoryNode';
import { RecentRunsNode } from './recentRunsNode';
import { ShipNode } from './shipNode';
import type { ShipRowNode } from './shipRowNode';
import { WorkflowJobNode } from './workflowJobNode';
import { WorkflowNode } from './workflowNode';
import { WorkflowRunNode } from './workflowRunNode';
import { WorkflowsMessageNode } from './workflowsMessageNode';
import type { WorkflowStepNode } from './workflowStepNode';

/** Every node the Workflows view can show. */
export type WorkflowsTreeNode = WorkflowsMessageNode | ShipNode | ShipRowNode | RecentRunsNode | GitHubRepositoryNode | WorkflowNode | WorkflowRunNode | WorkflowJobNode | WorkflowStepNode;

/** What the provider needs besides the graph. */
export interface WorkflowsProviderOptions {
	/** GitHub availability changed (signed in, rate limited, stale…). */
	readonly onDidChangeStatus: Event<void>;
	/** Whether a credential was found; false shows the view's sign-in welcome. */
	readonly signedIn: () => boolean | undefined;
	/** Polls a repository fast while it is expanded. */
	readonly watch: (repositoryPath: string) => IDisposable;
	/** The group the view is narrowed to; every repository without one. */
	readonly filter?: RepositoryFilterView;
	/** The ship shown above the runs (Ship Everything's summary), if any. */
	readonly ship?: { readonly id: string | undefined; readonly onDidChange: Event<void> };
	/** What Recent runs shows of the timeline (Filter Recent Runs); every run without it. */
	readonly runFilter?: Pick<RunTimelineFilter, 'value' | 'active' | 'describe' | 'onDidChange'>;
}

const RECENT_RUNS = 20;
/** Runs a filtered Recent runs picks from: the graph's most, so a rare kind still fills it. */
const FILTERED_FROM = 100;
const RUNS_PER_REPOSITORY = 30;
/** Least time between two redraws: many runs can change in one poll. */
const THROTTLE_MS = 300;
/** Relative times ("5 min ago") are redrawn this often without any event. */
const TICK_MS = 30_000;

function errorText(errors: ReadonlyArray<{ message: string }> | undefined): string | undefined {
	return errors?.length ? [...new Set(errors.map((e) => e.message))].join('; ') : undefined;
}

/**
 * The Workflows view: "Recent runs" across every repository, then repository → workflow → runs
 * → jobs → steps. Every level reads the graph when VS Code asks for it (the model answers from
 * its cache); run updates and status changes redraw the tree, so nothing needs a manual refresh.
 * Expanded repositories are watched (polled fast) while the view is visible. With a repository
 * group active, the view shows the group's repositories and their runs only.
 */
export class WorkflowsProvider implements vscode.TreeDataProvider<WorkflowsTreeNode>, vscode.Disposable {
	private readonly _onDidChangeTreeData = new vscode.EventEmitter<WorkflowsTreeNode | undefined>();
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];
	private readonly expanded = new Set<string>();
	private readonly watches = new Map<string, IDisposable>();
	/** Repositories the last root read showed; one that left the tree (a filter, a sign-out) is not watched. */
	private shown = new Set<string>();
	private visible = false;
	private readonly redraw = new ThrottledDelayer(THROTTLE_MS, () => this._onDidChangeTreeData.fire(undefined));
	/** Relative times ("2 min ago") and elapsed times move on while the view is visible. */
	private readonly ticker = new Ticker(TICK_MS, () => this._onDidChangeTreeData.fire(undefined));
	/** "Recent runs" as the last root read made it. */
	private recent: RecentRunsNode | undefined;
	/** Repositories with a GitHub remote at the last read, as the context key has it. */
	private repositoryCount: number | undefined;

	constructor(
		private readonly gateway: Pick<Gateway, 'execute'>,
		private readonly options: WorkflowsProviderOptions,
	) {
		const status = options.onDidChangeStatus(() => this.eventuallyRefresh());
		this.disposables.push(new vscode.Disposable(() => status.dispose()));
		if (options.filter) {
			this.disposables.push(options.filter.onDidChange(() => this.refresh()));
		}
		if (options.runFilter) {
			const runFilter = options.runFilter.onDidChange(() => this.refresh());
			this.disposables.push(new vscode.Disposable(() => runFilter.dispose()));
		}
		if (options.ship) {
			const ship = options.ship.onDidChange(() => this.refresh());
			this.disposables.push(new vscode.Disposable(() => ship.dispose()));
		}
		this.ticker.set(this.visible);
	}

	/** Follows a tree view's expansion and visibility, to watch what the user looks at. */
	attach(view: vscode.TreeView<WorkflowsTreeNode>): void {
		this.visible = view.visible;
		this.ticker.set(this.visible);
		this.disposables.push(
			view.onDidExpandElement((e) => {
				if (e.element instanceof GitHubRepositoryNode) {
					this.expanded.add(e.element.repositoryPath);
					this.updateWatches();
				}
			}),
			view.onDidCollapseElement((e) => {
				if (e.element instanceof GitHubRepositoryNode) {
					this.expanded.delete(e.element.repositoryPath);
					this.updateWatches();
				}
			}),
			view.onDidChangeVisibility((e) => {
				this.visible = e.visible;
				this.ticker.set(e.visible);
				this.updateWatches();
				if (e.visible) {
					this._onDidChangeTreeData.fire(undefined);
				}
			}),
		);
	}

	/** Redraws now. */
	refresh(): void {
		this.redraw.cancel();
		this._onDidChangeTreeData.fire(undefined);
	}

	/** Redraws soon; a burst of run updates costs one redraw. */
	eventuallyRefresh(): void {
		this.redraw.trigger();
	}

	getTreeItem(node: WorkflowsTreeNode): vscode.TreeItem {
		return node.toTreeItem();
	}

	/** Only runs under "Recent runs" can be revealed: their parent is that node. */
	getParent(node: WorkflowsTreeNode): WorkflowsTreeNode | undefined {
		return node instanceof WorkflowRunNode && node.id.startsWith(`${RecentRunsNode.ID}/`) ? this.recent : undefined;
	}

	/** The row of a run under "Recent runs", reading the top of the tree again first; undefined when it is not among them. */
	async recentRunNode(runId: string): Promise<WorkflowRunNode | undefined> {
		await this.root();
		return this.recent?.children.find((n): n is WorkflowRunNode => n instanceof WorkflowRunNode && n.run.id === runId);
	}

	async getChildren(node?: WorkflowsTreeNode): Promise<WorkflowsTreeNode[]> {
		if (!node) {
			return this.root();
		}
		if (node instanceof RecentRunsNode || node instanceof WorkflowNode || node instanceof ShipNode) {
			return node.children;
		}
		if (node instanceof GitHubRepositoryNode) {
			return this.workflowsOf(node);
		}
		if (node instanceof WorkflowRunNode) {
			return this.jobsOf(node);
		}
		if (node instanceof WorkflowJobNode) {
			return node.steps;
		}
		return [];
	}

	/** The top level, or nothing so that the view's welcome content explains (signed out, no remotes). */
	async root(): Promise<WorkflowsTreeNode[]> {
		const [ship, nodes] = await Promise.all([this.readShip(), this.readRoot()]);
		this.recent = nodes.find((n): n is RecentRunsNode => n instanceof RecentRunsNode);
		this.shown = new Set(nodes.filter((n): n is GitHubRepositoryNode => n instanceof GitHubRepositoryNode).map((n) => n.repositoryPath));
		this.updateWatches();
		// The ship's CI is read from the runs at each redraw, and every run update redraws: it follows live.
		return ship ? [ship, ...nodes] : nodes;
	}

	/** The last ship's summary; nothing before the first ship (or once the graph forgot it). */
	private async readShip(): Promise<ShipNode | undefined> {
		const id = this.options.ship?.id;
		if (id === undefined) {
			return undefined;
		}
		// A partial answer is expected: `github` is an error while GitHub cannot be used.
		const { data } = await readGraph(this.gateway, ShipQuery, { id });
		return data?.ship ? new ShipNode(data.ship, unfollowedCi(data)) : undefined;
	}

	private async readRoot(): Promise<WorkflowsTreeNode[]> {
		const group = this.options.filter?.group;
		const runFilter = this.options.runFilter?.active ? this.options.runFilter : undefined;
		const result = await readGraph(this.gateway, WorkflowsRootQuery, { first: runFilter ? FILTERED_FROM : RECENT_RUNS, group: group ?? null });
		const status = result.data?.githubStatus;
		if (!status) {
			// An invalid group fails the whole query: say why, not "the graph did not answer".
			return [new WorkflowsMessageNode(errorText(result.errors) ?? 'The graph did not answer.', 'error')];
		}
		if (!status.available) {
			if (this.options.signedIn() !== true) {
				return [];
			}
			// The code, not the wording, says what fixes it: sign in again, wait, retry.
			const fix = status.code ? fixesFor('GITHUB', status.code)[0] : undefined;
			const command = fix ? { command: fix.command, title: fix.title, arguments: fix.args ? [...fix.args] : undefined } : undefined;
			return [new WorkflowsMessageNode(status.reason ?? 'GitHub cannot be used now.', iconFor('GITHUB', status.code), command, 'status')];
		}
		const repositories = result.data?.repositories.filter((r) => r.github) ?? [];
		if (repositories.length === 0 && group !== undefined) {
			// The welcome content speaks of the whole workspace; an empty group is said here.
			return [new WorkflowsMessageNode(`No repository of group "${group}" has a GitHub remote.`, 'filter', { command: 'metaGothic.repos.clearFilter', title: 'Clear Filter' }, 'group-empty')];
		}
		this.setRepositoryCount(repositories.length);
		if (repositories.length === 0) {
			return [];
		}
		const now = Date.now();
		const head: WorkflowsTreeNode[] = [];
		if (status.stale) {
			head.push(new WorkflowsMessageNode(status.stale, 'cloud-offline', undefined, 'stale'));
		}
		const runs = (result.data?.workflowRuns ?? []).map((r) => readFragment(RunFields, r));
		return [
			...head,
			runFilter ? new RecentRunsNode(this.filtered(runs, runFilter.value, result.data?.githubViewer?.login), now, runFilter.describe()) : new RecentRunsNode(runs, now),
			...repositories.map((repo) => new GitHubRepositoryNode(repo, repo.github?.latestRun ? readFragment(RunFields, repo.github.latestRun) : null)),
		];
	}

	/** The newest runs the timeline's filters let through. */
	private filtered(runs: readonly ViewRun[], filter: RunTimelineFilter['value'], viewer: string | undefined): ViewRun[] {
		// Until GitHub names the signed-in account no run is known to be mine: Mine then shows none.
		const rows = runs.map((run) => ({ repository: { name: path.basename(run.repository.path) }, run }));
		return filterRuns(rows, { state: filter.state, text: '', mine: filter.mine ? (viewer ?? '') : null, branch: filter.branch }).slice(0, RECENT_RUNS).map((r) => r.run);
	}

	private async workflowsOf(node: GitHubRepositoryNode): Promise<WorkflowsTreeNode[]> {
		const result = await readGraph(this.gateway, WorkflowsRepositoryQuery, { path: node.repositoryPath, first: RUNS_PER_REPOSITORY });
		const github = result.data?.repository?.github;
		if (!github) {
			return [new WorkflowsMessageNode(errorText(result.errors) ?? `${path.basename(node.repositoryPath)} has no GitHub remote.`, 'error', undefined, `${node.id}/error`)];
		}
		const now = Date.now();
		const runs = github.runs.map((r) => readFragment(RunFields, r));
		const nodes: WorkflowsTreeNode[] = github.workflows.map((w) => new WorkflowNode(node.repositoryPath, w, runs.filter((r) => r.workflowName === w.name), node.id, now));
		if (nodes.length === 0) {
			nodes.push(new WorkflowsMessageNode('No workflows on GitHub.', 'info', undefined, `${node.id}/none`));
		}
		return nodes;
	}

	private async jobsOf(node: WorkflowRunNode): Promise<WorkflowsTreeNode[]> {
		const result = await readGraph(this.gateway, WorkflowRunJobsQuery, { path: node.repositoryPath, id: node.run.id });
		const found = result.data?.repository?.github?.run;
		if (!found) {
			return [new WorkflowsMessageNode(errorText(result.errors) ?? 'GitHub no longer has this run.', 'error', undefined, `${node.id}/error`)];
		}
		const now = Date.now();
		const run = readFragment(RunFields, found);
		const jobs = found.jobs.map((job) => new WorkflowJobNode(node.repositoryPath, job, node.id, now, node.run.id));
		return jobs.length > 0 ? jobs : [new WorkflowsMessageNode(run.status === 'COMPLETED' ? 'No jobs ran.' : 'Waiting for jobs…', 'clock', undefined, `${node.id}/nojobs`)];
	}

	private setRepositoryCount(count: number): void {
		if (this.repositoryCount !== count) {
			this.repositoryCount = count;
			void setContext('metaGothic.github.repoCount', count);
		}
	}

	/**
	 * Watches exactly the expanded repositories the tree shows, and only while the view is visible.
	 * Expansion is remembered for a repository that leaves the tree: VS Code shows it expanded
	 * again when it comes back, without an expand event.
	 */
	private updateWatches(): void {
		const wanted = this.visible ? new Set([...this.expanded].filter((p) => this.shown.has(p))) : new Set<string>();
		for (const [repositoryPath, watch] of this.watches) {
			if (!wanted.has(repositoryPath)) {
				watch.dispose();
				this.watches.delete(repositoryPath);
			}
		}
		for (const repositoryPath of wanted) {
			if (!this.watches.has(repositoryPath)) {
				this.watches.set(repositoryPath, this.options.watch(repositoryPath));
			}
		}
	}

	dispose(): void {
		this.redraw.dispose();
		this.ticker.dispose();
		for (const watch of this.watches.values()) {
			watch.dispose();
		}
		this.watches.clear();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
