import * as vscode from 'vscode';
import type { Event } from '../../../common/event';
import { Debouncer } from '../../../common/throttle';
import type { Gateway } from '../../../schema/gateway';
import { readGraph } from '../../readGraph';
import type { RepositoryFilterView } from '../../repositoryFilter';
import { FileNode } from './fileNode';
import { GroupNode, RepositoryGroup } from './groupNode';
import { RepositoriesViewQuery, ViewRepository } from './repositoriesQuery';
import { RepositoryNode } from './repositoryNode';

/** Every node the Repositories view can show. */
export type RepositoriesTreeNode = GroupNode | RepositoryNode | FileNode | MessageNode;

/** A one-line node for an error or an empty state that a welcome view does not cover. */
export class MessageNode {
	constructor(
		readonly message: string,
		readonly icon = 'warning',
		/** A command the node runs when clicked (e.g. Clear Filter), if any. */
		readonly command?: string,
	) {}
	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.message);
		item.iconPath = new vscode.ThemeIcon(this.icon);
		item.contextValue = 'message';
		if (this.command) {
			item.command = { command: this.command, title: this.message };
		}
		return item;
	}
}

/** How the view arranges repositories (setting `metaGothic.repos.grouping`). */
export type Grouping = 'state' | 'hierarchy';

function groupOf(repo: ViewRepository): RepositoryGroup {
	if (repo.error) {
		return 'errors';
	}
	if (repo.loading) {
		return 'reading';
	}
	if (!repo.initialized) {
		return 'uninitialised';
	}
	if (repo.changes.some((c) => c.conflicted)) {
		return 'conflicts';
	}
	if (repo.isDirty) {
		return 'dirty';
	}
	if (repo.ahead || repo.behind) {
		return 'unsynced';
	}
	return 'clean';
}

const GROUP_ORDER: RepositoryGroup[] = ['errors', 'conflicts', 'dirty', 'unsynced', 'reading', 'clean', 'uninitialised'];

/**
 * The Repositories view: every repository of the workspace, by state or as the submodule
 * hierarchy. It reads the graph only; the git model's change events make it reload, debounced
 * so a burst of file events costs one query.
 */
export class RepositoriesProvider implements vscode.TreeDataProvider<RepositoriesTreeNode>, vscode.Disposable {
	private readonly _onDidChangeTreeData = new vscode.EventEmitter<RepositoriesTreeNode | undefined>();
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];
	private repositories: readonly ViewRepository[] = [];
	private loadError: string | undefined;
	private readonly reloader = new Debouncer(50, () => void this.reload());
	/** Counts reloads started, so that only the latest one's answer is shown. */
	private reloads = 0;

	constructor(
		private readonly gateway: Gateway,
		onDidChangeRepositories: Event<unknown>,
		private grouping: Grouping,
		/** The group the view is narrowed to; every repository without one. */
		private readonly filter?: RepositoryFilterView,
	) {
		const subscription = onDidChangeRepositories(() => this.eventuallyReload());
		this.disposables.push({ dispose: () => subscription.dispose() });
		if (filter) {
			this.disposables.push(filter.onDidChange(() => void this.reload()));
		}
	}

	/** Repositories currently shown (tests read this). */
	get shown(): readonly ViewRepository[] {
		return this.repositories;
	}

	setGrouping(grouping: Grouping): void {
		this.grouping = grouping;
		this._onDidChangeTreeData.fire(undefined);
	}

	/** Reloads from the graph now. */
	async reload(): Promise<void> {
		const reload = ++this.reloads;
		const group = this.filter?.group ?? null;
		const result = await readGraph(this.gateway, RepositoriesViewQuery, { group });
		if (reload !== this.reloads) {
			// A newer reload started meanwhile (the group changed, a repository changed): an older
			// answer must not replace what it shows.
			return;
		}
		if (result.data) {
			this.repositories = result.data.repositories;
		} else if (group !== null) {
			// An invalid group: show its error, not the last group's repositories.
			this.repositories = [];
		}
		this.loadError = result.errors?.length ? result.errors.map((e) => e.message).join('; ') : undefined;
		this._onDidChangeTreeData.fire(undefined);
	}

	/** Reloads once a burst of changes has settled. */
	private eventuallyReload(): void {
		this.reloader.trigger();
	}

	getTreeItem(node: RepositoriesTreeNode): vscode.TreeItem {
		return node.toTreeItem();
	}

	getChildren(node?: RepositoriesTreeNode): RepositoriesTreeNode[] {
		if (!node) {
			return this.roots();
		}
		if (node instanceof GroupNode) {
			return [...node.repositories];
		}
		if (node instanceof RepositoryNode) {
			const files = [...node.repo.changes, ...node.repo.submoduleChanges.map((c) => ({ ...c, originalPath: null, conflicted: false }))].map(
				(c) => new FileNode(node.repo.path, c),
			);
			return [...node.childRepositories, ...files];
		}
		return [];
	}

	/** The node that holds `node` in the tree as it is now (for `TreeView.reveal`). */
	getParent(node: RepositoriesTreeNode): RepositoriesTreeNode | undefined {
		const target = node.toTreeItem().id;
		const walk = (parent: RepositoriesTreeNode | undefined, children: readonly RepositoriesTreeNode[]): RepositoriesTreeNode | undefined | null => {
			for (const child of children) {
				if (child.toTreeItem().id === target) {
					return parent;
				}
				const below = child instanceof GroupNode ? child.repositories : child instanceof RepositoryNode ? child.childRepositories : [];
				const found = walk(child, below);
				if (found !== null) {
					return found;
				}
			}
			return null;
		};
		if (node instanceof FileNode) {
			return this.nodeOf(node.repositoryPath);
		}
		return walk(undefined, this.roots()) ?? undefined;
	}

	/** The node of the repository at `path` as the tree shows it now, if it shows it. */
	nodeOf(path: string): RepositoryNode | undefined {
		const walk = (nodes: readonly RepositoriesTreeNode[]): RepositoryNode | undefined => {
			for (const node of nodes) {
				if (node instanceof RepositoryNode && node.repo.path === path) {
					return node;
				}
				const found = walk(node instanceof GroupNode ? node.repositories : node instanceof RepositoryNode ? node.childRepositories : []);
				if (found) {
					return found;
				}
			}
			return undefined;
		};
		return walk(this.roots());
	}

	private roots(): RepositoriesTreeNode[] {
		const head: RepositoriesTreeNode[] = this.loadError ? [new MessageNode(this.loadError, 'error')] : [];
		if (!this.loadError && this.repositories.length === 0 && this.filter?.group !== undefined) {
			// The welcome view covers an empty workspace, not an empty group.
			return [new MessageNode(`No repository is in group "${this.filter.group}".`, 'filter', 'metaGothic.repos.clearFilter')];
		}
		if (this.grouping === 'hierarchy') {
			return [...head, ...this.hierarchy()];
		}
		const groups = new Map<RepositoryGroup, RepositoryNode[]>();
		for (const repo of this.repositories) {
			const group = groupOf(repo);
			groups.set(group, [...(groups.get(group) ?? []), new RepositoryNode(repo)]);
		}
		return [...head, ...GROUP_ORDER.filter((g) => groups.has(g)).map((g) => new GroupNode(g, groups.get(g) ?? []))];
	}

	private hierarchy(): RepositoryNode[] {
		const byParent = new Map<string | null, ViewRepository[]>();
		const known = new Set(this.repositories.map((r) => r.path));
		for (const repo of this.repositories) {
			const parent = repo.parent && known.has(repo.parent.path) ? repo.parent.path : null;
			byParent.set(parent, [...(byParent.get(parent) ?? []), repo]);
		}
		const build = (repo: ViewRepository): RepositoryNode => new RepositoryNode(repo, (byParent.get(repo.path) ?? []).map(build));
		return (byParent.get(null) ?? []).map(build);
	}

	dispose(): void {
		this.reloader.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
