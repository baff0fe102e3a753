import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewAgentRun } from '../../agentRuns/agentRunsQueries';
import { lastLines, promptSummary } from './agentRunText';
import { agentRunTooltip } from './agentRunTooltip';
import type { PermissionRequestNode } from './permissionRequestNode';

/** `850 ms`, `4.2 s`, `3 min 12 s`, `1 h 5 min`: short enough for a tree description. */
export function formatDuration(ms: number): string {
	if (ms < 1000) {
		return `${Math.round(ms)} ms`;
	}
	if (ms < 60_000) {
		return `${(ms / 1000).toFixed(1)} s`;
	}
	const minutes = Math.floor(ms / 60_000);
	if (minutes < 60) {
		return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
	}
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function icon(status: ViewAgentRun['status']): vscode.ThemeIcon {
	switch (status) {
		case 'RUNNING':
			// `~spin` animates the icon: the run is alive.
			return new vscode.ThemeIcon('loading~spin');
		case 'QUEUED':
			return new vscode.ThemeIcon('clock');
		case 'SUCCEEDED':
			return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
		case 'FAILED':
			return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
		case 'CANCELLED':
			return new vscode.ThemeIcon('circle-slash');
		case 'BUDGET_EXCEEDED':
			// A cap that held is not an error: the run did what it was allowed to.
			return new vscode.ThemeIcon('credit-card', new vscode.ThemeColor('testing.iconQueued'));
	}
}

/** One agent run: repository, prompt, time and cost; clicking opens its transcript. */
export class AgentRunNode {
	constructor(
		readonly run: ViewAgentRun,
		/** When the row is drawn; a running run's time counts up from its start. */
		private readonly now = Date.now(),
		/** Tool calls the run waits to be allowed; shown under it, expanded. */
		readonly permissionRequests: readonly PermissionRequestNode[] = [],
	) {}

	get repositoryName(): string {
		return path.basename(this.run.repositoryPath);
	}

	/** Time so far of a running run, the final duration of a finished one. */
	get elapsedMs(): number | null {
		if (this.run.durationMs != null) {
			return this.run.durationMs;
		}
		return this.run.startedAt ? Math.max(0, this.now - Date.parse(this.run.startedAt)) : null;
	}

	/** Space-joined state tokens for `viewItem =~` menu clauses (see package.json). */
	get contextValue(): string {
		const active = this.run.status === 'RUNNING' || this.run.status === 'QUEUED';
		const tokens = active ? ['run', this.run.status.toLowerCase(), 'cancelable'] : ['run', 'finished', 'retryable'];
		if (!active && this.run.sessionId && this.run.worktree?.state !== 'MERGED' && this.run.worktree?.state !== 'DISCARDED' && this.run.worktree?.state !== 'KEPT') {
			tokens.push('resumable');
		}
		if (this.run.worktree?.state === 'ACTIVE') {
			tokens.push('worktree');
			if (!active) {
				tokens.push('reviewable');
			}
		}
		return tokens.join(' ');
	}

	toTreeItem(): vscode.TreeItem {
		const waiting = this.permissionRequests.length > 0;
		const item = new vscode.TreeItem(this.repositoryName, waiting ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
		item.id = `run:${this.run.id}`;
		const elapsed = this.elapsedMs;
		// While it runs, the row follows what Claude is saying; the prompt is in the tooltip.
		const latest = this.run.status === 'RUNNING' && this.run.output ? lastLines(this.run.output, 1) : '';
		const branch = this.run.worktree ? `${this.run.worktree.branch}${this.run.worktree.state === 'ACTIVE' ? '' : ` (${this.run.worktree.state.toLowerCase()})`}` : '';
		item.description = [branch, promptSummary(latest || this.run.prompt), elapsed != null ? formatDuration(elapsed) : '', this.run.costUsd != null ? `$${this.run.costUsd.toFixed(2)}` : '']
			.filter(Boolean)
			.join(' · ');
		item.iconPath = icon(this.run.status);
		item.contextValue = this.contextValue;
		item.tooltip = this.tooltip();
		item.command = { command: 'metaGothic.agentRun.openTranscript', title: 'Open Transcript', arguments: [this] };
		return item;
	}

	private tooltip(): vscode.MarkdownString {
		// No theme icons: none is needed, and inside a code block they could not be escaped.
		return new vscode.MarkdownString(agentRunTooltip(this.run, this.repositoryName), false);
	}
}
