/**
 * Commit messages written by short agent runs: one run per repository over its staged (or else
 * all) changes, with the built-in prompt or the user's `commit-message` template.
 */
import * as path from 'node:path';
import { CANCELLED_MESSAGE, type CommitMessageSuggestionRecord, type PromptTemplateRecord } from '../schema/contracts/agentRuns';
import { SourceError } from '../schema/contracts/sourceError';
import { buildCommitMessagePrompt, cleanCommitMessage, DEFAULT_MAX_DIFF_CHARS, splitDiff, summariseFile } from './commitMessage';
import { readCommitMessageInput, type CommitMessageGit, type CommitMessageInput } from './commitMessageInput';
import { COMMIT_MESSAGE_TEMPLATE, placeholderValues, renderTemplate } from './promptTemplates';
import type { AgentRun, AgentRunOptions } from './runModel';
import type { RunQueue } from './runQueue';

/** One turn, no tools: the run only writes text. */
const COMMIT_MESSAGE_RUN: AgentRunOptions = { maxTurns: 1, allowedTools: [], permissionMode: 'default' };

/** What a suggestion reads besides the queue. */
export interface CommitMessageContext {
	readonly git: CommitMessageGit;
	/** The prompt templates in effect (a `commit-message` one replaces the built-in prompt). */
	readonly templates: () => Promise<readonly PromptTemplateRecord[]>;
}

/**
 * Writes a commit message for `repo` with a short run on `queue`. Never throws: a clean tree, a
 * failed or cancelled run comes back as the row's `error`.
 */
export async function suggestCommitMessage(queue: RunQueue, repo: string, signal: AbortSignal | undefined, context: CommitMessageContext): Promise<CommitMessageSuggestionRecord> {
	const row = (fields: Partial<CommitMessageSuggestionRecord>): CommitMessageSuggestionRecord => ({ repositoryPath: repo, message: null, error: null, paths: null, runId: null, ...fields });
	let runId: string | null = null;
	let paths: string[] | null = null;
	try {
		const input = await readCommitMessageInput(context.git, repo);
		if (!input) {
			return row({ error: 'Nothing to commit: the working tree is clean.' });
		}
		if (signal?.aborted) {
			return row({ error: 'The run was cancelled.' });
		}
		paths = input.paths ? [...input.paths] : null;
		const prompt = await commitMessagePrompt(repo, input, context);
		const id = queue.start(repo, prompt, COMMIT_MESSAGE_RUN).id;
		runId = id;
		const stop = () => queue.cancel(id);
		signal?.addEventListener('abort', stop, { once: true });
		let done: AgentRun;
		try {
			// Resolves once the run has ended: after a cancel, its processes are gone.
			done = await queue.whenFinished(id);
		} finally {
			signal?.removeEventListener('abort', stop);
		}
		if (done.status !== 'SUCCEEDED') {
			return row({ runId, paths, error: done.error ?? (done.status === 'CANCELLED' ? 'The run was cancelled.' : 'The run failed.') });
		}
		return row({ runId, paths, message: cleanCommitMessage(done.result) });
	} catch (err) {
		return row({ runId, paths, error: err instanceof Error ? err.message : String(err) });
	}
}

/** Throws code `CANCELLED` once `signal` has aborted: a caller that asked to stop gets no part of the rows. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) {
		throw new SourceError('CLAUDE', 'CANCELLED', CANCELLED_MESSAGE);
	}
}

/** One suggestion per repository of `repos`, in their order; a repository named twice gets one run. */
export function suggestCommitMessages(queue: RunQueue, repos: readonly string[], signal: AbortSignal | undefined, context: CommitMessageContext): Promise<CommitMessageSuggestionRecord[]> {
	const byRepo = new Map<string, Promise<CommitMessageSuggestionRecord>>();
	return Promise.all(
		repos.map((repo) => {
			let suggestion = byRepo.get(repo);
			if (!suggestion) {
				suggestion = suggestCommitMessage(queue, repo, signal, context);
				byRepo.set(repo, suggestion);
			}
			return suggestion;
		}),
	);
}

/**
 * The built-in commit-message prompt, or the user's `commit-message` template (a workspace
 * file or a setting) filled in with the same changes.
 */
async function commitMessagePrompt(repo: string, input: CommitMessageInput, context: CommitMessageContext): Promise<string> {
	const override = (await context.templates()).find((t) => t.name === COMMIT_MESSAGE_TEMPLATE && t.source !== 'BUILT_IN');
	if (!override) {
		return buildCommitMessagePrompt({ ...input, repositoryName: path.basename(repo) }).prompt;
	}
	const changedFiles = [...splitDiff(input.diff).map((f) => `- ${summariseFile(f)}`), ...input.untracked.map((p) => `- ${p}: new file`)].join('\n');
	const values = await placeholderValues(context.git, repo, override.body, { changedFiles, diff: input.diff.slice(0, DEFAULT_MAX_DIFF_CHARS) });
	return renderTemplate(override.body, values);
}
