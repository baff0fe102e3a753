/**
 * Commands of the agent fleet: reviewing a WORKTREE run's work (show changes, merge, keep as a
 * branch, discard), acting on a fleet (cancel all, retry failed), cleaning worktrees a crash left,
 * and the notification that offers the review when a WORKTREE run ends.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import type { AgentRunRecord } from '../../schema/contracts/agentRuns';
import type { Gateway } from '../../schema/gateway';
import {
	AgentRunWorktreeQuery, AgentWorktreesQuery, CancelAgentFleetMutation, CleanAgentWorktreesMutation, DiscardAgentRunMutation,
	KeepAgentRunBranchMutation, MergeAgentRunMutation, RetryAgentFleetMutation,
} from '../agentRuns/agentRunsQueries';
import { queryGraph } from '../errors/codedError';
import { confirm, pick } from '../prompts';
import { AgentRunNode } from '../views/agentRuns/agentRunNode';
import { FleetNode } from '../views/agentRuns/fleetNode';
import { createCommand } from './createCommand';

type Graph = Pick<Gateway, 'execute'>;

/** A run id from a view node, a notification's argument (`{ id }`) or a plain id. */
function runIdOf(node: unknown): string {
	if (node instanceof AgentRunNode) {
		return node.run.id;
	}
	if (typeof node === 'string') {
		return node;
	}
	if (node && typeof node === 'object' && typeof (node as { id?: unknown }).id === 'string') {
		return (node as { id: string }).id;
	}
	throw new Error('Choose a run in the Agent Runs view.');
}

function fleetIdOf(node: unknown): string {
	if (node instanceof FleetNode) {
		return node.fleet.id;
	}
	if (typeof node === 'string') {
		return node;
	}
	throw new Error('Choose a fleet in the Agent Runs view.');
}

/** Opens the run's diff against its base in an editor, and says which files changed. */
async function showChanges(gateway: Graph, id: string): Promise<void> {
	const { agentRun } = await queryGraph(gateway, AgentRunWorktreeQuery, { id });
	const wt = agentRun?.worktree;
	if (!agentRun || !wt) {
		throw new Error('This run worked in place: its changes are in the repository itself.');
	}
	if (wt.state !== 'ACTIVE') {
		void vscode.window.showInformationMessage(`The worktree of ${wt.branch} was ${wt.state.toLowerCase()}: there is nothing left to show.`);
		return;
	}
	if (wt.changes.length === 0) {
		void vscode.window.showInformationMessage(`${wt.branch} in ${path.basename(agentRun.repositoryPath)} changed nothing.`);
		return;
	}
	const header = `# ${wt.branch} in ${path.basename(agentRun.repositoryPath)} against ${wt.baseCommit.slice(0, 8)}: ${wt.changes.length} file${wt.changes.length === 1 ? '' : 's'}\n`;
	const document = await vscode.workspace.openTextDocument({ content: `${header}\n${wt.diff}`, language: 'diff' });
	await vscode.window.showTextDocument(document, { preview: true });
}

async function merge(gateway: Graph, id: string): Promise<void> {
	const picked = await pick(
		[
			{ label: 'Fast-forward', description: 'Move the branch to the run’s commits (fails if the branch moved on)', mode: 'FAST_FORWARD' as const },
			{ label: 'Merge commit', description: 'Record a merge of the run’s branch', mode: 'MERGE_COMMIT' as const },
		],
		{ title: 'Merge the run into the checked-out branch', ignoreFocusOut: true },
	);
	if (!picked) {
		return;
	}
	const { mergeAgentRun } = await queryGraph(gateway, MergeAgentRunMutation, { id, mode: picked.mode });
	void vscode.window.showInformationMessage(`Merged ${mergeAgentRun.worktree?.branch ?? 'the run'} (${mergeAgentRun.worktree?.mergeCommit?.slice(0, 8) ?? ''}); its worktree is removed.`);
}

async function keepBranch(gateway: Graph, id: string): Promise<void> {
	const { keepAgentRunBranch } = await queryGraph(gateway, KeepAgentRunBranchMutation, { id });
	void vscode.window.showInformationMessage(`Kept branch ${keepAgentRunBranch.worktree?.branch ?? ''} with the run’s work committed; check it out when you are ready.`);
}

async function discard(gateway: Graph, id: string): Promise<void> {
	const { agentRun } = await queryGraph(gateway, AgentRunWorktreeQuery, { id });
	const branch = agentRun?.worktree?.branch ?? 'the run’s branch';
	const choice = await confirm(`Discard ${branch}?`, 'Its worktree and branch are deleted with everything the run did.', 'Discard');
	if (choice === 'Discard') {
		await queryGraph(gateway, DiscardAgentRunMutation, { id });
	}
}

async function cleanWorktrees(gateway: Graph): Promise<void> {
	const { agentWorktrees } = await queryGraph(gateway, AgentWorktreesQuery);
	const orphans = agentWorktrees.filter((w) => w.run === null);
	if (orphans.length === 0) {
		void vscode.window.showInformationMessage(`No worktree was left behind (${agentWorktrees.length} belong to runs; review them from their runs).`);
		return;
	}
	const names = orphans.map((w) => `${path.basename(w.repositoryPath)}: ${w.branch}`).join('\n');
	const choice = await confirm(`Remove ${orphans.length} worktree${orphans.length === 1 ? '' : 's'} no run claims, with their branches?`, names, 'Remove');
	if (choice === 'Remove') {
		const { cleanAgentWorktrees } = await queryGraph(gateway, CleanAgentWorktreesMutation);
		void vscode.window.showInformationMessage(`Removed ${cleanAgentWorktrees} worktree${cleanAgentWorktrees === 1 ? '' : 's'}.`);
	}
}

/**
 * When a WORKTREE run that was seen going ends, offers its review. Runs read from the history
 * (finished before this window opened) are not announced.
 */
export function notifyWorktreeRunsEnding(onDidChangeRun: Event<AgentRunRecord>): vscode.Disposable {
	const going = new Set<string>();
	const sub = onDidChangeRun((run) => {
		if (run.status === 'QUEUED' || run.status === 'RUNNING') {
			going.add(run.id);
			return;
		}
		if (!going.delete(run.id) || run.worktree?.state !== 'ACTIVE') {
			return;
		}
		const name = path.basename(run.repositoryPath);
		const what = run.status === 'SUCCEEDED' ? 'finished' : run.status === 'BUDGET_EXCEEDED' ? 'stopped at its budget' : run.status.toLowerCase();
		void vscode.window.showInformationMessage(`Claude ${what} in ${name} on ${run.worktree.branch}. Review its work:`, 'Show Changes', 'Merge…', 'Discard').then((choice) => {
			const command = choice === 'Show Changes' ? 'metaGothic.agentRun.showChanges' : choice === 'Merge…' ? 'metaGothic.agentRun.merge' : choice === 'Discard' ? 'metaGothic.agentRun.discard' : undefined;
			if (command) {
				void vscode.commands.executeCommand(command, { id: run.id });
			}
		});
	});
	return new vscode.Disposable(() => sub.dispose());
}

/** Registers the fleet and worktree review commands. */
export function registerAgentFleetCommands(gateway: Graph): vscode.Disposable[] {
	return [
		createCommand('metaGothic.agentRun.showChanges', (node?: unknown) => showChanges(gateway, runIdOf(node))),
		createCommand('metaGothic.agentRun.merge', (node?: unknown) => merge(gateway, runIdOf(node))),
		createCommand('metaGothic.agentRun.keepBranch', (node?: unknown) => keepBranch(gateway, runIdOf(node))),
		createCommand('metaGothic.agentRun.discard', (node?: unknown) => discard(gateway, runIdOf(node))),
		createCommand('metaGothic.agentFleet.cancel', async (node?: unknown) => {
			const id = fleetIdOf(node);
			await vscode.window.withProgress({ location: { viewId: 'metaGothic.agentRuns' } }, () => queryGraph(gateway, CancelAgentFleetMutation, { id }));
		}),
		createCommand('metaGothic.agentFleet.retry', async (node?: unknown) => {
			await queryGraph(gateway, RetryAgentFleetMutation, { id: fleetIdOf(node) });
		}),
		createCommand('metaGothic.agent.cleanWorktrees', () => cleanWorktrees(gateway)),
	];
}
