import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, codedErrorOf, queryGraph } from '../errors/codedError';
import { readGraph } from '../readGraph';
import type { RepositoryFilterView } from '../repositoryFilter';
import { toMutationInputs } from '../workflows/dispatchInputRules';
import { promptForInputs, promptForRef } from '../workflows/dispatchPrompts';
import { DispatchWorkflowMutation, type ViewWorkflow, WorkflowsRepositoryQuery, WorkflowsRootQuery } from '../workflows/workflowsQueries';
import { createCommand } from './createCommand';

/**
 * What to dispatch. A repository or workflow node of the view gives the first two; a caller
 * (another extension, a test) may give everything, and then nothing is asked.
 */
export interface DispatchTarget {
	readonly repositoryPath?: string;
	readonly workflow?: { readonly path: string };
	/** A workflow's path, file name or name, for callers without a node. */
	readonly workflowPath?: string;
	readonly ref?: string;
	/** Input values by name; when given, the inputs are not asked for. */
	readonly inputs?: Readonly<Record<string, string>>;
}

/**
 * Repositories with a GitHub remote to choose from, with the branch each has checked out: the
 * active group's only while the views are narrowed to one.
 */
async function pickRepository(gateway: Pick<Gateway, 'execute'>, group: string | undefined): Promise<{ path: string; branch: string | null } | undefined> {
	const result = await readGraph(gateway, WorkflowsRootQuery, { first: 0, group: group ?? null });
	if (!result.data) {
		throw codedErrorOf(result.errors ?? []);
	}
	const status = result.data.githubStatus;
	if (!status.available) {
		throw new CodedError(status.reason ?? 'GitHub cannot be used now.', 'GITHUB', status.code ?? 'GITHUB_FAILED');
	}
	const repos = result.data.repositories.filter((r) => r.github);
	if (repos.length === 0) {
		throw new Error(group === undefined ? 'No repository of this workspace has a GitHub remote.' : `No repository of group "${group}" has a GitHub remote.`);
	}
	const picked = await vscode.window.showQuickPick(
		repos.map((r) => ({ label: r.name, description: `${r.github?.owner}/${r.github?.name}`, detail: r.path, repo: r })),
		{ title: 'Run a workflow in', placeHolder: 'Repository', matchOnDescription: true, ignoreFocusOut: true },
	);
	return picked && { path: picked.repo.path, branch: picked.repo.branch };
}

async function pickWorkflow(workflows: readonly ViewWorkflow[], wanted: string | undefined): Promise<ViewWorkflow | undefined> {
	if (wanted) {
		const found = workflows.find((w) => w.path === wanted || w.path.split('/').pop() === wanted || w.name === wanted);
		if (!found) {
			throw new Error(`No workflow '${wanted}' can be run by hand here.`);
		}
		return found;
	}
	if (workflows.length === 1) {
		return workflows[0];
	}
	const picked = await vscode.window.showQuickPick(
		workflows.map((w) => ({ label: w.name, description: w.path.split('/').pop(), workflow: w })),
		{ title: 'Run which workflow', placeHolder: 'Workflows with a workflow_dispatch trigger', ignoreFocusOut: true },
	);
	return picked?.workflow;
}

/** What the dispatch command needs. */
export interface DispatchWorkflowTargets {
	readonly gateway: Pick<Gateway, 'execute'>;
	/** Polls GitHub now and redraws the view. */
	refresh(): Promise<void>;
	/** The repository group the pick list is narrowed to; a node or caller naming a repository is not. */
	readonly filter?: Pick<RepositoryFilterView, 'group'>;
}

/** Registers `metaGothic.workflow.dispatch`: repository, workflow, ref, then one prompt per input. */
export function registerDispatchWorkflow(targets: DispatchWorkflowTargets): vscode.Disposable {
	const { gateway } = targets;
	return createCommand('metaGothic.workflow.dispatch', async (target?: DispatchTarget) => {
		let repositoryPath = target?.repositoryPath;
		let currentBranch: string | null = null;
		if (!repositoryPath) {
			const picked = await pickRepository(gateway, targets.filter?.group);
			if (!picked) {
				return undefined;
			}
			repositoryPath = picked.path;
			currentBranch = picked.branch;
		}
		const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading workflows…' }, () => readGraph(gateway, WorkflowsRepositoryQuery, { path: repositoryPath, first: 0 }));
		const github = read.data?.repository?.github;
		if (!github) {
			throw read.errors?.length ? codedErrorOf(read.errors, repositoryPath) : new CodedError(`${repositoryPath} has no GitHub remote.`, 'GITHUB', 'NOT_FOUND');
		}
		const dispatchable = github.workflows.filter((w) => w.dispatchInputs != null);
		if (dispatchable.length === 0) {
			throw new Error(`No workflow of ${path.basename(repositoryPath)} can be run by hand: none has a workflow_dispatch trigger.`);
		}
		const workflow = await pickWorkflow(dispatchable, target?.workflow?.path ?? target?.workflowPath);
		if (!workflow) {
			return undefined;
		}
		const ref = target?.ref ?? (await promptForRef(github.defaultBranch, currentBranch));
		if (!ref) {
			return undefined;
		}
		const inputs = workflow.dispatchInputs ?? [];
		const values = target?.inputs ?? (await promptForInputs(inputs));
		if (!values) {
			return undefined;
		}
		const { dispatchWorkflow } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting ${workflow.name} on ${ref}…` }, () =>
			queryGraph(gateway, DispatchWorkflowMutation, { repository: repositoryPath, workflow: workflow.path, ref, inputs: toMutationInputs(inputs, values) }),
		);
		await targets.refresh();
		void vscode.window.showInformationMessage(`Started ${workflow.name} on ${ref} in ${path.basename(repositoryPath)}.`);
		return dispatchWorkflow;
	});
}
