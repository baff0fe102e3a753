import * as vscode from 'vscode';

/**
 * The ship the Workflows view follows: the last Ship Everything of this window. The graph keeps
 * the ship itself (rows, and CI read from the runs as they change); this holds only its id.
 */
export class LastShip implements vscode.Disposable {
	private current: string | undefined;
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	/** Fires when another ship becomes the last. */
	readonly onDidChange = this._onDidChange.event;

	/** The id of the last ship, if there was one. */
	get id(): string | undefined {
		return this.current;
	}

	/** Makes `id` the ship the summary shows. */
	set(id: string): void {
		this.current = id;
		this._onDidChange.fire();
	}

	dispose(): void {
		this._onDidChange.dispose();
	}
}
