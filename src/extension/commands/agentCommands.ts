import type { TadaDocumentNode } from 'gql.tada';
import * as vscode from 'vscode';
import type { AgentRunsSource } from '../../schema/contracts/agentRuns';
import type { ExecuteOptions, Gateway } from '../../schema/gateway';
import {
	AgentRepositoriesQuery, CancelAgentRunMutation, CommitSuggestionMutation, GenerateCommitMessagesMutation, ResumeAgentRunMutation,
	RetryAgentRunMutation, StartAgentRunMutation, type AgentRepository, type ViewCommitSuggestion,
} from '../agentRuns/agentRunsQueries';
import { openTranscript } from '../agentRuns/transcriptProvider';
import { log } from '../log';
import { readGraph } from '../readGraph';
import type { RepositoryFilterView } from '../repositoryFilter';
import { AgentRunNode } from '../views/agentRuns/agentRunNode';
import { RepositoryNode } from '../views/repositories/repositoryNode';
import { createCommand } from './createCommand';

/** What the agent commands act on. */
export interface AgentCommandTargets {
	/** Remembers the last prompt per workspace. */
	context: vscode.ExtensionContext;
	gateway: Pick<Gateway, 'execute'>;
	source: Pick<AgentRunsSource, 'unavailableReason'>;
	/** The repository group the pick lists are narrowed to. */
	filter?: Pick<RepositoryFilterView, 'group'>;
}

const LAST_PROMPT_KEY = 'metaGothic.agent.lastPrompt';

/** Runs a document; the graph's errors become one thrown error (shown by `createCommand`). */
async function run<TResult, TVariables>(gateway: Pick<Gateway, 'execute'>, document: TadaDocumentNode<TResult, TVariables>, variables?: TVariables, options?: ExecuteOptions): Promise<TResult> {
	const result = await readGraph(gateway, document, variables, options);
	if (result.errors?.length || !result.data) {
		throw new Error(result.errors?.map((e) => e.message).join('; ') || 'The graph returned no data.');
	}
	return result.data;
}

function assertAvailable(targets: AgentCommandTargets): void {
	const reason = targets.source.unavailableReason;
	if (reason) {
		throw new Error(reason);
	}
}

function runOf(node: unknown): AgentRunNode {
	if (!(node instanceof AgentRunNode)) {
		throw new Error('Choose a run in the Agent Runs view.');
	}
	return node;
}

function isUsable(r: AgentRepository): boolean {
	return r.initialized && !r.error;
}

async function pick(repos: readonly AgentRepository[], placeHolder: string, picked: boolean): Promise<AgentRepository[] | undefined> {
	const items = repos.map((r) => ({ label: r.name, description: [r.branch ?? 'detached', r.isDirty ? `${r.changes.length + r.submoduleChanges.length} changed` : ''].filter(Boolean).join(' · '), detail: r.path, picked, repo: r }));
	const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder, matchOnDescription: true, ignoreFocusOut: true });
	return chosen?.length ? chosen.map((c) => c.repo) : undefined;
}

/**
 * The repositories to act on: the one a view node names, else the ones the user picks from
 * those `filter` accepts (the active group's only, while the views are narrowed to one).
 */
async function chooseRepositories(targets: AgentCommandTargets, node: unknown, filter: (r: AgentRepository) => boolean, placeHolder: string, picked: boolean): Promise<AgentRepository[] | undefined> {
	if (node instanceof RepositoryNode) {
		// A node names its repository: the group does not get a say.
		const { repositories } = await run(targets.gateway, AgentRepositoriesQuery, { group: null });
		const repo = repositories.find((r) => r.path === node.repo.path);
		return repo && filter(repo) ? [repo] : [];
	}
	const { repositories } = await run(targets.gateway, AgentRepositoriesQuery, { group: targets.filter?.group ?? null });
	const candidates = repositories.filter(filter);
	return candidates.length ? pick(candidates, placeHolder, picked) : [];
}

/** " in group "x"" while the views are narrowed, for messages about what there is to act on. */
function inGroup(targets: AgentCommandTargets): string {
	const group = targets.filter?.group;
	return group === undefined ? '' : ` in group "${group}"`;
}

async function startRuns(targets: AgentCommandTargets, node: unknown): Promise<void> {
	assertAvailable(targets);
	const repos = await chooseRepositories(targets, node, isUsable, 'Repositories to run Claude on (one run each)', false);
	if (!repos) {
		return;
	}
	if (repos.length === 0) {
		void vscode.window.showInformationMessage(`There is no repository to run Claude on${inGroup(targets)}.`);
		return;
	}
	const prompt = await vscode.window.showInputBox({
		title: `Run Claude on ${repos.length === 1 ? repos[0].name : `${repos.length} repositories`}`,
		prompt: 'What should Claude do? The same prompt runs in each repository.',
		value: targets.context.workspaceState.get<string>(LAST_PROMPT_KEY, ''),
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A prompt is required'),
	});
	if (!prompt) {
		return;
	}
	await targets.context.workspaceState.update(LAST_PROMPT_KEY, prompt);
	const outcomes = await Promise.allSettled(repos.map((r) => run(targets.gateway, StartAgentRunMutation, { repository: r.path, prompt })));
	const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${repos[i].name}: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`] : []));
	await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
	if (failed.length) {
		failed.forEach((f) => log.error(`Start agent run: ${f}`));
		throw new Error(`${failed.length} of ${repos.length} runs could not start. ${failed[0]}`);
	}
}

/** Subject for the input box; the body (after the first blank line) is kept as Claude wrote it. */
function splitMessage(message: string): { subject: string; body: string } {
	const [subject, ...rest] = message.split('\n');
	return { subject, body: rest.join('\n').trim() };
}

async function review(suggestion: ViewCommitSuggestion & { message: string }, index: number, total: number): Promise<string | undefined> {
	const { subject, body } = splitMessage(suggestion.message);
	const flatBody = body.replace(/\s+/g, ' ');
	const edited = await vscode.window.showInputBox({
		title: `Commit ${suggestion.repository.name} (${index}/${total})${suggestion.paths ? ` — ${suggestion.paths.length} staged file${suggestion.paths.length === 1 ? '' : 's'}` : ' — all changes'}`,
		value: subject,
		prompt: `${body ? `Body kept: “${flatBody.length > 120 ? `${flatBody.slice(0, 119)}…` : flatBody}”. ` : ''}Enter commits, Escape skips this repository.`,
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A commit message is required'),
	});
	return edited === undefined ? undefined : body ? `${edited.trim()}\n\n${body}` : edited.trim();
}

/**
 * Asks Claude for the messages under a cancellable notification; undefined when the user
 * cancelled. The graph resolves a cancelled request only once every run it started is gone.
 */
async function writeSuggestions(targets: AgentCommandTargets, repos: readonly AgentRepository[]): Promise<readonly ViewCommitSuggestion[] | undefined> {
	const title = `Writing commit messages for ${repos.length === 1 ? repos[0].name : `${repos.length} repositories`}…`;
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		try {
			const { generateCommitMessages } = await run(targets.gateway, GenerateCommitMessagesMutation, { paths: repos.map((r) => r.path) }, { signal: controller.signal });
			// Suggestions that raced the cancel are dropped too: the user asked to stop.
			return controller.signal.aborted ? undefined : generateCommitMessages;
		} catch (err) {
			if (controller.signal.aborted) {
				return undefined;
			}
			throw err;
		} finally {
			cancel.dispose();
		}
	});
}

async function generateCommitMessages(targets: AgentCommandTargets, node: unknown): Promise<void> {
	assertAvailable(targets);
	const repos = await chooseRepositories(targets, node, (r) => isUsable(r) && r.isDirty, 'Repositories to write commit messages for', true);
	if (!repos) {
		return;
	}
	if (repos.length === 0) {
		void vscode.window.showInformationMessage(`Nothing to commit: every repository${inGroup(targets)} is clean.`);
		return;
	}
	const suggestions = await writeSuggestions(targets, repos);
	if (!suggestions) {
		void vscode.window.showInformationMessage('Cancelled: no commit was made.');
		return;
	}
	const problems: string[] = [];
	const skipped: string[] = [];
	let committed = 0;
	const ready = suggestions.filter((s): s is ViewCommitSuggestion & { message: string } => {
		if (s.message === null) {
			problems.push(`${s.repository.name}: ${s.error ?? 'no message'}`);
		}
		return s.message !== null;
	});
	// Never commit blindly: every message is shown for review first, one repository at a time.
	for (const [i, suggestion] of ready.entries()) {
		const message = await review(suggestion, i + 1, ready.length);
		if (message === undefined) {
			skipped.push(suggestion.repository.name);
			continue;
		}
		const { commit } = await run(targets.gateway, CommitSuggestionMutation, { repository: suggestion.repository.path, message, paths: suggestion.paths });
		if (commit.status === 'SUCCEEDED') {
			committed++;
		} else {
			problems.push(`${suggestion.repository.name}: commit failed — ${commit.error?.message ?? commit.status}`);
		}
	}
	problems.forEach((p) => log.warn(`Commit messages: ${p}`));
	const parts = [`${committed} committed`, skipped.length ? `${skipped.length} skipped (${skipped.join(', ')})` : '', problems.length ? `${problems.length} without a commit` : ''].filter(Boolean);
	const summary = `Commit messages: ${parts.join(', ')}.`;
	if (problems.length === 0) {
		void vscode.window.showInformationMessage(summary);
		return;
	}
	const choice = await vscode.window.showWarningMessage(summary, { detail: problems.join('\n') }, 'Show Log');
	if (choice === 'Show Log') {
		log.show();
	}
}

/** Registers the agent commands: start runs, commit messages, and the actions on a run. */
export function registerAgentCommands(targets: AgentCommandTargets): vscode.Disposable[] {
	const { gateway } = targets;
	return [
		createCommand('metaGothic.agent.start', (node?: unknown) => startRuns(targets, node)),
		createCommand('metaGothic.agent.generateCommitMessages', (node?: unknown) => generateCommitMessages(targets, node)),
		createCommand('metaGothic.agentRun.cancel', async (node?: unknown) => {
			const { run: target } = runOf(node);
			// Cancelling waits for the process tree to go; show that the view is busy meanwhile.
			await vscode.window.withProgress({ location: { viewId: 'metaGothic.agentRuns' } }, () => run(gateway, CancelAgentRunMutation, { id: target.id }));
		}),
		createCommand('metaGothic.agentRun.retry', async (node?: unknown) => {
			assertAvailable(targets);
			await run(gateway, RetryAgentRunMutation, { id: runOf(node).run.id });
		}),
		createCommand('metaGothic.agentRun.resume', async (node?: unknown) => {
			assertAvailable(targets);
			const target = runOf(node);
			const prompt = await vscode.window.showInputBox({
				title: `Continue the run in ${target.repositoryName}`,
				prompt: 'Follow-up prompt; Claude continues the same session.',
				ignoreFocusOut: true,
				validateInput: (v) => (v.trim() ? undefined : 'A prompt is required'),
			});
			if (prompt) {
				await run(gateway, ResumeAgentRunMutation, { id: target.run.id, prompt });
			}
		}),
		createCommand('metaGothic.agentRun.openTranscript', async (node?: unknown) => {
			const target = runOf(node);
			await openTranscript(target.run.id, target.repositoryName);
		}),
	];
}
