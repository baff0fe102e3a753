import * as vscode from 'vscode';
import type { Event } from '../common/event';
import { graphql } from '../graphql';
import type { Gateway } from '../schema/gateway';
import { readGraph } from './readGraph';

const HealthQuery = graphql(`
	query StatusBarHealth {
		health { status summary items { status message } }
	}
`);

const ICONS = { OK: '$(pass)', WARNING: '$(warning)', ERROR: '$(error)' } as const;

/**
 * The status bar health indicator: one glance at the whole workspace, a click opens the
 * dashboard. It re-reads health whenever any domain reports a change.
 */
export class HealthStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('metaGothic.health', vscode.StatusBarAlignment.Left, 50);
	private readonly disposables: vscode.Disposable[] = [this.item];
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly gateway: Gateway,
		onDidChange: Event<unknown>,
	) {
		this.item.name = 'Meta GOTHIC Health';
		this.item.command = 'metaGothic.dashboard.open';
		this.item.text = '$(sync~spin) Meta GOTHIC';
		this.item.show();
		const sub = onDidChange(() => this.eventuallyUpdate());
		this.disposables.push({ dispose: () => sub.dispose() });
	}

	private eventuallyUpdate(): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.update(), 100);
	}

	/** Reads health from the graph and shows it. */
	async update(): Promise<void> {
		const result = await readGraph(this.gateway, HealthQuery);
		const health = result.data?.health;
		if (!health) {
			this.item.text = '$(error) Meta GOTHIC';
			this.item.tooltip = result.errors?.map((e) => e.message).join('\n');
			return;
		}
		this.item.text = `${ICONS[health.status]} ${health.summary}`;
		this.item.tooltip = new vscode.MarkdownString([`**Meta GOTHIC** — ${health.summary}`, ...health.items.map((i) => `- ${i.message}`)].join('\n\n'));
		this.item.backgroundColor = health.status === 'ERROR' ? new vscode.ThemeColor('statusBarItem.errorBackground') : health.status === 'WARNING' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
	}

	dispose(): void {
		clearTimeout(this.timer);
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
