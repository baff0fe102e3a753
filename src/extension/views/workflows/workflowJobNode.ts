import * as vscode from 'vscode';
import { elapsedText, jobContextValue, runState, stateText } from '../../workflows/runPresentation';
import type { ViewJob } from '../../workflows/workflowsQueries';
import { stateThemeIcon } from './stateThemeIcon';
import { WorkflowStepNode } from './workflowStepNode';

/** One job of a run's latest attempt; its children are its steps, its log opens on click. */
export class WorkflowJobNode {
	constructor(
		readonly repositoryPath: string,
		readonly job: ViewJob,
		private readonly parentId: string,
		private readonly now = Date.now(),
		/** The run the job belongs to, for the commands that act on the run (Fix with Claude). */
		readonly runId?: string,
	) {}

	get id(): string {
		return `${this.parentId}/job:${this.job.id}`;
	}

	/** The job's page on GitHub, for "Open on GitHub". */
	get url(): string | null {
		return this.job.url;
	}

	get steps(): WorkflowStepNode[] {
		return this.job.steps.map((step) => new WorkflowStepNode(step, this.id));
	}

	toTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.job.name, this.job.steps.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		const state = stateText(runState(this.job.status, this.job.conclusion));
		item.description = [state, elapsedText(this.job.startedAt, this.job.completedAt, this.now)].filter(Boolean).join(' · ');
		item.iconPath = stateThemeIcon(this.job.status, this.job.conclusion);
		item.tooltip = `${this.job.name}: ${state}`;
		item.contextValue = jobContextValue(this.job);
		if (/\bhasLog\b/.test(item.contextValue)) {
			item.command = { command: 'metaGothic.workflowJob.viewLog', title: 'View Log', arguments: [this] };
		}
		return item;
	}
}
