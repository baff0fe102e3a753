import * as vscode from 'vscode';
import type { Event } from '../common/event';
import { Debouncer } from '../common/throttle';
import { graphql, type ResultOf } from '../graphql';
import type { Gateway } from '../schema/gateway';
import { healthTooltipMarkdown, TOOLTIP_COMMANDS } from './healthTooltip';
import { readGraph } from './readGraph';

const HealthQuery = graphql(`
	query StatusBarHealth {
		health { status summary items { status kind message detail repositoryPath repositoryName runId } }
		agentUsage { today { costUsd runs tokensIn tokensOut } dailyBudgetUsd }
	}
`);

const ICONS = { OK: '$(pass)', WARNING: '$(warning)', ERROR: '$(error)' } as const;

/** One item of the health the status bar shows. */
export type HealthLine = ResultOf<typeof HealthQuery>['health']['items'][number];

/** Today's agent spend, as the tooltip's last line shows it. */
export type UsageLine = ResultOf<typeof HealthQuery>['agentUsage'];

/** The tooltip, a trusted MarkdownString whose links may run only {@link TOOLTIP_COMMANDS}. */
export function healthTooltip(summary: string, items: readonly HealthLine[], usage?: UsageLine): vscode.MarkdownString {
	const md = new vscode.MarkdownString(healthTooltipMarkdown(summary, items, usage), true);
	md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
	return md;
}

/**
 * The status bar health indicator: one glance at the whole workspace, a click opens the
 * dashboard. It re-reads health whenever any domain reports a change.
 */
export class HealthStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('metaGothic.health', vscode.StatusBarAlignment.Left, 50);
	private readonly updater = new Debouncer(100, () => void this.update());
	private readonly disposables: vscode.Disposable[] = [this.item, this.updater];
	/** Counts reads: a read that was overtaken by a later one shows nothing (it may be stale). */
	private reads = 0;
	private newest: Promise<void> = Promise.resolve();

	constructor(
		private readonly gateway: Pick<Gateway, 'execute'>,
		onDidChange: Event<unknown>,
	) {
		this.item.name = 'Meta GOTHIC Health';
		this.item.command = { command: 'metaGothic.dashboard.open', title: 'Open Dashboard', arguments: [{ page: 'overview' }] };
		this.item.text = '$(sync~spin) Meta GOTHIC';
		this.item.show();
		const sub = onDidChange(() => this.updater.trigger());
		this.disposables.push({ dispose: () => sub.dispose() });
	}

	/** Reads health from the graph and shows it. */
	update(): Promise<void> {
		this.newest = this.read(++this.reads);
		return this.newest;
	}

	private async read(read: number): Promise<void> {
		const result = await readGraph(this.gateway, HealthQuery);
		// Reads can overlap (a change arrives while one is still out) and end out of order: only the
		// newest may show, or a slow read from before a failed run would hide it until the next
		// change. An overtaken read resolves once the newest has shown.
		if (read !== this.reads) {
			return this.newest;
		}
		const health = result.data?.health;
		if (!health) {
			this.item.text = '$(error) Meta GOTHIC';
			this.item.tooltip = result.errors?.map((e) => e.message).join('\n');
			return;
		}
		this.item.text = `${ICONS[health.status]} ${health.summary}`;
		this.item.tooltip = healthTooltip(health.summary, health.items, result.data?.agentUsage);
		this.item.backgroundColor = health.status === 'ERROR' ? new vscode.ThemeColor('statusBarItem.errorBackground') : health.status === 'WARNING' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
	}

	/** The text shown, for the extension-host tests. */
	get text(): string {
		return this.item.text;
	}

	/** The tooltip as Markdown text, for the extension-host tests. */
	get tooltipMarkdown(): string | undefined {
		const tooltip = this.item.tooltip;
		return tooltip instanceof vscode.MarkdownString ? tooltip.value : tooltip;
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
