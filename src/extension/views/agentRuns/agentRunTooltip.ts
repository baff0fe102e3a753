/**
 * The Markdown of an agent run's tooltip. No `vscode` import, so it is unit-tested under Node.
 * Repository, branch, prompt, error and output are anyone's text (the prompt may quote a
 * workflow log, the output is Claude's): each goes in escaped or fenced, never raw.
 */
import { codeBlock, escapeMarkdown, escapeMarkdownLines } from '../../markdown';
import type { ViewAgentRun } from '../../agentRuns/agentRunsQueries';
import { lastLines, promptSummary } from './agentRunText';

/** The run's facts in one line, its prompt in a code block, then its error or latest output. */
export function agentRunTooltip(r: ViewAgentRun, repositoryName: string): string {
	const facts = [
		r.status.toLowerCase(),
		r.numTurns != null ? `${r.numTurns} turn${r.numTurns === 1 ? '' : 's'}` : '',
		r.costUsd != null ? `$${r.costUsd.toFixed(4)}` : '',
		r.parent ? 'follows an earlier run' : '',
		r.worktree ? `worktree ${r.worktree.branch}: ${r.worktree.state.toLowerCase()}` : 'in place',
	].filter(Boolean);
	let md = `**${escapeMarkdown(repositoryName)}** — ${facts.map(escapeMarkdown).join(' · ')}\n\n`;
	md += codeBlock(promptSummary(r.prompt, 400));
	if (r.error) {
		md += `\n\n**Error**\n\n${codeBlock(r.error)}`;
	} else if (r.output) {
		md += `\n\n**${r.status === 'RUNNING' ? 'Latest output' : 'Output'}**\n\n${escapeMarkdownLines(lastLines(r.output, 6))}`;
	}
	return md;
}
