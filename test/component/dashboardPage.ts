/// <reference lib="dom" />
/**
 * The dashboard's webview bundle (dist/webview.js) in headless Chromium, talking to a real
 * gateway through the real bridge: the page's `acquireVsCodeApi().postMessage` reaches a
 * {@link BridgeHost} in this process, whose posts come back as window messages, as in VS Code.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BridgeHost, type GraphExecutor } from '../../src/protocol/bridgeHost';
import type { DashboardAction, HostToWebview } from '../../src/protocol/messages';

const root = path.resolve(__dirname, '..', '..');

/** One page showing the dashboard, with the bridge host behind it. */
export interface DashboardPage {
	page: Page;
	host: BridgeHost;
	/** What the page asked the host to do (open a log, a URL…), oldest first. */
	actions: DashboardAction[];
	close(): Promise<void>;
}

/** Opens the dashboard at `page` in a new tab of `browser`, served by `gateway`. */
export async function openDashboard(browser: BrowserContext, gateway: GraphExecutor, start: string = 'overview'): Promise<DashboardPage> {
	const page = await browser.newPage();
	let toHost: ((raw: unknown) => void) | undefined;
	const actions: DashboardAction[] = [];
	const host = new BridgeHost(gateway, {
		post: (message: HostToWebview) => page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message).catch(() => undefined),
		onMessage: (listener) => {
			toHost = listener;
			return { dispose: () => (toHost = undefined) };
		},
	}, (action) => actions.push(action));
	await page.exposeFunction('__metaGothicToHost', (raw: unknown) => toHost?.(raw));
	// A string, not a function: the test runner's transform would add helpers the page lacks.
	// The state outlives a reload of the tab (session storage), as VS Code keeps a webview's.
	await page.addInitScript(`{
		window.acquireVsCodeApi = () => ({
			postMessage: (m) => window.__metaGothicToHost(m),
			getState: () => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') ?? undefined,
			setState: (s) => sessionStorage.setItem('vscodeState', JSON.stringify(s)),
		});
	}`);
	await page.route('http://dashboard.test/**', (route) => {
		const file = new URL(route.request().url()).pathname.slice(1);
		const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.ttf') ? 'font/ttf' : 'text/html';
		const body = file === 'index.html' ? html(start) : readFileSync(path.join(root, file.startsWith('media/') ? '' : 'dist', file));
		return route.fulfill({ status: 200, contentType: type, body });
	});
	await page.goto('http://dashboard.test/index.html');
	return {
		page,
		host,
		actions,
		close: async () => {
			host.dispose();
			await page.close();
		},
	};
}

function html(start: string): string {
	return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="/webview.css"><link rel="stylesheet" href="/media/dashboard.css"></head>
<body><div id="root" data-page="${start}" data-filter=""></div><script type="module" src="/webview.js"></script></body></html>`;
}
