// A person opens VS Code on a meta-repository and finds Meta GOTHIC in the activity bar.
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import { screenshot, session, WAIT_MS } from './session.mjs';

describe('Workbench', () => {
	let page;

	before(() => {
		page = session.page;
	});

	it('opens the generated meta-repository', async () => {
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
		await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('workbench');
	});

	it('has a Meta GOTHIC item in the activity bar, and clicking it opens the container', async () => {
		const item = page.locator('.part.activitybar .action-item [aria-label^="Meta GOTHIC"], .part.activitybar .action-item[aria-label^="Meta GOTHIC"]').first();
		await item.waitFor({ state: 'visible', timeout: WAIT_MS });
		await item.click();
		const title = page.locator('.part.sidebar .composite.title');
		await title.waitFor({ state: 'visible', timeout: WAIT_MS });
		assert.match(await title.innerText(), /META GOTHIC/i);
	});

	it('shows the Repositories, Workflows and Agent Runs views', async () => {
		for (const name of ['Repositories', 'Workflows', 'Agent Runs']) {
			const header = page.locator('.part.sidebar .pane-header', { hasText: name }).first();
			await header.waitFor({ state: 'visible', timeout: WAIT_MS });
		}
		await screenshot('views');
	});
});
