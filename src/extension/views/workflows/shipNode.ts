import * as vscode from 'vscode';
import { summarizeShip } from '../../flows/shipSummary';
import type { ViewShip, ViewShipRow } from '../../flows/shipQueries';
import { ShipRowNode } from './shipRowNode';

/** The last Ship Everything, above the runs: one line for the ship, one row per repository. */
export class ShipNode {
	static readonly ID = 'ship';

	constructor(
		readonly ship: ViewShip,
		/** Why CI is not followed for a row (no GitHub remote, GitHub not connected); undefined when it is. */
		private readonly unfollowed: (row: ViewShipRow) => string | undefined = () => undefined,
	) {}

	get children(): ShipRowNode[] {
		return this.ship.rows.map((row) => new ShipRowNode(row, ShipNode.ID, this.unfollowed(row)));
	}

	toTreeItem(): vscode.TreeItem {
		const summary = summarizeShip(this.ship.rows, this.unfollowed);
		const item = new vscode.TreeItem('Last ship', vscode.TreeItemCollapsibleState.Expanded);
		item.id = ShipNode.ID;
		item.description = summary.text;
		// Spinning while CI still runs on a pushed commit: the rows below change by themselves.
		item.iconPath = new vscode.ThemeIcon(summary.settled ? (summary.failed > 0 ? 'warning' : 'rocket') : 'sync~spin');
		item.tooltip = `${this.ship.rows.length} repositor${this.ship.rows.length === 1 ? 'y' : 'ies'} shipped at ${new Date(this.ship.createdAt).toLocaleTimeString()}: ${summary.text}`;
		item.contextValue = `ship${summary.settled ? '' : ' running'}`;
		return item;
	}
}
