// A maintainer of a family of packages opens its meta-repository (published to a local Verdaccio)
// and sees what needs a release: the needs-release marker on repository rows, and in the
// dashboard the internal dependency graph with the outdated range highlighted and the release
// order. Sets up its own workspace and registry, and goes back to the session's workspace after.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { startPackageFamily } from '../support/npmRegistry/familyProcess.mjs';
import { findFrameWith, runCommand, screenshot, screenshotsDir, session, until, WAIT_MS } from './session.mjs';

const SECTION = '[data-testid="packages-section"]';

describe('Packages', function () {
	// Publishing the family with npm takes a while on a busy machine.
	this.timeout(WAIT_MS * 4);
	let page;
	let family;
	let frame;

	before(async () => {
		page = session.page;
		family = await startPackageFamily(mkdtempSync(join(session.runDir, 'family-')));
		await page.goto(`${session.url}/?folder=${encodeURIComponent(family.root)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
	});

	after(async () => {
		await page.goto(`${session.url}/?folder=${encodeURIComponent(session.workspace)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS }).catch(() => {});
		await family?.stop();
	});

	it('marks the repository whose package has commits after its release tag', async () => {
		const item = page.locator('.part.activitybar .action-item [aria-label^="Meta GOTHIC"], .part.activitybar .action-item[aria-label^="Meta GOTHIC"]').first();
		await item.waitFor({ state: 'visible', timeout: WAIT_MS });
		if (!(await page.locator('.part.sidebar .pane-header', { hasText: 'Repositories' }).first().isVisible())) await item.click();
		const row = () => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Repositories' }) }).locator('.monaco-list-row', { hasText: 'libs/core' }).first();
		// Rows are grouped by state; the submodules are clean, so open the Clean group when it is closed.
		await until('the Clean group is listed', async () => (await page.locator('.part.sidebar .monaco-list-row', { hasText: /^Clean/ }).count()) > 0);
		if ((await row().count()) === 0) await page.locator('.part.sidebar .monaco-list-row', { hasText: /^Clean/ }).first().click();
		await until('libs/core shows v2.0.0 and needs release', async () => /v2\.0\.0.*▲ needs release/.test(await row().innerText().catch(() => '')));
		const utils = page.locator('.part.sidebar .monaco-list-row', { hasText: 'libs/utils' }).first();
		assert.doesNotMatch(await utils.innerText(), /needs release/, 'utils is released');
		await screenshot('packages-repositories');
	});

	it('shows the dependency graph with the outdated range, and the release order, in the dashboard', async () => {
		await runCommand('Meta GOTHIC: Open Dashboard: Packages');
		frame = await findFrameWith(SECTION);
		const section = frame.locator(SECTION);
		await until('the graph shows every package and the outdated edge', async () => {
			const nodes = await section.locator('[data-testid="package-node"]').count();
			const outdated = await section.locator('[data-testid="outdated-edge"]').count();
			return nodes === 8 && outdated === 1;
		});
		const outdatedTitle = await section.locator('[data-testid="outdated-edge"] title').first().textContent();
		assert.match(outdatedTitle ?? '', /^@acme\/ui → @acme\/core \^1\.1\.0: outdated/);
		assert.match(await section.locator('[data-testid="outdated-edge"] text').first().textContent(), /outdated \^1\.1\.0/, 'the edge says so in words, not only in colour');
		const marked = await section.locator('[data-testid="package-node"].needs-release').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-name')).sort());
		assert.deepEqual(marked, ['@acme/cli', '@acme/core']);
		await until('the release table lists the plan', async () => (await section.locator('[data-testid="release-row"]').count()) === 3);
		const order = await section.locator('[data-testid="release-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
		assert.deepEqual(order, ['@acme/core', '@acme/cli', '@acme/ui']);
		await section.scrollIntoViewIfNeeded();
		await section.locator('[data-testid="package-graph"]').screenshot({ path: join(screenshotsDir, 'packages-graph.png') });
		await screenshot('dashboard-packages');
		await page.keyboard.press('Escape');
	});
});
