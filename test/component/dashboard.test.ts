/// <reference lib="dom" />
// The dashboard's pages rendered in a real DOM (headless Chromium) from a real gateway over real
// git repositories, through the real bridge and urql exchange.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createGateway } from '../../src/api';
import type { MetaGothicGraph as Gateway } from '../../src/api';
import { createMetaRepo, type MetaRepo } from '../support/createMetaRepo';
import { waitUntil } from '../support/waitUntil';
import { openDashboard } from './dashboardPage';

const WAIT = 30_000;
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

describe('dashboard pages in a browser', function () {
	this.timeout(180_000);
	let dir: string;
	let browser: BrowserContext;

	before(async () => {
		dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mg-dashboard-')));
		// An ES module (the UI tiers share it); this file is compiled as CommonJS.
		const { launchBrowser } = await import('../support/browser.mjs');
		browser = await launchBrowser(path.join(dir, 'profile'));
	});

	after(async () => {
		await browser?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	describe('over the meta-repository', () => {
		let meta: MetaRepo;
		let gateway: Gateway;

		before(async () => {
			meta = createMetaRepo(path.join(dir, 'meta'));
			writeFileSync(path.join(meta.submodules.core, 'README.md'), '# core, edited\n');
			gateway = await createGateway({ roots: [meta.root], githubToken: null });
		});

		after(() => gateway?.dispose());

		it('Overview lists every repository with its state and counts the dirty ones', async () => {
			const view = await openDashboard(browser, gateway);
			try {
				const rows = view.page.locator('[data-testid="repo-row"]');
				await rows.filter({ hasText: 'core' }).first().waitFor({ timeout: WAIT });
				const core = await view.page.locator(`[data-testid="repo-row"][data-path="${meta.submodules.core}"]`).innerText();
				assert.match(core, /1 changed/);
				const crypto = await view.page.locator(`[data-testid="repo-row"][data-path="${meta.submodules.crypto}"]`).innerText();
				assert.match(crypto, /clean/);
				const legacy = await view.page.locator(`[data-testid="repo-row"][data-path="${meta.submodules.legacy}"]`).innerText();
				assert.match(legacy, /not initialised/);
				assert.match(await view.page.locator('[data-testid="count-dirty"]').innerText(), /^[1-9]\d* dirty/);
				// The filter narrows the table to what it matches.
				await view.page.locator('[data-testid="overview-filter"]').evaluate((el) => {
					(el as HTMLInputElement).value = 'crypto';
					el.dispatchEvent(new Event('input', { bubbles: true }));
				});
				await view.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="repo-row"]')].every((r) => r.textContent?.includes('crypto')), undefined, { timeout: WAIT });
			} finally {
				await view.close();
			}
		});

		it('Changes lists the dirty repository with its file, and stages it', async () => {
			const view = await openDashboard(browser, gateway, 'changes');
			try {
				const repo = view.page.locator(`[data-testid="change-repo"][data-path="${meta.submodules.core}"]`);
				const file = repo.locator('[data-testid="change-file"][data-path="README.md"]');
				await file.waitFor({ timeout: WAIT });
				assert.equal(await view.page.locator(`[data-testid="change-repo"][data-path="${meta.submodules.crypto}"]`).count(), 0, 'a clean repository is not listed');
				await file.getByRole('button', { name: 'Stage README.md' }).click();
				await file.getByRole('button', { name: 'Unstage README.md' }).waitFor({ timeout: WAIT });
				const staged = execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: meta.submodules.core, env: gitEnv, encoding: 'utf8' });
				assert.equal(staged.trim(), 'README.md');
			} finally {
				await view.close();
			}
		});

		it('Ship… asks the host to ship the selected repositories', async () => {
			const view = await openDashboard(browser, gateway, 'changes');
			try {
				const repo = view.page.locator(`[data-testid="change-repo"][data-path="${meta.submodules.core}"]`);
				await repo.waitFor({ timeout: WAIT });
				await repo.locator('[data-testid="change-select"]').click();
				await view.page.getByText('1 selected').waitFor({ timeout: WAIT });
				await view.page.locator('[data-testid="ship"]').click();
				// The page's post reaches the host a moment later.
				await waitUntil(() => view.actions.some((a) => a.kind === 'command'), WAIT);
				assert.deepEqual(view.actions.filter((a) => a.kind === 'command'), [{ kind: 'command', command: 'metaGothic.repos.shipEverything', args: [meta.submodules.core] }]);
				assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: meta.submodules.core, env: gitEnv, encoding: 'utf8' }).trim() !== '', true, 'the page itself commits nothing');
			} finally {
				await view.close();
			}
		});

		it('a tab switches the page, and the host can move it', async () => {
			const view = await openDashboard(browser, gateway);
			try {
				await view.page.locator('[data-testid="overview"]').waitFor({ timeout: WAIT });
				await view.page.locator('[data-testid="tab-diagnostics"]').click();
				await view.page.locator('[data-testid="diagnostics"]').waitFor({ timeout: WAIT });
				assert.match(await view.page.locator('[data-testid="diagnostic"]').first().innerText(), /git\s+available/);
				view.host.send({ type: 'navigate', page: 'changes' });
				await view.page.locator('main[data-page="changes"] [data-testid="changes"]').waitFor({ timeout: WAIT });
			} finally {
				await view.close();
			}
		});
	});
});
