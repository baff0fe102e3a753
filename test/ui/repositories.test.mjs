// A person edits a file and sees its repository turn dirty without pressing Refresh, then
// commits every dirty repository from the command palette and sees them turn clean.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { findFrameWith, runCommand, screenshot, session, until, WAIT_MS } from './session.mjs';

/** The Repositories view's row for a repository (its label is the repository name). */
function repoRow(page, name) {
	return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Repositories' }) }).locator('.monaco-list-row', { hasText: name }).first();
}

function gitStatus(repo) {
	return execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' }).trim();
}

describe('Repositories', () => {
	let page;
	let clean;

	before(() => {
		page = session.page;
		clean = session.submodules.find((name) => name !== session.dirty);
	});

	it('shows a repository as dirty as soon as one of its files is edited, without Refresh', async () => {
		await page.locator('.part.sidebar .pane-header', { hasText: 'Repositories' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		const row = repoRow(page, clean);
		await row.waitFor({ state: 'visible', timeout: 3000 }).catch(async () => {
			// Clean repositories sit in the collapsed "Clean" group: open it like a person would.
			await page.locator('.part.sidebar .monaco-list-row', { hasText: /^Clean/ }).first().click();
			await row.waitFor({ state: 'visible', timeout: WAIT_MS });
		});
		assert.doesNotMatch(await row.innerText(), /●/, `${clean} starts clean`);
		appendFileSync(join(session.workspace, clean, 'README.md'), '\nEdited while the view was open.\n');
		const started = Date.now();
		await until(`${clean} shows a change`, async () => /●\s*1/.test(await repoRow(page, clean).innerText().catch(() => '')));
		console.log(`      ${clean} turned dirty in the view ${Date.now() - started} ms after the edit`);
		await screenshot('repositories-dirty');
	});

	it('commits the picked repositories with "Meta GOTHIC: Commit All…" and the view updates', async () => {
		// "Commit All, Submodules First…" matches the same words: pick the plain one by its label.
		await runCommand('Meta GOTHIC: Commit All', /Meta GOTHIC: Commit All…/);
		// The pick list offers every dirty repository, all picked.
		const choices = page.locator('.quick-input-widget .monaco-list-row');
		await until('the dirty repositories are offered', async () => {
			const texts = await choices.allInnerTexts();
			return texts.some((t) => t.includes(clean)) && texts.some((t) => t.includes(session.dirty));
		});
		await screenshot('commit-all-pick');
		await page.keyboard.press('Enter');
		await page.locator('.quick-input-widget', { hasText: 'Commit message' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await page.locator('.quick-input-widget input').first().fill('Update every service');
		await page.keyboard.press('Enter');
		await page
			.locator('.notifications-toasts', { hasText: /Commit: \d+ of \d+ succeeded/ })
			.first()
			.waitFor({ state: 'visible', timeout: WAIT_MS })
			.catch(async (error) => {
				await screenshot('commit-all-failed');
				throw error;
			});
		await screenshot('commit-all-done');
		for (const name of [clean, session.dirty]) {
			const repo = join(session.workspace, name);
			assert.equal(gitStatus(repo), '', `${name} has nothing left to commit`);
			assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: repo, encoding: 'utf8' }).trim(), 'Update every service');
			await until(`${name} shows no change in the view`, async () => !/●/.test(await repoRow(page, name).innerText().catch(() => '●')));
		}
		// The parent, picked too, commits after its submodules, so it records their new commits.
		assert.equal(execFileSync('git', ['diff', '--name-only', 'HEAD', '--', clean, session.dirty], { cwd: session.workspace, encoding: 'utf8' }).trim(), '', 'the parent records both new commits');
		assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: session.workspace, encoding: 'utf8' }).trim(), 'Update every service');
	});

	it('pushes the repositories a commit put ahead with "Meta GOTHIC: Push All", and asks before publishing a branch', async () => {
		const committed = [clean, session.dirty];
		for (const name of committed) {
			await until(`${name} shows one commit to push`, async () => /↑\s*1/.test(await repoRow(page, name).innerText().catch(() => '')));
		}
		await runCommand('Meta GOTHIC: Push All');
		// The parent has no upstream branch: publishing it needs a yes, and this test says no.
		const dialog = page.locator('.monaco-dialog-box', { hasText: 'no upstream branch' });
		await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('push-all-publish-question');
		await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
		await page.locator('.notifications-toasts', { hasText: /Push: 2 of 2 succeeded/ }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		for (const name of committed) {
			const repo = join(session.workspace, name);
			const remote = execFileSync('git', ['remote', 'get-url', 'origin'], { cwd: repo, encoding: 'utf8' }).trim();
			assert.equal(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: remote, encoding: 'utf8' }).trim(), execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim(), `${name} reached its remote`);
			await until(`${name} shows nothing to push`, async () => !/↑/.test(await repoRow(page, name).innerText().catch(() => '↑')));
		}
		assert.equal(execFileSync('git', ['for-each-ref', '--format=%(upstream)', 'refs/heads/'], { cwd: session.workspace, encoding: 'utf8' }).trim(), '', 'the parent was not published');
	});

	it('the two pushes start CI on GitHub, and the dashboard\'s Pipelines page lists them as one push that turns green', async () => {
		// The origins told the GitHub stand-in of the pushes, as GitHub learns of one: it runs CI on
		// each pushed commit. The poller looks for those runs at once, not at its next full read.
		await runCommand('Meta GOTHIC: Open Dashboard: Pipelines');
		const frame = await findFrameWith('[data-testid="dashboard"][data-page="pipelines"]');
		const group = frame.locator('[data-testid="push-group"]', { hasText: 'Push to 2 repositories' }).first();
		await group.waitFor({ state: 'visible', timeout: WAIT_MS });
		await frame.locator('[data-testid="push-group"][data-state="success"]', { hasText: 'Push to 2 repositories' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('pipelines-push-group');
		assert.match(await group.innerText(), /2 passed/);
		await page.keyboard.press('Escape');
	});

	it('shows the submodule hierarchy with "Toggle Grouping", and the state groups again', async () => {
		const view = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Repositories' }) });
		await runCommand('Meta GOTHIC: Toggle Grouping', 'Meta GOTHIC: Toggle Grouping: By State / Hierarchy');
		// By hierarchy the parent is the one top-level row; opened, it holds its submodules.
		const parent = view.locator('.monaco-list-row[aria-level="1"]', { hasText: 'meta' }).first();
		await until('the parent is the top-level row', async () => (await view.locator('.monaco-list-row[aria-level="1"]').count()) === 1 && (await parent.count()) === 1);
		if ((await parent.getAttribute('aria-expanded')) !== 'true') await parent.click();
		await until('the parent holds its submodules', async () => (await view.locator('.monaco-list-row[aria-level="2"]', { hasText: clean }).count()) > 0);
		await screenshot('repositories-hierarchy');
		await runCommand('Meta GOTHIC: Toggle Grouping', 'Meta GOTHIC: Toggle Grouping: By State / Hierarchy');
		await until('the state groups are back', async () => (await view.locator('.monaco-list-row[aria-level="1"]', { hasText: /^Clean/ }).count()) > 0);
	});
});
