// A person opens the dashboard from the command palette and sees every repository in it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import { findFrameWith, reloadWindow, runCommand, screenshot, session, until, updateReadmeScreenshot, WAIT_MS } from './session.mjs';

const DASHBOARD = '[data-testid="dashboard"]';
const REPO_ROW = '[data-testid="repo-row"]';

describe('Dashboard', () => {
	let page;
	let frame;

	before(() => {
		page = session.page;
	});

	it('opens with F1 › "Meta GOTHIC: Open Dashboard"', async () => {
		await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
		await page.keyboard.press('F1');
		const input = page.locator('.quick-input-widget input').first();
		await input.waitFor({ state: 'visible', timeout: WAIT_MS });
		await page.keyboard.type('Meta GOTHIC: Open Dashboard');
		// Every page has its own "Open Dashboard: <Page>" entry: pick the one without a page.
		const rows = page.locator('.quick-input-widget .monaco-list-row');
		await rows.first().waitFor({ state: 'visible', timeout: WAIT_MS });
		let texts = [];
		await until('the palette lists Open Dashboard', async () => {
			texts = await rows.allInnerTexts();
			return texts.some((t) => /Open Dashboard(?!:)/.test(t));
		});
		const index = texts.findIndex((t) => /Open Dashboard(?!:)/.test(t));
		await screenshot('command-palette');
		await rows.nth(index).click();
		await page.locator('.tabs-container .tab', { hasText: 'Meta GOTHIC' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
	});

	it('renders the dashboard with its heading inside the webview', async () => {
		frame = await findFrameWith(DASHBOARD);
		const heading = frame.locator(`${DASHBOARD} h1`).first();
		await heading.waitFor({ state: 'visible', timeout: WAIT_MS });
		assert.equal((await heading.innerText()).trim(), 'Meta GOTHIC');
	});

	it('lists every submodule once data arrives through the host bridge', async () => {
		const rows = frame.locator(REPO_ROW);
		const deadline = Date.now() + WAIT_MS;
		let texts = [];
		while (Date.now() < deadline) {
			texts = await rows.allInnerTexts();
			if (session.submodules.every((name) => texts.some((text) => text.includes(name)))) break;
			await page.waitForTimeout(250);
		}
		const file = await screenshot('dashboard');
		const missing = session.submodules.filter((name) => !texts.some((text) => text.includes(name)));
		assert.deepEqual(missing, [], `repo rows seen: ${JSON.stringify(texts)}`);
		updateReadmeScreenshot(file);
	});

	it('tells the dirty submodule apart from the clean ones', async () => {
		for (const name of session.submodules) {
			const row = frame.locator(REPO_ROW, { hasText: name }).first();
			const text = await row.innerText();
			if (name === session.dirty) {
				assert.doesNotMatch(text, /\bclean\b/, `${name} has uncommitted changes: ${text}`);
			} else {
				assert.match(text, /\bclean\b/, `${name} has no changes: ${text}`);
			}
		}
	});
});

describe('Dashboard pages', () => {
	let page;
	const PAGES = ['overview', 'changes', 'pipelines', 'agents', 'diagnostics', 'packages'];
	const pageShown = async (name) => {
		const frame = await findFrameWith(`${DASHBOARD}[data-page="${name}"]`);
		return frame;
	};

	before(() => {
		page = session.page;
	});

	it('Overview counts the dirty repositories, and the count leads to Changes', async () => {
		const frame = await pageShown('overview');
		const dirty = frame.locator('[data-testid="count-dirty"]');
		await until('the dirty count is shown', async () => Number((await dirty.innerText().catch(() => '0')).match(/\d+/)?.[0] ?? 0) >= 1);
		await dirty.click();
		const changes = await pageShown('changes');
		await until('the dirty submodule is listed with its files', async () => (await changes.locator('[data-testid="change-repo"]', { hasText: session.dirty }).locator('[data-testid="change-file"]').count()) > 0);
	});

	// One test per theme: each waits for six pages, which can take a while on a loaded machine.
	for (const theme of ['dark', 'light']) {
		it(`shows every page in a ${theme} theme`, async () => {
			if (theme === 'light') await runCommand('Preferences: Toggle between Light/Dark Themes');
			try {
				for (const name of PAGES) {
					const frame = await findFrameWith(DASHBOARD);
					await frame.locator(`[data-testid="tab-${name}"]`).click();
					await pageShown(name);
					await frame.locator(`[data-testid="panel-${name}"] > *`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
					await screenshot(`dashboard-${name}-${theme}`);
				}
			} finally {
				if (theme === 'light') await runCommand('Preferences: Toggle between Light/Dark Themes');
			}
		});
	}

	it('Diagnostics shows non-zero git and GitHub API figures and the log; Open Log shows it in the Output panel', async () => {
		await runCommand('Meta GOTHIC: Open Dashboard: Diagnostics');
		const frame = await pageShown('diagnostics');
		// The first number before "spawned" or "used" in a figure's row ("1,204 spawned, 0 running").
		const figure = async (id, word) => Number((await frame.locator(`[data-figure="${id}"]`).innerText({ timeout: 1000 }).catch(() => '')).replace(/,/g, '').match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
		await until('the git processes figure is above 0', async () => (await figure('git-processes', 'spawned')) > 0);
		await until('the GitHub budget shows points used', async () => (await figure('github-budget-graphql', 'used')) + (await figure('github-budget-core', 'used')) > 0);
		await until('the log lists lines', async () => (await frame.locator('[data-testid="log-line"]').count()) > 0);
		await frame.locator('[data-testid="open-log"]').click();
		try {
			await until('the Output panel shows the Meta GOTHIC log', async () => /Meta GOTHIC/.test(await page.locator('.part.panel').innerText({ timeout: 1000 }).catch(() => '')));
		} finally {
			await runCommand('View: Hide Panel');
		}
	});

	it('"Open Dashboard: Pipelines" from the palette moves the open panel to Pipelines', async () => {
		await runCommand('Meta GOTHIC: Open Dashboard: Pipelines');
		const frame = await pageShown('pipelines');
		assert.equal(await frame.locator('[data-testid="pipelines"]').count(), 1);
	});

	it('comes back on its page after the window reloads', async () => {
		await runCommand('Meta GOTHIC: Open Dashboard: Agents');
		await pageShown('agents');
		await reloadWindow();
		const frame = await pageShown('agents').catch(async (err) => {
			const shown = await findFrameWith(DASHBOARD, 5000).then((f) => f.locator(DASHBOARD).getAttribute('data-page')).catch(() => 'no dashboard');
			throw new Error(`${err.message}; after the reload the dashboard shows: ${shown}`);
		});
		assert.equal(await frame.locator('[data-testid="agents"]').count(), 1);
	});

	it('the status bar item opens Overview', async () => {
		const health = page.locator('.statusbar-item', { hasText: /repositories/ }).first();
		await health.waitFor({ state: 'visible', timeout: WAIT_MS });
		await health.click();
		await pageShown('overview');
	});
});
