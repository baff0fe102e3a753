// A newcomer opens VS Code's welcome page, finds the Meta GOTHIC walkthrough, and signs in to
// GitHub from its step; the step is ticked once the sign-in really happened. This needs a window
// that is signed out at first, so the suite starts a code-server of its own: the GitHub stand-in's
// token reaches it only as code-server's own GitHub sign-in (GITHUB_TOKEN), never as the
// extension's environment fallback, so the extension is signed in only after it asked VS Code.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { installVsix, repoRoot, startCodeServer, writeUserSettings } from '../support/codeServer.mjs';
import { createMiniWorkspace } from '../support/miniWorkspace.mjs';
import { runCommand, screenshot, session, until, WAIT_MS } from './session.mjs';

describe('Walkthrough', () => {
	let server;
	let page;
	let dir;
	let mainPage;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'meta-gothic-walkthrough-'));
		const extensionsDir = join(dir, 'extensions');
		installVsix(process.env.META_GOTHIC_VSIX ?? join(repoRoot, 'meta-gothic.vsix'), extensionsDir);
		const { workspace } = createMiniWorkspace({ root: dir });
		const userDataDir = join(dir, 'user-data');
		writeUserSettings(userDataDir, { 'metaGothic.github.pauseWhenUnfocused': false });
		server = await startCodeServer({
			workspace,
			extensionsDir,
			userDataDir,
			env: { GITHUB_TOKEN: session.github.token, META_GOTHIC_GITHUB_API_URL: session.github.url },
			logFile: join(dir, 'code-server.log'),
		});
		mainPage = session.page;
		page = await mainPage.context().newPage();
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
		// The helpers of session.mjs drive session.page: point them at this window for the suite.
		session.page = page;
	});

	after(async () => {
		session.page = mainPage;
		await page?.close().catch(() => {});
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	/** The walkthrough's step, as the welcome editor lists it. */
	const step = (title) => page.locator('.getting-started-step', { hasText: title }).first();
	const isComplete = async (title) => /\bcomplete\b/.test((await step(title).getAttribute('class').catch(() => '')) ?? '');

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
		// VS Code asks whether Meta GOTHIC may use the GitHub account: a person says yes.
		const allow = page.locator('.monaco-dialog-box .monaco-button, .dialog-buttons .monaco-button', { hasText: /^Allow$/ }).first();
		await until('the sign-in is asked for, or done', async () => (await allow.count()) > 0 || (await isComplete('Sign in to GitHub')));
		if ((await allow.count()) > 0) {
			await allow.click();
		}
		await until('the Sign in to GitHub step is ticked', () => isComplete('Sign in to GitHub'));
		await screenshot('walkthrough-signed-in');
	});
});
