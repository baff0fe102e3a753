import * as vscode from 'vscode';
import { setContext } from './contextKeys';
import { RepositoryGroup, RepositoryGroups } from '../common/repositoryGroups';
import type { RepositoryGroupsSource } from '../schema/repositoryGroupsSource';

/** Where the active group is kept between sessions (per workspace). */
const STATE_KEY = 'metaGothic.repos.activeGroup';
/** Context key: true while the views are narrowed to a group. */
const CONTEXT_KEY = 'metaGothic.repos.filtered';

/** What a view needs to follow the active group. */
export interface RepositoryFilterView {
	/** The active group's name, or `undefined` when every repository is shown. */
	readonly group: string | undefined;
	/** Whether the repository at `path` is shown: always true without a group. */
	includes(path: string): boolean;
	/** Fires when the active group, or what it holds, changes. */
	readonly onDidChange: vscode.Event<void>;
}

/**
 * The repository group the views are narrowed to (command *Filter by Group*), shared by the
 * Repositories, Workflows and Agent Runs views and the batch commands. It compiles the setting
 * `metaGothic.repos.groups` against the workspace folders, follows both live, and is the graph's
 * groups source, so `repositories(group:)` and the views agree. A group that disappears from
 * the setting clears the filter.
 */
export class RepositoryFilter implements RepositoryFilterView, RepositoryGroupsSource, vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	readonly onDidChange = this._onDidChange.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChange];
	private compiled: RepositoryGroups;
	private active: string | undefined;

	constructor(
		private readonly state: vscode.Memento,
		private readonly roots: () => readonly string[],
	) {
		this.compiled = this.read();
		const saved = state.get<string>(STATE_KEY);
		this.active = saved !== undefined && this.compiled.get(saved) ? saved : undefined;
		void this.publish();
		this.disposables.push(
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('metaGothic.repos.groups')) {
					void this.reload();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
		);
	}

	/** Every group of the setting, compiled against the workspace folders (the graph reads this). */
	get groups(): RepositoryGroups {
		return this.compiled;
	}

	get group(): string | undefined {
		return this.active;
	}

	/** The active group, compiled; `undefined` without one. */
	get activeGroup(): RepositoryGroup | undefined {
		return this.active === undefined ? undefined : this.compiled.get(this.active);
	}

	includes(path: string): boolean {
		const group = this.activeGroup;
		return group ? group.includes(path) : true;
	}

	/** Narrows the views to group `name`, or shows everything again with `undefined`. */
	async setGroup(name: string | undefined): Promise<void> {
		if (name !== undefined) {
			// Refuses unknown and invalid groups with the message the graph would give.
			this.compiled.require(name);
		}
		if (name === this.active) {
			return;
		}
		this.active = name;
		await this.publish();
		this._onDidChange.fire();
	}

	private read(): RepositoryGroups {
		return RepositoryGroups.fromSetting(vscode.workspace.getConfiguration('metaGothic').get<unknown>('repos.groups'), this.roots());
	}

	private async reload(): Promise<void> {
		this.compiled = this.read();
		if (this.active !== undefined && !this.compiled.get(this.active)) {
			this.active = undefined;
			await this.publish();
		}
		// Even when the active group stays, its entries may have changed: the views re-read.
		this._onDidChange.fire();
	}

	private async publish(): Promise<void> {
		await this.state.update(STATE_KEY, this.active);
		await setContext(CONTEXT_KEY, this.active !== undefined);
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

/** Shows the active group in a view's description ("group: frontend") while it is narrowed. */
export function showFilterIn(view: vscode.TreeView<unknown>, filter: RepositoryFilterView): vscode.Disposable {
	const update = () => {
		view.description = filter.group === undefined ? undefined : `group: ${filter.group}`;
	};
	update();
	return filter.onDidChange(update);
}
