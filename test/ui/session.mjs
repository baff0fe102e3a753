// The one code-server + Chromium session the UI suites share. Starting VS Code takes ~15 s and
// ~1.3 GB on a 2-core machine, so test/ui/run.mjs starts it once and the suites drive it in turn.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVsix, repoRoot, startCodeServer, writeUserSettings } from '../support/codeServer.mjs';
import { createMiniWorkspace } from '../support/miniWorkspace.mjs';

/** Generous wait for anything the workbench does; CI machines are slow and share cores. */
export const WAIT_MS = 60_000;

/** Folder of the screenshots (git-ignored). */
export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');

/**
 * Filled in by test/ui/run.mjs before the suites load.
 * `shots` collects every screenshot taken, with the test that took it (`currentTest`), for the gallery.
 * @type {{ page: import('playwright-core').Page, url: string, workspace: string, submodules: string[], dirty: string, github: { url: string, token: string }, claude: { baseUrl: string }, runDir: string, currentTest?: string, shots: { file: string, name: string, test?: string }[] }}
 */
export const session = { shots: [] };

/**
 * Appended to a prompt, holds its run before Claude's second turn until {@link openClaudeGate}
 * opens `gate` (heldUntilMarker of test/support/claude/demoReplies.ts): a test looks at the
 * first turn while the run is still going, without racing the second.
 * @param {string} gate
 */
export function heldUntil(gate) {
	return ` [held until ${gate}]`;
}

/**
 * Lets the runs held until `gate` go on (the Messages API stand-in's control route).
 * @param {string} gate
 */
export async function openClaudeGate(gate) {
	const res = await fetch(new URL(`/_stand-in/gates/${encodeURIComponent(gate)}`, session.claude.baseUrl), { method: 'POST' });
	if (!res.ok) throw new Error(`the Messages API stand-in did not open ${gate}: ${res.status}`);
}

/**
 * Saves a screenshot of the whole window as test-results/screenshots/<name>.png.
 * @param {string} name
 * @returns {Promise<string>} the file written
 */
export async function screenshot(name) {
	mkdirSync(screenshotsDir, { recursive: true });
	const file = join(screenshotsDir, `${name}.png`);
	await session.page.screenshot({ path: file });
	session.shots.push({ file, name, test: session.currentTest });
	return file;
}

/**
 * An `afterEach` hook: a failed test leaves a screenshot named after it, then `escapes` presses
 * of Escape so that no quick input or menu it left open meets the next test.
 * @param {number} [escapes]
 */
export function screenshotFailures(escapes = 1) {
	return async function () {
		if (this.currentTest?.state !== 'failed') return;
		await screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 40)}`);
		for (let i = 0; i < escapes; i++) await session.page.keyboard.press('Escape');
	};
}

/** With UPDATE_README_SCREENSHOT=1, makes `file` the screenshot the README shows. */
export function updateReadmeScreenshot(file) {
	if (process.env.UPDATE_README_SCREENSHOT !== '1') return;
	// media/ ships in the vsix, so the listing's README finds the image inside the package.
	copyFileSync(file, join(repoRoot, 'media', 'screenshot.png'));
	console.log('      media/screenshot.png updated');
}

/**
 * Waits until some frame of the page (webviews are iframes inside iframes) has an element
 * matching `selector`, and returns that frame.
 * @param {string} selector
 * @param {number} [timeoutMs]
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function findFrameWith(selector, timeoutMs = WAIT_MS) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		for (const frame of session.page.frames()) {
			try {
				if ((await frame.locator(selector).count()) > 0) return frame;
			} catch {
				// The frame navigated or went away while we looked; try the next one.
			}
		}
		await session.page.waitForTimeout(250);
	}
	throw new Error(`no frame showed ${selector} within ${timeoutMs / 1000} s`);
}

/**
 * Polls `check` until it holds. On time-out saves a screenshot named after `what`, then throws.
 * @param {string} what what is awaited, for the error and the screenshot
 * @param {() => Promise<boolean>} check
 * @param {number} [timeoutMs]
 */
export async function until(what, check, timeoutMs = WAIT_MS) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await session.page.waitForTimeout(200);
	}
	await screenshot(`timeout-${what.replace(/\W+/g, '-').slice(0, 40)}`);
	throw new Error(`timed out waiting until ${what}`);
}

/**
 * Clicks the inline action `title` of a tree row. VS Code shows a row's inline actions only while
 * the row is hovered, selected or focused, and a tree that re-renders on a poll can drop the hover
 * between the hover and the click; so the pair is retried until the click lands.
 * @param {import('playwright-core').Locator | (() => Promise<import('playwright-core').Locator>)} target
 *   the row, or a function that finds it again at each try
 * @param {string} title the action's title (its aria-label)
 */
export async function clickInlineAction(target, title) {
	await until(`the inline action "${title}" can be clicked`, async () => {
		try {
			const row = typeof target === 'function' ? await target() : target;
			const action = row.locator(`.action-label[aria-label="${title}"]`).first();
			await row.hover({ timeout: 5_000 });
			await action.click({ timeout: 5_000 });
			return true;
		} catch {
			return false;
		}
	});
}

/**
 * Runs a command from the palette as a person would: F1, type, click the entry.
 * @param {string} typed what to type, e.g. "Meta GOTHIC: Run Workflow"
 * @param {string | RegExp} [entry] the entry to click when the typed words match several (default `typed`)
 */
export async function runCommand(typed, entry = typed) {
	const { page } = session;
	await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
	await page.keyboard.press('F1');
	await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: WAIT_MS });
	await page.keyboard.type(typed);
	const rows = page.locator('.quick-input-widget .monaco-list-row');
	await rows.filter({ hasText: entry }).first().waitFor({ state: 'attached', timeout: WAIT_MS });
	// Recently used commands that also match are listed first, so the entry may be rendered below
	// the list's viewport, where it cannot be clicked (the list scrolls itself, not the page): walk
	// the focus down to it instead, as a person would with the arrow keys.
	await until(`"${entry}" is focused in the palette`, async () => {
		const focused = rows.and(page.locator('.focused')).first();
		const label = (await focused.count()) > 0 ? await focused.getAttribute('aria-label') : null;
		if (label !== null && (typeof entry === 'string' ? label === entry || (label.startsWith(entry) && /^…?(?:$|[,\s])/.test(label.slice(entry.length))) : entry.test(label))) return true;
		await page.keyboard.press('ArrowDown');
		return false;
	});
	await page.keyboard.press('Enter');
}

/**
 * Reloads the window as a person does (Developer: Reload Window, which saves the workbench's state
 * first) and returns once the new workbench is up. The old page stays loaded for a moment after the
 * command, so a mark is left on it and the wait is for a page without the mark: waiting for a load
 * state alone can return on the old page, whose frames then vanish under the next step.
 */
export async function reloadWindow() {
	const { page } = session;
	await page.evaluate(() => {
		globalThis.__metaGothicBeforeReload = true;
	});
	await runCommand('Developer: Reload Window');
	await until('the window has reloaded', async () => {
		try {
			return (await page.evaluate(() => globalThis.__metaGothicBeforeReload !== true)) && (await page.locator('.monaco-workbench').count()) > 0;
		} catch {
			// The page is navigating: its context went away under the evaluation.
			return false;
		}
	});
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
}

/**
 * Starts a code-server of its own for a suite that needs a window unlike the shared one (signed
 * out, workspace trust on…), opens a fresh mini workspace in a new page and points
 * `session.page` at it, so the helpers here drive that window. `close()` undoes all of it.
 * @param {object} options
 * @param {string} options.name prefix of its folder inside the run's folder
 * @param {Record<string, unknown>} [options.settings] user settings besides the quiet defaults
 * @param {(dir: string) => Record<string, unknown>} [options.machineSettings] machine-scoped settings, given the folder
 * @param {Record<string, string>} [options.env] environment of the server
 * @param {boolean} [options.workspaceTrust] keep workspace trust on
 * @returns {Promise<{ dir: string, page: import('playwright-core').Page, server: { url: string, pid: number }, workspace: string, close: () => Promise<void> }>}
 */
export async function openOwnWindow({ name, settings = {}, machineSettings, env = {}, workspaceTrust = false }) {
	// Inside the run's folder: removed with it, and its logs count towards the commands run.
	const dir = mkdtempSync(join(session.runDir ?? tmpdir(), `${name}-`));
	const extensionsDir = join(dir, 'extensions');
	installVsix(process.env.META_GOTHIC_VSIX ?? join(repoRoot, 'meta-gothic.vsix'), extensionsDir);
	const { workspace } = createMiniWorkspace({ root: dir });
	const userDataDir = join(dir, 'user-data');
	writeUserSettings(userDataDir, settings);
	if (machineSettings) {
		mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
		writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(machineSettings(dir)));
	}
	const server = await startCodeServer({ workspace, extensionsDir, userDataDir, env, workspaceTrust, logFile: join(dir, 'code-server.log') });
	const mainPage = session.page;
	const page = await mainPage.context().newPage();
	const close = async () => {
		session.page = mainPage;
		await page.close().catch(() => {});
		await server.stop();
		if (!session.runDir) rmSync(dir, { recursive: true, force: true });
	};
	try {
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
	} catch (error) {
		await close();
		throw error;
	}
	session.page = page;
	return { dir, page, server, workspace, close };
}
