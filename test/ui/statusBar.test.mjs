// A person hovers the health item in the status bar: every line names its repository, and the
// line of a failed CI run is a link that shows that run in the Workflows view. The red run is the
// one the demo's GitHub stand-in seeds (test/support/github/demoWorld.ts).
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import { screenshot, session, until, WAIT_MS } from './session.mjs';

describe('Status bar health', () => {
	let page;

	before(() => {
		page = session.page;
	});

	/** The hover of the health item, opened by pointing at it. */
	async function openTooltip() {
		const health = page.locator('.statusbar-item', { hasText: /repositories/ }).first();
		await health.waitFor({ state: 'visible', timeout: WAIT_MS });
		const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Meta GOTHIC' }).first();
		await until('the health tooltip shows', async () => {
			// Point at the item and give the hover its delay; point again if it went to another element.
			await health.hover();
			return hover.waitFor({ state: 'visible', timeout: 3000 }).then(
				() => true,
				async () => {
					await page.mouse.move(5, 5);
					return false;
				},
			);
		});
		return hover;
	}

	it('names the repository on the line of a failed run, and the link opens that run in the Workflows view', async () => {
		// The stand-in's red run shows up with the first poll; until then the tooltip has no CI line.
		const health = page.locator('.statusbar-item', { hasText: /repositories/ }).first();
		await until('the status bar counts the failed run', async () => /error/.test(await health.innerText().catch(() => '')));
		const hover = await openTooltip();
		const link = hover.locator('a', { hasText: /· .+ #\d+ failed/ }).first();
		await until('the failed-run line is a link', async () => (await link.count()) > 0);
		const text = await link.innerText();
		const [repository, run] = text.split(' · ');
		assert.ok(repository && session.submodules.concat(['meta']).some((name) => repository.includes(name)), `the line names its repository: ${text}`);
		await screenshot('status-bar-tooltip');
		await link.click();
		const runLabel = run.replace(/ failed$/, '').trim();
		const selected = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Workflows' }) }).locator('.monaco-list-row.selected, .monaco-list-row[aria-selected="true"]', { hasText: runLabel });
		await until(`the Workflows view selects ${runLabel}`, async () => (await selected.count()) > 0);
		await screenshot('status-bar-link-opened-run');
	});
});
