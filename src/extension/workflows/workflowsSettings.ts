import * as vscode from 'vscode';

/** The `metaGothic.github.*` settings, with defaults applied. */
export interface WorkflowsSettings {
	/** Between polls while a run is in progress or a repository is open in the view. */
	readonly fastIntervalMs: number;
	/** Between polls while everything is idle. */
	readonly idleIntervalMs: number;
	readonly pauseWhenUnfocused: boolean;
	readonly notifyOnCompletion: boolean;
}

/** Reads the GitHub settings; intervals are given in seconds and floored at the manifest's minimums. */
export function readWorkflowsSettings(): WorkflowsSettings {
	const config = vscode.workspace.getConfiguration('metaGothic.github');
	return {
		fastIntervalMs: Math.max(2, config.get<number>('pollInterval.fast', 5)) * 1000,
		idleIntervalMs: Math.max(10, config.get<number>('pollInterval.idle', 60)) * 1000,
		pauseWhenUnfocused: config.get<boolean>('pauseWhenUnfocused', true),
		notifyOnCompletion: config.get<boolean>('notifyOnCompletion', true),
	};
}
