// A person opens the dashboard from the command palette and sees every repository in it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import { findFrameWith, screenshot, session, updateReadmeScreenshot, WAIT_MS } from './session.mjs';

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
		const entry = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Meta GOTHIC: Open Dashboard' }).first();
		await entry.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('command-palette');
		await page.keyboard.press('Enter');
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
