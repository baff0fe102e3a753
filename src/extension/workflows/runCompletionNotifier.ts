import * as vscode from 'vscode';
import type { GitHubWorkflowsModel, WorkflowOperation } from '../../github/workflowsModel';
import type { WorkflowRunRecord } from '../../schema/contracts/workflows';
import { FIX_WITH_CLAUDE } from '../commands/fixWithClaudeCommand';
import { showMessage } from '../errors/notify';
import { runState, stateText } from './runPresentation';
import { readWorkflowsSettings } from './workflowsSettings';
import { openExternal } from '../openExternal';

/** Runs GitHub started this long before a dispatch returned still count as its run (clock skew). */
const DISPATCH_WINDOW_MS = 60_000;
const FIX = 'Fix with Claude';
const FIXABLE: ReadonlySet<string> = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

/**
 * Tells the user when a run they dispatched or re-ran (from any face of the graph) finishes,
 * with an "Open on GitHub" action and, when it failed, "Fix with Claude"; setting
 * `metaGothic.github.notifyOnCompletion`. A dispatch
 * does not always name its run, so the next manual run of that repository is taken as it.
 */
export class RunCompletionNotifier implements vscode.Disposable {
	private readonly tracked = new Set<string>();
	private readonly pendingDispatches = new Map<string, number>();
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly model: Pick<GitHubWorkflowsModel, 'onDidRunOperation' | 'onDidChangeRun' | 'recentRuns'>) {
		const a = model.onDidRunOperation((op) => this.operationRan(op));
		const b = model.onDidChangeRun((run) => this.runChanged(run));
		this.disposables.push(new vscode.Disposable(() => a.dispose()), new vscode.Disposable(() => b.dispose()));
	}

	private operationRan(op: WorkflowOperation): void {
		if (op.error) {
			return;
		}
		if (op.kind === 'rerun' && op.runId) {
			this.tracked.add(op.runId);
		} else if (op.kind === 'dispatch') {
			const since = Date.now() - DISPATCH_WINDOW_MS;
			this.pendingDispatches.set(op.repositoryPath, since);
			// The run may already be known: a dispatch that names its run stores it before this event.
			for (const run of this.model.recentRuns(50)) {
				this.adoptDispatched(run);
			}
		}
	}

	private runChanged(run: WorkflowRunRecord): void {
		this.adoptDispatched(run);
		if (run.status === 'COMPLETED' && this.tracked.delete(run.id)) {
			void this.notify(run);
		}
	}

	private adoptDispatched(run: WorkflowRunRecord): void {
		const since = this.pendingDispatches.get(run.repositoryPath);
		if (since === undefined || run.event !== 'workflow_dispatch' || Date.parse(run.createdAt) < since) {
			return;
		}
		this.pendingDispatches.delete(run.repositoryPath);
		if (run.status === 'COMPLETED') {
			void this.notify(run);
		} else {
			this.tracked.add(run.id);
		}
	}

	private async notify(run: WorkflowRunRecord): Promise<void> {
		if (!readWorkflowsSettings().notifyOnCompletion) {
			return;
		}
		const state = runState(run.status, run.conclusion);
		const repo = run.repositoryPath.split(/[/\\]/).pop();
		const message = `${run.workflowName} #${run.runNumber} in ${repo} ${stateText(state)}.`;
		// A run that failed can be handed to Claude from here; a cancelled one has nothing to fix.
		const fixable = run.status === 'COMPLETED' && run.conclusion !== null && FIXABLE.has(run.conclusion);
		const buttons = fixable ? [FIX, 'Open on GitHub'] : ['Open on GitHub'];
		const choice = await showMessage(state === 'success' ? 'info' : 'warning', message, ...buttons);
		if (choice === 'Open on GitHub') {
			await openExternal(vscode.Uri.parse(run.url));
		} else if (choice === FIX) {
			await vscode.commands.executeCommand(FIX_WITH_CLAUDE, { repositoryPath: run.repositoryPath, runId: run.id });
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
