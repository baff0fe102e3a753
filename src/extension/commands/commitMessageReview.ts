/**
 * Commit messages from Claude, as Generate Commit Messages and Ship Everything both ask for and
 * review them: written for many repositories at once under a cancellable notification, then
 * shown one repository at a time in an input box the user edits. Nothing here commits.
 */
import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { ClaudeStatusQuery, GenerateCommitMessagesMutation, type ViewCommitSuggestion } from '../agentRuns/agentRunsQueries';
import { CodedError, queryGraph } from '../errors/codedError';
import { input } from '../prompts';
import type { CommandRepository } from './repositoryQueries';

type Graph = Pick<Gateway, 'execute'>;

/** A suggestion Claude wrote a message for. */
export type WrittenSuggestion = ViewCommitSuggestion & { message: string };

/** Refuses when Claude cannot run, with the code that says how to fix it (CLI_MISSING, UNTRUSTED…). */
export async function assertClaudeAvailable(gateway: Graph): Promise<void> {
	const { claudeStatus } = await queryGraph(gateway, ClaudeStatusQuery);
	if (!claudeStatus.available) {
		throw new CodedError(claudeStatus.reason ?? 'Agent runs cannot start.', 'CLAUDE', claudeStatus.code ?? 'CLI_FAILED');
	}
}

/** Subject for the input box; the body (after the first blank line) is kept as Claude wrote it. */
function splitMessage(message: string): { subject: string; body: string } {
	const [subject, ...rest] = message.split('\n');
	return { subject, body: rest.join('\n').trim() };
}

/**
 * Shows one suggestion for review; resolves with the message as edited, or undefined when the
 * user skipped the repository (Escape). `allChanges` says the commit takes every change, whatever
 * the suggestion was written for.
 */
export async function reviewCommitMessage(suggestion: WrittenSuggestion, index: number, total: number, options: { verb?: string; allChanges?: boolean } = {}): Promise<string | undefined> {
	const { subject, body } = splitMessage(suggestion.message);
	const flatBody = body.replace(/\s+/g, ' ');
	const scope = suggestion.paths && !options.allChanges ? ` — ${suggestion.paths.length} staged file${suggestion.paths.length === 1 ? '' : 's'}` : ' — all changes';
	const edited = await input({
		title: `${options.verb ?? 'Commit'} ${suggestion.repository.name} (${index}/${total})${scope}`,
		value: subject,
		prompt: `${body ? `Body kept: “${flatBody.length > 120 ? `${flatBody.slice(0, 119)}…` : flatBody}”. ` : ''}Enter ${options.verb === undefined ? 'commits' : 'accepts'}, Escape skips this repository.`,
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A commit message is required'),
	});
	return edited === undefined ? undefined : body ? `${edited.trim()}\n\n${body}` : edited.trim();
}

/**
 * Asks Claude for the messages (the graph writes them in parallel) under a cancellable
 * notification; undefined when the user cancelled. The graph resolves a cancelled request only
 * once every run it started is gone.
 */
export async function writeCommitSuggestions(gateway: Graph, repos: readonly CommandRepository[]): Promise<readonly ViewCommitSuggestion[] | undefined> {
	const title = `Writing commit messages for ${repos.length === 1 ? repos[0].name : `${repos.length} repositories`}…`;
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		try {
			const { generateCommitMessages } = await queryGraph(gateway, GenerateCommitMessagesMutation, { paths: repos.map((r) => r.path) }, { signal: controller.signal });
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

/** Splits suggestions into those with a message and the problems of those without ("name: why"). */
export function writtenSuggestions(suggestions: readonly ViewCommitSuggestion[]): { ready: WrittenSuggestion[]; problems: string[] } {
	const problems: string[] = [];
	const ready = suggestions.filter((s): s is WrittenSuggestion => {
		if (s.message === null) {
			problems.push(`${s.repository.name}: ${s.error ?? 'no message'}`);
		}
		return s.message !== null;
	});
	return { ready, problems };
}
