import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import type { RepositoryFilterView } from '../repositoryFilter';
import type { GitHubCredential, GitHubCredentials } from '../workflows/githubCredentials';
import { jobLogUri } from '../workflows/jobLogProvider';
import { CancelWorkflowRunMutation, RerunWorkflowRunMutation, WorkflowRunUrlQuery } from '../workflows/workflowsQueries';
import { createCommand } from './createCommand';
import { registerDispatchWorkflow } from './dispatchWorkflowCommand';
import { openExternal } from '../openExternal';

/** A run, as a tree node or any caller names it. */
export interface RunTarget {
	readonly repositoryPath: string;
	readonly run: { readonly id: string };
}

/** A job, as a tree node or any caller names it. */
export interface JobTarget {
	readonly repositoryPath: string;
	readonly job: { readonly id: string; readonly name: string };
}

/** Where a run is shown: the Workflows view, when it is among the recent runs. */
export interface RunRevealer {
	/** Shows the run's row, selected; false when the view does not show it. */
	reveal(runId: string): Promise<boolean>;
}

/** What the workflow commands act on. */
export interface WorkflowCommandTargets {
	readonly gateway: Pick<Gateway, 'execute'>;
	/** Undefined until the workspace is trusted: there is no one to sign in for before. */
	readonly credentials: () => GitHubCredentials | undefined;
	/** Polls GitHub now and redraws the view. */
	refresh(): Promise<void>;
	/** The repository group the dispatch pick list is narrowed to. */
	readonly filter?: Pick<RepositoryFilterView, 'group'>;
	readonly revealer?: RunRevealer;
}

function requireRun(target: RunTarget | undefined): RunTarget {
	if (!target?.repositoryPath || !target.run?.id) {
		throw new Error('Choose a workflow run in the Workflows view.');
	}
	return target;
}

/** Why Meta GOTHIC still reads GitHub after the entered token was forgotten, and how to stop it. */
export function stillSignedIn(credential: Pick<GitHubCredential, 'source' | 'account'>): string {
	switch (credential.source) {
		case 'session':
			return `Still signed in to GitHub with the VS Code session of ${credential.account ?? 'your account'}: sign out from the Accounts menu.`;
		case 'environment':
			return 'Still signed in to GitHub with the token from the environment (META_GOTHIC_GITHUB_TOKEN or GITHUB_TOKEN): unset it and reload the window to sign out.';
		case 'stored':
			return 'Still signed in to GitHub with a token entered in VS Code.';
	}
}

/** Registers sign-in, refresh, dispatch, cancel, re-run, open-on-GitHub and view-log. */
export function registerWorkflowCommands(targets: WorkflowCommandTargets): vscode.Disposable[] {
	const { gateway } = targets;
	const inView = <T>(title: string, task: () => Promise<T>) => vscode.window.withProgress({ location: { viewId: 'metaGothic.workflows' }, title }, task);

	const rerun = async (target: RunTarget | undefined, failedOnly: boolean) => {
		const { repositoryPath, run } = requireRun(target);
		await inView(failedOnly ? 'Re-running failed jobs…' : 'Re-running…', () => queryGraph(gateway, RerunWorkflowRunMutation, { repository: repositoryPath, runId: run.id, failedOnly }));
		await targets.refresh();
	};

	return [
		createCommand('metaGothic.github.signIn', async () => {
			const credentials = targets.credentials();
			if (!credentials) {
				throw new CodedError('Trust the workspace first: Meta GOTHIC reads GitHub only in a trusted workspace.', 'GITHUB', 'UNTRUSTED');
			}
			await credentials.signIn();
		}),
		createCommand('metaGothic.github.signOut', async () => {
			const remaining = await targets.credentials()?.forgetToken();
			await targets.refresh();
			if (remaining) {
				// Nothing to forget, or not the only credential: the view stays signed in, and says why.
				void showMessage('info', stillSignedIn(remaining));
			}
		}),
		createCommand('metaGothic.workflows.refresh', () => inView('Asking GitHub…', () => targets.refresh())),
		registerDispatchWorkflow({ gateway, refresh: () => targets.refresh(), filter: targets.filter }),
		createCommand('metaGothic.workflowRun.cancel', async (target?: RunTarget) => {
			const { repositoryPath, run } = requireRun(target);
			await inView('Cancelling…', () => queryGraph(gateway, CancelWorkflowRunMutation, { repository: repositoryPath, runId: run.id }));
			await targets.refresh();
		}),
		createCommand('metaGothic.workflowRun.reveal', async (target?: { repositoryPath?: string; runId?: string }) => {
			if (!target?.repositoryPath || !target.runId) {
				throw new Error('Name a workflow run to show.');
			}
			if (await targets.revealer?.reveal(target.runId)) {
				return;
			}
			// Older than the recent runs the view lists: show it where it is complete, on GitHub.
			const { repository } = await queryGraph(gateway, WorkflowRunUrlQuery, { path: target.repositoryPath, id: target.runId });
			const url = repository?.github?.run?.url;
			if (!url) {
				throw new CodedError(`GitHub no longer has run ${target.runId}.`, 'GITHUB', 'NOT_FOUND');
			}
			await openExternal(vscode.Uri.parse(url));
		}),
		createCommand('metaGothic.workflowRun.rerun', (target?: RunTarget) => rerun(target, false)),
		createCommand('metaGothic.workflowRun.rerunFailed', (target?: RunTarget) => rerun(target, true)),
		createCommand('metaGothic.workflows.openOnGitHub', async (target?: { url?: string | null }) => {
			if (!target?.url) {
				throw new Error('Choose a repository, workflow, run or job in the Workflows view.');
			}
			await openExternal(vscode.Uri.parse(target.url));
		}),
		createCommand('metaGothic.workflowJob.viewLog', async (target?: JobTarget) => {
			if (!target?.repositoryPath || !target.job?.id) {
				throw new Error('Choose a job in the Workflows view.');
			}
			const uri = jobLogUri(target.repositoryPath, path.basename(target.repositoryPath), target.job);
			const doc = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Downloading the log of ${target.job.name}…` }, () => vscode.workspace.openTextDocument(uri));
			await vscode.window.showTextDocument(doc, { preview: true });
			return doc;
		}),
	];
}
