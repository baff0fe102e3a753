/// <reference lib="dom" />
// The dashboard's long lists in a real DOM (headless Chromium) over 400 real git repositories,
// through the real bridge and urql exchange: past the windowing threshold only about a window of
// rows is drawn, yet scrolling, the filter and the keys reach every repository, and one
// repository's change draws one row.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createGateway } from '../../src/api';
import type { MetaGothicGraph as Gateway } from '../../src/api';
import { openDashboard } from './dashboardPage';

const WAIT = 60_000;
const COUNT = 400;
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const name = (i: number) => `repo-${String(i).padStart(3, '0')}`;

/** The rows of the Overview drawn now, as their repositories' names, in order. */
function drawnRows(page: Page): Promise<string[]> {
	return page.locator('[data-testid="repo-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.path!.split('/').pop()!));
}

async function renders(page: Page, reset = false): Promise<number> {
	return page.evaluate((zero) => {
		const counter = (window as unknown as { metaGothic: { renders: { count: number } } }).metaGothic.renders;
		const n = counter.count;
		if (zero) {
			counter.count = 0;
		}
		return n;
	}, reset);
}

describe('long lists in a browser', function () {
	this.timeout(240_000);
	let dir: string;
	let browser: BrowserContext;
	let gateway: Gateway;
	const repos: string[] = [];

	before(async () => {
		dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mg-long-')));
		const ws = path.join(dir, 'ws');
		// One repository made with git, copied: a copy is as real a repository, and 400 copies take a second.
		const first = path.join(ws, name(0));
		mkdirSync(first, { recursive: true });
		writeFileSync(path.join(first, 'a.txt'), 'a\n');
		execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: first, env: gitEnv });
		execFileSync('git', ['add', '-A'], { cwd: first, env: gitEnv });
		execFileSync('git', ['commit', '-q', '-m', 'init'], { cwd: first, env: gitEnv });
		repos.push(first);
		for (let i = 1; i < COUNT; i++) {
			const repo = path.join(ws, name(i));
			cpSync(first, repo, { recursive: true });
			repos.push(repo);
		}
		// Every odd one has a change, so the Changes page lists 200.
		for (let i = 1; i < COUNT; i += 2) {
			writeFileSync(path.join(repos[i]!, 'b.txt'), `${i}\n`);
		}
		gateway = await createGateway({ roots: [ws], githubToken: null });
		const { launchBrowser } = await import('../support/browser.mjs');
		browser = await launchBrowser(path.join(dir, 'profile'));
	});

	after(async () => {
		await browser?.close();
		gateway?.dispose();
		rmSync(dir, { recursive: true, force: true });
	});

	/** Opens the Overview and waits until it has read every repository. */
	async function overview() {
		const view = await openDashboard(browser, gateway);
		await view.page.getByText(`${COUNT} of ${COUNT}`).waitFor({ timeout: WAIT });
		await view.page.locator(`[data-testid="repo-row"][data-path="${repos[0]}"]`).waitFor({ timeout: WAIT });
		return view;
	}

	it('the Overview draws about a window of its 400 rows, says the real size, and scrolling draws the later ones', async () => {
		const view = await overview();
		try {
			const { page } = view;
			const drawn = await drawnRows(page);
			assert.ok(drawn.length >= 10 && drawn.length < 100, `${drawn.length} rows drawn`);
			assert.deepEqual(drawn.slice(0, 3), [name(0), name(1), name(2)]);
			const table = page.locator('[data-testid="repo-window"] table');
			assert.equal(await table.getAttribute('aria-rowcount'), String(COUNT + 1));
			assert.equal(await page.locator(`[data-testid="repo-row"][data-path="${repos[2]}"]`).getAttribute('aria-rowindex'), '4');

			await page.locator('[data-testid="repo-window"]').evaluate((box) => (box.scrollTop = box.scrollHeight));
			const last = page.locator(`[data-testid="repo-row"][data-path="${repos[COUNT - 1]}"]`);
			await last.waitFor({ timeout: WAIT });
			assert.equal(await last.getAttribute('aria-rowindex'), String(COUNT + 1));
			assert.equal(await last.isVisible(), true);
			const after = await drawnRows(page);
			assert.ok(after.length < 100 && !after.includes(name(0)), `after scrolling to the end: ${after.length} rows, from ${after[0]}`);
			// Half way, the rows there.
			await page.locator('[data-testid="repo-window"]').evaluate((box) => (box.scrollTop = box.scrollHeight / 2 - box.clientHeight / 2));
			await page.waitForFunction((p) => !!document.querySelector(`[data-testid="repo-row"][data-path="${p}"]`), repos[COUNT / 2], { timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('the filter finds a repository far past the window, and sorting applies to all 400', async () => {
		const view = await overview();
		try {
			const { page } = view;
			assert.equal(await page.locator(`[data-testid="repo-row"][data-path="${repos[350]}"]`).count(), 0, 'not drawn before the filter');
			await page.locator('[data-testid="overview-filter"]').evaluate((el) => {
				(el as HTMLInputElement).value = 'repo-350';
				el.dispatchEvent(new Event('input', { bubbles: true }));
			});
			await page.locator(`[data-testid="repo-row"][data-path="${repos[350]}"]`).waitFor({ timeout: WAIT });
			assert.deepEqual(await drawnRows(page), [name(350)]);
			// One row is no longer a windowed list: it does not scroll in a box of its own.
			assert.equal(await page.locator('[data-testid="repo-window"]').getAttribute('class'), 'list-window');
			await page.locator('[data-testid="overview-filter"]').evaluate((el) => {
				(el as HTMLInputElement).value = '';
				el.dispatchEvent(new Event('input', { bubbles: true }));
			});
			await page.getByText(`${COUNT} of ${COUNT}`).waitFor({ timeout: WAIT });
			// Sorted by name already: one click turns it descending, and the last of all 400 comes first.
			await page.getByRole('button', { name: /^Repository/ }).click();
			await page.waitForFunction((p) => document.querySelector('[data-testid="repo-row"]')?.getAttribute('data-path') === p, repos[COUNT - 1], { timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('the keys move through all 400 rows: End reaches the last, Home the first, PageDown a page', async () => {
		const view = await overview();
		try {
			const { page } = view;
			const focusedRow = () => page.evaluate(() => ({ path: (document.activeElement as HTMLElement | null)?.dataset.path ?? '', index: document.activeElement?.getAttribute('aria-rowindex') ?? '' }));
			const first = page.locator(`[data-testid="repo-row"][data-path="${repos[0]}"]`);
			assert.equal(await first.getAttribute('tabindex'), '0', 'the first row is in the tab order');
			await first.focus();
			await page.keyboard.press('End');
			assert.deepEqual(await focusedRow(), { path: repos[COUNT - 1], index: String(COUNT + 1) });
			assert.equal(await page.locator(`[data-testid="repo-row"][data-path="${repos[COUNT - 1]}"]`).isVisible(), true);
			await page.keyboard.press('ArrowUp');
			assert.equal((await focusedRow()).path, repos[COUNT - 2]);
			await page.keyboard.press('Home');
			assert.equal((await focusedRow()).path, repos[0]);
			await page.keyboard.press('PageDown');
			const paged = Number((await focusedRow()).index) - 2;
			assert.ok(paged > 5 && paged < 60, `PageDown moved ${paged} rows`);
			await page.keyboard.press('ArrowDown');
			assert.equal((await focusedRow()).path, repos[paged + 1]);
			// The focused row is the one Tab comes back to.
			assert.equal(await page.locator(`[data-testid="repo-row"][data-path="${repos[paged + 1]}"]`).getAttribute('tabindex'), '0');
		} finally {
			await view.close();
		}
	});

	it('one repository changes: its row alone is drawn again; one out of the window draws none until scrolled to', async () => {
		const view = await overview();
		try {
			const { page } = view;
			const shown = repos[4]!;
			await renders(page, true);
			writeFileSync(path.join(shown, 'a.txt'), 'changed\n');
			await gateway.execute({ query: 'mutation($p: String!) { refreshRepository(path: $p) { path } }', variables: { p: shown } });
			await page.locator(`[data-testid="repo-row"][data-path="${shown}"]`, { hasText: '1 changed' }).waitFor({ timeout: WAIT });
			assert.equal(await renders(page, true), 1);

			const far = repos[300]!;
			writeFileSync(path.join(far, 'a.txt'), 'changed\n');
			await gateway.execute({ query: 'mutation($p: String!) { refreshRepository(path: $p) { path } }', variables: { p: far } });
			// The page has re-read when its count of dirty repositories moved.
			await page.locator('[data-testid="count-dirty"]', { hasText: `${COUNT / 2 + 2} dirty` }).waitFor({ timeout: WAIT });
			assert.equal(await renders(page), 0, 'no row drawn for a repository out of the window');
			await page.locator('[data-testid="overview-filter"]').evaluate((el) => {
				(el as HTMLInputElement).value = 'repo-300';
				el.dispatchEvent(new Event('input', { bubbles: true }));
			});
			await page.locator(`[data-testid="repo-row"][data-path="${far}"]`, { hasText: '1 changed' }).waitFor({ timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('the Changes page draws about a window of its 200 repositories, and End reaches the last', async () => {
		const view = await openDashboard(browser, gateway, 'changes');
		try {
			const { page } = view;
			const firstDirty = page.locator(`[data-testid="change-repo"][data-path="${repos[1]}"]`);
			await firstDirty.waitFor({ timeout: WAIT });
			const feed = page.locator('[data-testid="changes-window"] [role="feed"]');
			const drawn = await feed.locator('[data-testid="change-repo"]').count();
			assert.ok(drawn >= 3 && drawn < 100, `${drawn} repositories drawn`);
			const dirty = await firstDirty.getAttribute('aria-setsize');
			assert.ok(Number(dirty) >= COUNT / 2, `aria-setsize ${dirty}`);
			assert.equal(await firstDirty.getAttribute('aria-posinset'), '1');
			await firstDirty.focus();
			await page.keyboard.press('End');
			const focused = await page.evaluate(() => ({ path: (document.activeElement as HTMLElement | null)?.dataset.path ?? '', at: document.activeElement?.getAttribute('aria-posinset') }));
			assert.equal(focused.at, dirty);
			assert.equal(focused.path, repos[COUNT - 1]);
			// A repository's files are there once it is drawn, and stage as they do in a short list.
			const last = page.locator(`[data-testid="change-repo"][data-path="${focused.path}"]`);
			assert.equal(await last.isVisible(), true);
			assert.ok((await last.locator('[data-testid="change-file"]').count()) >= 1);
		} finally {
			await view.close();
		}
	});
});
