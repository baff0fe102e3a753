/**
 * Fix with Claude from the Workflows view, the palette and a run's failure notification: the
 * graph prepares the fix and starts the agent (fixWorkflowRun); this face asks before making a
 * checkout of its own, shows progress while the agent works, opens its edits for review, and
 * commits, continues or discards only on the user's click.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSourceError } from '../../schema/contracts/sourceError';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import {
	AcceptWorkflowFixMutation, CancelWorkflowFixMutation, ContinueWorkflowFixMutation, DiscardWorkflowFixMutation, FailedRunsQuery,
	FixWorkflowRunMutation, WorkflowFixesQuery, WorkflowFixQuery, type ViewFix,
} from '../flows/fixQueries';
import { closeFixDiffs, fixCommitMessage, showFixDiffs } from '../flows/fixReview';
import type { FixWorktrees } from '../flows/fixWorktrees';
import { confirm, input, pick } from '../prompts';
import { createCommand } from './createCommand';

type Graph = Pick<Gateway, 'execute'>;

/** What the command works with. */
export interface FixWithClaudeTargets {
	readonly gateway: Graph;
	readonly worktrees: FixWorktrees;
	/** Follows the CI of a fix just pushed, to say when it has finished (the FixCompletionNotifier). */
	readonly followCi?: (fixId: string) => void;
}

/** The run to fix: a run row, a job row (it knows its run) or `{ repositoryPath, runId }`. */
interface FixRunTarget {
	readonly repositoryPath: string;
	readonly runId: string;
}

/** The id of the command. */
export const FIX_WITH_CLAUDE = 'metaGothic.workflows.fixWithClaude';

const FAILED_CONCLUSIONS = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);
/** How often the agent's progress is read: the fix is an in-memory record, so reading it is free. */
const POLL_MS = 500;

function targetOf(arg: unknown): FixRunTarget | undefined {
	if (!arg || typeof arg !== 'object') {
		return undefined;
	}
	const a = arg as { repositoryPath?: unknown; runId?: unknown; run?: { id?: unknown } };
	const runId = typeof a.runId === 'string' ? a.runId : typeof a.run?.id === 'string' ? a.run.id : undefined;
	return typeof a.repositoryPath === 'string' && runId ? { repositoryPath: a.repositoryPath, runId } : undefined;
}

/** A failure of git or the graph as the coded error `createCommand` shows with its fixing actions. */
function coded(err: unknown, repositoryPath: string): unknown {
	return isSourceError(err) ? new CodedError(err.message, err.domain, err.code, err.retryable, repositoryPath) : err;
}

async function pickFailedRun(gateway: Graph): Promise<FixRunTarget | undefined> {
	const { workflowRuns } = await queryGraph(gateway, FailedRunsQuery);
	const failed = (workflowRuns ?? []).filter((r) => r.status === 'COMPLETED' && r.conclusion && FAILED_CONCLUSIONS.has(r.conclusion));
	if (failed.length === 0) {
		void showMessage('info', 'No recent workflow run failed: there is nothing to fix.');
		return undefined;
	}
	const picked = await pick(
		failed.map((r) => ({
			label: `${path.basename(r.repository.path)} · ${r.workflowName} #${r.runNumber}`,
			description: [r.branch, r.headSha?.slice(0, 7), r.conclusion?.toLowerCase().replace('_', ' ')].filter(Boolean).join(' · '),
			target: { repositoryPath: r.repository.path, runId: r.id },
		})),
		{ title: 'Fix with Claude', placeHolder: 'The failed run to fix', matchOnDescription: true, ignoreFocusOut: true },
	);
	return picked?.target;
}

/**
 * Starts a fix of the run. When the user's checkout is at another commit or has changes, asks
 * before making a worktree at the run's commit: the user's working tree is never touched.
 */
async function startFix(targets: FixWithClaudeTargets, target: FixRunTarget): Promise<ViewFix | undefined> {
	const { gateway, worktrees } = targets;
	const variables = { runId: target.runId, repository: target.repositoryPath };
	const prepared = (await queryGraph(gateway, FixWorkflowRunMutation, variables)).fixWorkflowRun;
	if (prepared.status !== 'NEEDS_CHECKOUT') {
		return prepared;
	}
	// The prepared fix waits for a checkout that the next call names: drop it whatever the answer.
	await queryGraph(gateway, CancelWorkflowFixMutation, { id: prepared.id });
	const repo = path.basename(target.repositoryPath);
	if (!prepared.commit) {
		throw new CodedError(`Run #${prepared.runNumber} names no commit to check out.`, 'GITHUB', 'NOT_FOUND', false, target.repositoryPath);
	}
	const answer = await confirm(
		`${repo} is not at the commit of ${prepared.workflowName} #${prepared.runNumber}, or has changes of its own. Fix it in a new worktree?`,
		`A worktree of ${repo} at ${prepared.commit.slice(0, 7)} on the new branch ${prepared.suggestedBranch} is made in Meta GOTHIC's storage; your checkout is not touched.`,
		'Create Worktree',
	);
	if (answer !== 'Create Worktree') {
		return undefined;
	}
	const folder = await vscode.window
		.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking out ${prepared.commit.slice(0, 7)} of ${repo}…` }, () =>
			worktrees.create(target.repositoryPath, prepared.suggestedBranch, prepared.commit as string),
		)
		.then(undefined, (err: unknown) => Promise.reject(coded(err, target.repositoryPath)));
	try {
		return (await queryGraph(gateway, FixWorkflowRunMutation, { ...variables, workingDirectory: folder })).fixWorkflowRun;
	} catch (err) {
		await worktrees.remove(folder);
		throw err;
	}
}

/** Waits (with a cancellable progress notification) until the fix's agent stops working. */
function follow(targets: FixWithClaudeTargets, fix: ViewFix): Thenable<ViewFix> {
	if (fix.status !== 'RUNNING') {
		return Promise.resolve(fix);
	}
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Claude is fixing ${fix.workflowName} #${fix.runNumber} in ${path.basename(fix.repository.path)}`, cancellable: true },
		async (_progress, token) => {
			for (;;) {
				if (token.isCancellationRequested) {
					return (await queryGraph(targets.gateway, CancelWorkflowFixMutation, { id: fix.id })).cancelWorkflowFix;
				}
				await new Promise<void>((resolve) => {
					const timer = setTimeout(done, POLL_MS);
					const cancel = token.onCancellationRequested(done);
					function done(): void {
						clearTimeout(timer);
						cancel.dispose();
						resolve();
					}
				});
				const current = (await queryGraph(targets.gateway, WorkflowFixQuery, { id: fix.id })).workflowFix;
				if (!current) {
					throw new CodedError('The fix is gone (the window reloaded?).', 'CLAUDE', 'NOT_FOUND');
				}
				if (current.status !== 'RUNNING') {
					return current;
				}
			}
		},
	);
}

/** Removes the fix's worktree if this face made it; the branch stays once it was pushed. */
async function dropWorktree(targets: FixWithClaudeTargets, fix: ViewFix, keepBranch = false): Promise<void> {
	if (targets.worktrees.owns(fix.workingDirectory)) {
		await targets.worktrees.remove(fix.workingDirectory as string, keepBranch);
		await closeFixDiffs(fix.workingDirectory as string);
	}
}

async function accept(targets: FixWithClaudeTargets, fix: ViewFix): Promise<ViewFix | undefined> {
	const message = await input({
		title: `Commit the fix of ${fix.workflowName} #${fix.runNumber}`,
		prompt: 'The commit message; the commit is pushed next',
		value: fixCommitMessage(fix),
		validateInput: (v) => (v.trim() ? undefined : 'The commit message is empty.'),
		ignoreFocusOut: true,
	});
	if (message === undefined) {
		return undefined;
	}
	const accepted = (
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Committing and pushing the fix…' }, () =>
			queryGraph(targets.gateway, AcceptWorkflowFixMutation, { id: fix.id, message }),
		)
	).acceptWorkflowFix;
	if (accepted.error) {
		// Committed, not pushed: the worktree stays so that accepting again pushes it.
		throw new CodedError(`Committed ${accepted.commitSha?.slice(0, 7) ?? ''}, but the push failed: ${accepted.error.message}`, 'REPOS', accepted.error.code, false, accepted.workingDirectory ?? undefined);
	}
	await dropWorktree(targets, accepted, true);
	targets.followCi?.(accepted.id);
	void showMessage('info', `Committed ${accepted.commitSha?.slice(0, 7) ?? 'the fix'} and pushed it: ${accepted.workflowName} runs again on it; you will be told how it ends.`);
	return accepted;
}

/** Shows the fix's edits and acts on the user's choice, until the fix is decided or set aside. */
async function review(targets: FixWithClaudeTargets, start: ViewFix): Promise<ViewFix> {
	let fix = start;
	for (;;) {
		if (fix.status === 'CANCELLED') {
			await dropWorktree(targets, fix);
			void showMessage('info', `Stopped the fix of ${fix.workflowName} #${fix.runNumber}; its edits were put back.`);
			return fix;
		}
		if (fix.changedPaths.length === 0) {
			// Nothing to review: put the checkout back as it was and say why.
			const discarded = (await queryGraph(targets.gateway, DiscardWorkflowFixMutation, { id: fix.id })).discardWorkflowFix;
			await dropWorktree(targets, discarded);
			if (fix.status === 'FAILED' && fix.error) {
				throw new CodedError(`Claude could not fix ${fix.workflowName} #${fix.runNumber}: ${fix.error.message}`, 'CLAUDE', fix.error.code, false, fix.repository.path);
			}
			void showMessage('info', `Claude changed nothing for ${fix.workflowName} #${fix.runNumber}.`);
			return discarded;
		}
		await showFixDiffs(fix);
		const files = `${fix.changedPaths.length} file${fix.changedPaths.length === 1 ? '' : 's'}`;
		const choice = await pick(
			[
				{ label: 'Accept', description: 'Commit with a message you edit, then push', action: 'accept' as const },
				{ label: 'Continue', description: 'Ask Claude for more in the same session', action: 'continue' as const },
				{ label: 'Discard', description: 'Put back everything Claude changed', action: 'discard' as const },
			],
			{ title: `Fix of ${fix.workflowName} #${fix.runNumber}${fix.status === 'FAILED' ? ' (the agent run failed)' : ''}: ${files} changed`, ignoreFocusOut: true },
		);
		if (choice?.action === 'accept') {
			const accepted = await accept(targets, fix);
			if (accepted) {
				return accepted;
			}
		} else if (choice?.action === 'continue') {
			const prompt = await input({ title: `Continue the fix of ${fix.workflowName} #${fix.runNumber}`, prompt: 'What Claude should do next', ignoreFocusOut: true });
			if (prompt?.trim()) {
				fix = await follow(targets, (await queryGraph(targets.gateway, ContinueWorkflowFixMutation, { id: fix.id, prompt })).continueWorkflowFix);
			}
		} else if (choice?.action === 'discard') {
			const discarded = (await queryGraph(targets.gateway, DiscardWorkflowFixMutation, { id: fix.id })).discardWorkflowFix;
			await dropWorktree(targets, discarded);
			void showMessage('info', `Discarded the fix of ${fix.workflowName} #${fix.runNumber}.`);
			return discarded;
		} else {
			void showMessage('info', `The fix of ${fix.workflowName} #${fix.runNumber} waits for your review: run Fix with Claude on the run again.`);
			return fix;
		}
	}
}

/** Registers `metaGothic.workflows.fixWithClaude`; it resolves with the fix as it ended (for callers and tests). */
export function registerFixWithClaude(targets: FixWithClaudeTargets): vscode.Disposable {
	return createCommand(FIX_WITH_CLAUDE, async (arg?: unknown): Promise<ViewFix | undefined> => {
		const target = targetOf(arg) ?? (await pickFailedRun(targets.gateway));
		if (!target) {
			return undefined;
		}
		// A fix set aside for review (or still working) is taken up again rather than refused as a conflict.
		const { workflowFixes } = await queryGraph(targets.gateway, WorkflowFixesQuery);
		const pending = workflowFixes.find((f) => f.runId === target.runId && f.repository.path === target.repositoryPath && ['RUNNING', 'REVIEW', 'FAILED'].includes(f.status));
		const fix = pending ?? (await startFix(targets, target));
		return fix ? review(targets, await follow(targets, fix)) : undefined;
	});
}
