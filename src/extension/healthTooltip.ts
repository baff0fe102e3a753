/**
 * The Markdown of the status bar's health tooltip. No `vscode` import, so it is unit-tested
 * under Node; `statusBar.ts` wraps it in a trusted MarkdownString.
 */
import { commandLink, escapeMarkdown } from './markdown';
import type { HealthLine, UsageLine } from './statusBar';

/** The only commands the tooltip's links may run: this extension's own. */
export const TOOLTIP_COMMANDS = ['metaGothic.workflowRun.reveal', 'metaGothic.repo.reveal', 'metaGothic.agentRuns.focus', 'metaGothic.dashboard.open'] as const;

/** Where a health line leads: the failed run, the repository, the agent runs. */
function linkOf(line: HealthLine): string {
	switch (line.kind) {
		case 'CI_FAILED':
			return commandLink('metaGothic.workflowRun.reveal', [{ repositoryPath: line.repositoryPath, runId: line.runId }]);
		case 'REPOSITORY_ERROR':
		case 'CONFLICT':
			return commandLink('metaGothic.repo.reveal', [{ path: line.repositoryPath }]);
		case 'AGENT_RUNS_FAILED':
			return commandLink('metaGothic.agentRuns.focus');
	}
}

/**
 * The tooltip: one line per health item, repository name first, each a link to the place that
 * shows it. Every name is escaped before it enters the (trusted, for those links) Markdown, and
 * the links may run only {@link TOOLTIP_COMMANDS}.
 */
export function healthTooltipMarkdown(summary: string, items: readonly HealthLine[], usage?: UsageLine): string {
	let md = `**Meta GOTHIC** — ${escapeMarkdown(summary)}\n\n`;
	for (const line of items) {
		const icon = line.status === 'ERROR' ? '$(error)' : '$(warning)';
		const text = line.repositoryName ? `${escapeMarkdown(line.repositoryName)} · ${escapeMarkdown(line.detail)}` : escapeMarkdown(line.detail);
		md += `- ${icon} [${text}](${linkOf(line)})\n`;
	}
	if (usage) {
		const t = usage.today;
		const cap = usage.dailyBudgetUsd != null ? ` of $${usage.dailyBudgetUsd.toFixed(2)}` : '';
		md += `\n[$(hubot) Agents today: $${t.costUsd.toFixed(2)}${cap} · ${t.runs} run${t.runs === 1 ? '' : 's'} · ${t.tokensIn} tokens in, ${t.tokensOut} out](${commandLink('metaGothic.agentRuns.focus')})\n`;
	}
	md += `\n[$(dashboard) Open Dashboard](${commandLink('metaGothic.dashboard.open')})`;
	return md;
}
