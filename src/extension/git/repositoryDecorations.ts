import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import type { RepositoryState } from '../../schema/contracts/repos';

/**
 * Badges the folder of every dirty repository in the Explorer (and anywhere else resources are
 * shown): the number of changes, red when a merge is in conflict. Files themselves are left to
 * VS Code's own git decorations.
 */
export class RepositoryDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
	private readonly _onDidChangeFileDecorations = new vscode.EventEmitter<vscode.Uri[]>();
	readonly onDidChangeFileDecorations = this._onDidChangeFileDecorations.event;
	private readonly subscription: { dispose(): void };

	constructor(
		private readonly repositories: () => readonly RepositoryState[],
		onDidChangeRepository: Event<RepositoryState>,
	) {
		this.subscription = onDidChangeRepository((r) => this._onDidChangeFileDecorations.fire([vscode.Uri.file(r.path)]));
	}

	/** Re-decorates every repository (after a scan). */
	refreshAll(): void {
		this._onDidChangeFileDecorations.fire(this.repositories().map((r) => vscode.Uri.file(r.path)));
	}

	provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
		if (uri.scheme !== 'file') {
			return undefined;
		}
		const repo = this.repositories().find((r) => r.path === uri.fsPath);
		if (!repo || !repo.initialized) {
			return undefined;
		}
		const count = repo.changes.length + repo.submoduleChanges.length;
		if (count === 0) {
			return undefined;
		}
		const conflicted = repo.changes.some((c) => c.conflicted);
		return {
			badge: count > 99 ? '99+' : String(count),
			tooltip: `${repo.name}: ${count} change${count === 1 ? '' : 's'}${conflicted ? ', merge conflicts' : ''}`,
			color: new vscode.ThemeColor(conflicted ? 'gitDecoration.conflictingResourceForeground' : 'gitDecoration.modifiedResourceForeground'),
			propagate: false,
		};
	}

	dispose(): void {
		this.subscription.dispose();
		this._onDidChangeFileDecorations.dispose();
	}
}
