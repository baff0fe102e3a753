// A person edits a file and sees its repository turn dirty without pressing Refresh, then
// commits every dirty repository from the command palette and sees them turn clean.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { runCommand, screenshot, session, until, WAIT_MS } from './session.mjs';

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
	});
});
