import * as vscode from 'vscode';
import type { ViewAgentRun } from '../../agentRuns/agentRunsQueries';
import { promptSummary } from './agentRunText';
import type { AgentRunNode } from './agentRunNode';

/** A fleet's roll-up as the view reads it. */
export type ViewFleet = NonNullable<ViewAgentRun['fleet']>;

/** `2 running · 1 done · 1 failed · $0.42`: what a fleet amounts to, for its row. */
export function fleetSummary(fleet: ViewFleet): string {
	const parts = [
		fleet.running ? `${fleet.running} running` : '',
		fleet.queued ? `${fleet.queued} queued` : '',
		fleet.succeeded ? `${fleet.succeeded} done` : '',
		fleet.failed ? `${fleet.failed} failed` : '',
		fleet.budgetExceeded ? `${fleet.budgetExceeded} at budget` : '',
		fleet.cancelled ? `${fleet.cancelled} cancelled` : '',
		`$${fleet.costUsd.toFixed(2)}`,
	];
	return parts.filter(Boolean).join(' · ');
}

/** Runs started together on several repositories: one row with their roll-up, the runs below. */
export class FleetNode {
	constructor(
		readonly fleet: ViewFleet,
		readonly runs: readonly AgentRunNode[],
	) {}

	/** Space-joined state tokens for `viewItem =~` menu clauses. */
	get contextValue(): string {
		const tokens = ['fleet'];
		if (!this.fleet.finished) {
			tokens.push('fleetCancelable');
		}
		if (this.fleet.failed > 0) {
			tokens.push('fleetRetryable');
		}
		return tokens.join(' ');
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(`Fleet: ${promptSummary(this.fleet.prompt, 40)}`, vscode.TreeItemCollapsibleState.Expanded);
		item.id = `fleet:${this.fleet.id}`;
		item.description = fleetSummary(this.fleet);
		item.iconPath = new vscode.ThemeIcon(this.fleet.finished ? (this.fleet.failed ? 'warning' : 'layers') : 'layers-active');
		item.contextValue = this.contextValue;
		item.tooltip = `${this.runs.length} run${this.runs.length === 1 ? '' : 's'} started ${new Date(this.fleet.createdAt).toLocaleString()}: ${fleetSummary(this.fleet)}`;
		return item;
	}
}
