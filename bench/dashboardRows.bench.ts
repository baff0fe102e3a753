/**
 * One repository changes among 200 on the dashboard's Overview, in the component tier's set-up:
 * the production webview bundle in headless Chromium, a real gateway over 200 real repositories,
 * the real bridge and urql exchange. Each change is an edit on disk and `refreshRepository`, as a
 * file watcher would ask; timed in the page, from the `repositoryChanged` event arriving at the
 * webview (a capturing `message` listener, before the page's own) to the row's DOM showing the
 * new state (a MutationObserver; the row is drawn from the event, before the re-read it starts),
 * and counted in rows drawn (the count the render-count test reads). The row is one the Overview
 * shows; the list is windowed, so the others of the 200 are
 * not all drawn, but each re-read still hands every repository to the table.
 *
 * Not part of `npm test`: `node bench/run.mjs dashboardRows`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createGateway } from '../src/api';
import { openDashboard } from '../test/component/dashboardPage';
import { benchGitEnv } from './fixtures/manyRepos';
import { BenchRow, median, percentile, report } from './stats';

const COUNT = 200;
const WARMUP = 5;
const SAMPLES = 60;
/** Rows edited in turn: among the first the Overview shows. */
const EDITED = 10;
/** After the row showed the change: long enough for a late second draw to be counted. */
const SETTLE_MS = 250;
const GOAL_P99_MS = 50;
const root = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Armed in the page before each change: resolves with [event arrival, DOM updated] in ms of the
 * page's clock. Kept as source text: tsx would rewrite a function with helpers the page lacks.
 */
const ARM = `({ path, text }) => {
	const row = () => document.querySelector('[data-testid="repo-row"][data-path="' + CSS.escape(path) + '"]');
	let arrived;
	const onMessage = (event) => {
		const changed = event.data && event.data.type === 'result' && event.data.result && event.data.result.data && event.data.result.data.repositoryChanged;
		if (changed && changed.path === path && arrived === undefined) arrived = performance.now();
	};
	window.addEventListener('message', onMessage, true);
	window.metaGothic.renders.count = 0;
	window.__mgChange = new Promise((resolve, reject) => {
		const timer = setTimeout(() => { done(); reject(new Error('the row never said ' + text + ': ' + path)); }, 20000);
		const observer = new MutationObserver(() => {
			const cell = row() && row().querySelector('td.changes');
			if (arrived !== undefined && cell && cell.textContent.trim() === text) {
				const at = performance.now();
				done();
				resolve([arrived, at]);
			}
		});
		const done = () => { observer.disconnect(); clearTimeout(timer); window.removeEventListener('message', onMessage, true); };
		observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
	});
	window.__mgChange.catch(() => undefined);
}`;

async function main(): Promise<void> {
	execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'ignore' });
	const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-bench-rows-')));
	let browser: BrowserContext | undefined;
	let gateway: Awaited<ReturnType<typeof createGateway>> | undefined;
	const rows: BenchRow[] = [];
	const notes: string[] = [];
	try {
		const ws = path.join(dir, 'ws');
		const repos = Array.from({ length: COUNT }, (_, i) => path.join(ws, `repo-${String(i).padStart(3, '0')}`));
		mkdirSync(repos[0]!, { recursive: true });
		writeFileSync(path.join(repos[0]!, 'a.txt'), 'a\n');
		for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'init']]) {
			execFileSync('git', args, { cwd: repos[0], env: benchGitEnv });
		}
		for (const repo of repos.slice(1)) {
			cpSync(repos[0]!, repo, { recursive: true });
		}
		// A third dirty, as in the other benches' workspace: the table has both kinds of row.
		for (const [i, repo] of repos.entries()) {
			if (i % 3 === 2) {
				writeFileSync(path.join(repo, 'b.txt'), 'dirty\n');
			}
		}
		gateway = await createGateway({ roots: [ws], githubToken: null });
		const { launchBrowser } = (await import('../test/support/browser.mjs')) as { launchBrowser(dir: string): Promise<BrowserContext> };
		browser = await launchBrowser(path.join(dir, 'profile'));
		const view = await openDashboard(browser, gateway);
		const page: Page = view.page;
		await page.getByText(`${COUNT} of ${COUNT}`).waitFor({ timeout: 60_000 });
		const drawnRows = await page.locator('[data-testid="repo-row"]').count();
		const clean = repos.filter((_, i) => i % 3 !== 2).slice(0, EDITED);
		const latency: number[] = [];
		const renders: number[] = [];
		for (let i = 0; i < WARMUP + SAMPLES; i++) {
			const repo = clean[i % clean.length]!;
			// Each repository turns dirty on its first visit, clean on the next, and so on.
			const dirty = Math.floor(i / clean.length) % 2 === 0;
			await page.evaluate(`(${ARM})(${JSON.stringify({ path: repo, text: dirty ? '1 changed' : 'clean' })})`);
			writeFileSync(path.join(repo, 'a.txt'), dirty ? 'changed\n' : 'a\n');
			await gateway.execute({ query: 'mutation($p: String!) { refreshRepository(path: $p) { path } }', variables: { p: repo } });
			const [arrived, shown] = (await page.evaluate('window.__mgChange')) as [number, number];
			await sleep(SETTLE_MS);
			const drawn = (await page.evaluate('window.metaGothic.renders.count')) as number;
			if (i >= WARMUP) {
				latency.push(shown - arrived);
				renders.push(drawn);
			}
		}
		await view.close();
		rows.push({ name: 'dashboard: 1 of 200 repos changes, event → DOM', unit: 'ms', median: median(latency), p99: percentile(latency, 99), baseline: null, baselineLabel: '' });
		rows.push({ name: 'dashboard: 1 of 200 repos changes, event → DOM (p99 goal)', unit: 'ms', median: percentile(latency, 99), p99: null, baseline: GOAL_P99_MS, baselineLabel: 'goal p99 ≤' });
		rows.push({ name: 'dashboard: 1 of 200 repos changes, rows drawn', unit: 'rows', median: median(renders), p99: percentile(renders, 99), baseline: 1, baselineLabel: 'goal =' });
		notes.push(
			`Dashboard rows: ${SAMPLES} changes (after ${WARMUP} to warm up) of ${EDITED} repositories in turn, dirty then clean, among ${COUNT} (${drawnRows} rows drawn of the windowed table); the row is drawn from the event, the Overview's re-read that the event also starts follows (its time is not in the figure), in headless Chromium with the bridge host in Node.`,
		);
	} finally {
		await browser?.close();
		gateway?.dispose();
		rmSync(dir, { recursive: true, force: true });
	}
	report(rows, notes);
}

main().then(
	() => process.exit(0),
	(err: unknown) => {
		console.error(err);
		process.exit(1);
	},
);
