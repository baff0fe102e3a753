// A newcomer opens VS Code's welcome page, finds the Meta GOTHIC walkthrough, and signs in to
// GitHub from its step; the step is ticked once the sign-in really happened. This needs a window
// that is signed out at first, so the suite starts a code-server of its own, with no token in its
// environment. code-server has no GitHub sign-in of its own offline, so the sign-in asks for a
// personal access token: the person pastes the GitHub stand-in's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { openOwnWindow, runCommand, screenshot, session, until, WAIT_MS } from './session.mjs';

describe('Walkthrough', () => {
	let window;
	let page;

	before(async () => {
		window = await openOwnWindow({
			name: 'walkthrough',
			settings: { 'metaGothic.github.pauseWhenUnfocused': false },
			env: { META_GOTHIC_GITHUB_API_URL: session.github.url },
		});
		page = window.page;
	});

	after(async () => {
		await window?.close();
	});

	/** The walkthrough's step, as the welcome editor lists it. */
	const step = (title) => page.locator('.getting-started-step', { hasText: title }).first();
	// A done step shows VS Code's "checked" icon in place of the empty circle.
	const isComplete = async (title) => (await step(title).locator('.codicon-getting-started-step-checked').count()) > 0;

	it('opens from the welcome page', async () => {
		await runCommand('Help: Welcome');
		const entry = page.locator('.getting-started-category', { hasText: 'Get Started with Meta GOTHIC' }).first();
		await entry.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('walkthrough-welcome');
		await entry.click();
		await step('Sign in to GitHub').waitFor({ state: 'visible', timeout: WAIT_MS });
		await step('Open a meta-repository').waitFor({ state: 'visible', timeout: WAIT_MS });
		await until('opening a folder counts as done', () => isComplete('Open a meta-repository'));
		assert.equal(await isComplete('Sign in to GitHub'), false, 'nobody has signed in yet');
		await screenshot('walkthrough-open');
	});

	it('its GitHub step completes after signing in from it, against the GitHub stand-in', async () => {
		await step('Sign in to GitHub').click();
		const button = step('Sign in to GitHub').locator('.button-link, a.button-link, button, a', { hasText: 'Sign in to GitHub' }).first();
		await button.waitFor({ state: 'visible', timeout: WAIT_MS });
		await button.click();
		// code-server cannot reach github.com for VS Code's own sign-in: the person picks a token.
		const choice = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Use a personal access token' }).first();
		await choice.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('walkthrough-sign-in-choice');
		await choice.click();
		const prompt = page.locator('.quick-input-widget', { hasText: 'personal access token' }).first();
		await prompt.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('walkthrough-token-prompt');
		await prompt.locator('input').first().fill(session.github.token);
		await page.keyboard.press('Enter');
		await until('the Sign in to GitHub step is ticked', () => isComplete('Sign in to GitHub'));
		await screenshot('walkthrough-signed-in');
	});
});
