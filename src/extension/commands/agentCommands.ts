import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import {
	CancelAgentRunMutation, CommitSuggestionMutation, PromptTemplatesQuery, ResumeAgentRunMutation, RetryAgentRunMutation, StartAgentFleetMutation, StartAgentRunMutation,
} from '../agentRuns/agentRunsQueries';
import { queryGraph } from '../errors/codedError';
import { openTranscript } from '../agentRuns/transcriptProvider';
import { log } from '../log';
import { input, pick } from '../prompts';
import type { RepositoryFilterView } from '../repositoryFilter';
import { AgentRunNode } from '../views/agentRuns/agentRunNode';
import { assertClaudeAvailable, reviewCommitMessage, writeCommitSuggestions, writtenSuggestions } from './commitMessageReview';
import { createCommand } from './createCommand';
import { chooseRepositories, inGroup, isDirty, isUsable } from './repositoryPicks';
import type { CommandRepository } from './repositoryQueries';

/** What the agent commands act on. */
export interface AgentCommandTargets {
	/** Remembers the last prompt per workspace. */
	context: vscode.ExtensionContext;
	gateway: Pick<Gateway, 'execute'>;
	/** The repository group the pick lists are narrowed to. */
	filter?: Pick<RepositoryFilterView, 'group'>;
}

const LAST_PROMPT_KEY = 'metaGothic.agent.lastPrompt';

/** Runs a document; the graph's errors become one coded error (shown by `createCommand` with its fixes). */
const run = queryGraph;

/** Refuses when runs cannot start, with the code that says how to fix it (CLI_MISSING, UNTRUSTED…). */
const assertAvailable = (targets: AgentCommandTargets): Promise<void> => assertClaudeAvailable(targets.gateway);

function runOf(node: unknown): AgentRunNode {
	if (!(node instanceof AgentRunNode)) {
		throw new Error('Choose a run in the Agent Runs view.');
	}
	return node;
}

/** The repositories to act on: the one a node names, else a pick among those `accept` takes (the active group's only). */
function choose(targets: AgentCommandTargets, node: unknown, accept: (r: CommandRepository) => boolean, placeHolder: string, pickAll: boolean): Promise<CommandRepository[] | undefined> {
	return chooseRepositories(node, { gateway: targets.gateway, group: targets.filter?.group, accept, placeHolder, pickAll });
}

async function startRuns(targets: AgentCommandTargets, node: unknown): Promise<void> {
	await assertAvailable(targets);
	const repos = await choose(targets, node, isUsable, 'Repositories to run Claude on (one run each)', false);
	if (!repos) {
		return;
	}
	if (repos.length === 0) {
		void vscode.window.showInformationMessage(`There is no repository to run Claude on${inGroup(targets.filter?.group)}.`);
		return;
	}
	const title = `Run Claude on ${repos.length === 1 ? repos[0].name : `${repos.length} repositories`}`;
	const chosen = await choosePrompt(targets, title);
	if (!chosen) {
		return;
	}
	if (repos.length > 1) {
		// Several repositories: one fleet, so they can be followed, cancelled and retried together.
		await run(targets.gateway, StartAgentFleetMutation, { repositories: repos.map((r) => r.path), ...chosen });
		await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
		return;
	}
	const outcomes = await Promise.allSettled(repos.map((r) => run(targets.gateway, StartAgentRunMutation, { repository: r.path, ...chosen })));
	const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${repos[i].name}: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`] : []));
	await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
	if (failed.length) {
		failed.forEach((f) => log.error(`Start agent run: ${f}`));
		throw new Error(`${failed.length} of ${repos.length} runs could not start. ${failed[0]}`);
	}
}

/** A written prompt or a saved template; undefined when the user backed out. */
async function choosePrompt(targets: AgentCommandTargets, title: string): Promise<{ prompt: string | null; template: string | null } | undefined> {
	const { promptTemplates } = await run(targets.gateway, PromptTemplatesQuery);
	// The commit-message template is for Generate Commit Messages, not for agent work.
	const templates = promptTemplates.filter((t) => t.name !== 'commit-message');
	let template: string | null = null;
	if (templates.length > 0) {
		const write = { label: '$(edit) Write a prompt…', template: null as string | null };
		const picked = await pick(
			[write, ...templates.map((t) => ({ label: `$(bookmark) ${t.name}`, description: t.source === 'BUILT_IN' ? 'built-in' : t.source.toLowerCase(), detail: t.description ?? undefined, template: t.name as string | null }))],
			{ title, placeHolder: 'Write a prompt, or start from a saved one', ignoreFocusOut: true },
		);
		if (!picked) {
			return undefined;
		}
		template = picked.template;
	}
	if (template) {
		return { prompt: null, template };
	}
	const prompt = await input({
		title,
		prompt: 'What should Claude do? The same prompt runs in each repository.',
		value: targets.context.workspaceState.get<string>(LAST_PROMPT_KEY, ''),
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A prompt is required'),
	});
	if (!prompt) {
		return undefined;
	}
	await targets.context.workspaceState.update(LAST_PROMPT_KEY, prompt);
	return { prompt, template: null };
}

async function generateCommitMessages(targets: AgentCommandTargets, node: unknown): Promise<void> {
	await assertAvailable(targets);
	const repos = await choose(targets, node, isDirty, 'Repositories to write commit messages for', true);
	if (!repos) {
		return;
	}
	if (repos.length === 0) {
		void vscode.window.showInformationMessage(`Nothing to commit: every repository${inGroup(targets.filter?.group)} is clean.`);
		return;
	}
	const suggestions = await writeCommitSuggestions(targets.gateway, repos);
	if (!suggestions) {
		void vscode.window.showInformationMessage('Cancelled: no commit was made.');
		return;
	}
	const { ready, problems } = writtenSuggestions(suggestions);
	const skipped: string[] = [];
	let committed = 0;
	// Never commit blindly: every message is shown for review first, one repository at a time.
	for (const [i, suggestion] of ready.entries()) {
		const message = await reviewCommitMessage(suggestion, i + 1, ready.length);
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
			await assertAvailable(targets);
			await run(gateway, RetryAgentRunMutation, { id: runOf(node).run.id });
		}),
		createCommand('metaGothic.agentRun.resume', async (node?: unknown) => {
			await assertAvailable(targets);
			const target = runOf(node);
			const prompt = await input({
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
