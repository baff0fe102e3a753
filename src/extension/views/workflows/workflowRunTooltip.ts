/**
 * The Markdown of a workflow run's tooltip. No `vscode` import, so it is unit-tested under Node.
 * The workflow's name comes from its file's `name:`, which a fork's pull request can set, and
 * branch and event come from GitHub: each is escaped, theme icons included, so only the icons
 * written here are drawn.
 */
import { escapeMarkdown } from '../../markdown';
import { relativeTime, type RunFacts, runLabel, runState, stateText } from '../../workflows/runPresentation';

/** Label and state, then repository, branch and commit with their icons, then when it ran. */
export function workflowRunTooltip(r: RunFacts & { readonly headSha: string | null }, repositoryName: string, now: number): string {
	let md = `**${escapeMarkdown(runLabel(r))}** — ${stateText(runState(r.status, r.conclusion))}\n\n`;
	md += `$(repo) ${escapeMarkdown(repositoryName)}`;
	if (r.branch) {
		md += ` · $(git-branch) ${escapeMarkdown(r.branch)}`;
	}
	if (r.headSha) {
		md += ` · $(git-commit) ${escapeMarkdown(r.headSha.slice(0, 7))}`;
	}
	md += `\n\nTriggered by ${escapeMarkdown(r.event.replace(/_/g, ' '))} ${relativeTime(r.createdAt, now)}; updated ${relativeTime(r.updatedAt, now)}.`;
	return md;
}
