/**
 * One code-server + headless Chromium session for the benchmarks that need a real VS Code, built
 * on the UI tier's helpers (test/support/*.mjs), plus the few workbench gestures they use: the
 * command palette, the activity bar, the Running Extensions editor, webview frames and the
 * server's log files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Frame, Page } from 'playwright-core';

/** Repository root (this file lives in bench/codeServer/). */
export const root = path.resolve(__dirname, '../..');

/** Generous wait for anything the workbench does: 2 shared cores, 100 repositories. */
export const WAIT_MS = 90_000;

interface CodeServer {
	url: string;
	pid: number;
	stop(): Promise<void>;
}

interface CodeServerHelpers {
	startCodeServer(options: { workspace: string; extensionsDir: string; userDataDir: string; env: Record<string, string>; logFile: string }): Promise<CodeServer>;
	installVsix(vsix: string, extensionsDir: string): string;
	writeUserSettings(userDataDir: string): void;
}

interface BrowserHelpers {
	launchBrowser(profileDir: string, viewport?: { width?: number; height?: number }): Promise<BrowserContext>;
}

interface FreshnessHelpers {
	isFresh(output: string, inputs: string[]): boolean;
	EXTENSION_INPUTS: string[];
}

/**
 * Loads one of the test tier's ES modules. The specifier is computed so TypeScript does not try
 * to type the untyped `.mjs` files; each caller states the slice it uses.
 */
export function loadHelpers<T>(relative: string): Promise<T> {
	return import(pathToFileURL(path.join(root, relative)).href) as Promise<T>;
}

/** The packaged extension, rebuilt with `npm run package` when older than its sources. */
export async function packagedExtension(run: (command: string, args: string[]) => void): Promise<string> {
	const { isFresh, EXTENSION_INPUTS } = await loadHelpers<FreshnessHelpers>('test/support/freshness.mjs');
	const vsix = path.join(root, 'meta-gothic.vsix');
	if (!isFresh(vsix, EXTENSION_INPUTS.map((p) => path.join(root, p)))) {
		process.stderr.write('bench: packaging the extension (npm run package)…\n');
		run('npm', ['run', 'package', '--silent']);
	}
	return vsix;
}

/**
 * Packages bench/codeServer/blankPanel (the floor under Open Dashboard: a panel that loads one
 * script and draws one row) into `outDir` and returns the vsix.
 */
export function blankPanelVsix(outDir: string, run: (command: string, args: string[], cwd: string) => void): string {
	const vsix = path.join(outDir, 'blank-panel.vsix');
	run(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], path.join(root, 'bench', 'codeServer', 'blankPanel'));
	return vsix;
}

/** What {@link Workbench.open} needs. */
export interface WorkbenchOptions {
	vsix: string;
	workspace: string;
	/** Scratch folder for extensions, profiles and the sandboxed HOME; the caller removes it. */
	runDir: string;
	/** Where the server and page logs go (kept after the run). */
	resultsDir: string;
	/** Environment of code-server and so of the extension host and every git it spawns. */
	env: Record<string, string>;
	/** Further user settings. */
	settings?: Record<string, unknown>;
	/** Further extensions to install (vsix files), such as {@link blankPanelVsix}'s. */
	extraVsix?: readonly string[];
}

/** A running code-server with the workbench open in Chromium. Always {@link close} it. */
export class Workbench {
	private constructor(
		readonly page: Page,
		private readonly browser: BrowserContext,
		private readonly server: CodeServer,
		/** The server's `--user-data-dir`; its `logs/` holds the extension host's logs. */
		readonly userDataDir: string,
	) {}

	/** Installs the vsix into a fresh extensions folder and opens `workspace` in the workbench. */
	static async open(options: WorkbenchOptions): Promise<Workbench> {
		const cs = await loadHelpers<CodeServerHelpers>('test/support/codeServer.mjs');
		const { launchBrowser } = await loadHelpers<BrowserHelpers>('test/support/browser.mjs');
		const extensionsDir = path.join(options.runDir, 'extensions');
		for (const vsix of [options.vsix, ...(options.extraVsix ?? [])]) {
			cs.installVsix(vsix, extensionsDir);
		}
		const userDataDir = path.join(options.runDir, 'user-data');
		cs.writeUserSettings(userDataDir);
		// Running Extensions would open as a modal editor that covers the activity bar.
		const settingsFile = path.join(userDataDir, 'User', 'settings.json');
		const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
		writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.editor.useModal': 'off', ...options.settings }, null, '\t'));
		mkdirSync(options.resultsDir, { recursive: true });
		const serverLog = path.join(options.resultsDir, 'code-server.log');
		const pageLog = path.join(options.resultsDir, 'page.log');
		writeFileSync(serverLog, '');
		writeFileSync(pageLog, '');
		const server = await cs.startCodeServer({ workspace: options.workspace, extensionsDir, userDataDir, env: options.env, logFile: serverLog });
		let browser: BrowserContext | undefined;
		try {
			browser = await launchBrowser(path.join(options.runDir, 'chromium'), { width: 1600, height: 1000 });
			const page = browser.pages()[0] ?? (await browser.newPage());
			const log = (line: string) => writeFileSync(pageLog, `${line}\n`, { flag: 'a' });
			page.on('console', (m) => log(`[${m.type()}] ${m.text()}`));
			page.on('pageerror', (e) => log(`[page error] ${e.message}`));
			await page.goto(`${server.url}/?folder=${encodeURIComponent(options.workspace)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
			await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: WAIT_MS });
			return new Workbench(page, browser, server, userDataDir);
		} catch (error) {
			await browser?.close().catch(() => undefined);
			await server.stop();
			throw error;
		}
	}

	/**
	 * Runs a command by its palette title (F1, type, Enter) and waits for the palette to close.
	 * Returns when Enter was pressed (epoch ms), where a person's wait for the command begins.
	 */
	async command(title: string): Promise<number> {
		const widget = this.page.locator('.quick-input-widget');
		await this.page.keyboard.press('F1');
		const input = widget.locator('input').first();
		await input.waitFor({ state: 'visible', timeout: WAIT_MS });
		await input.fill(`>${title}`);
		const entry = widget.locator('.monaco-list-row', { hasText: title }).first();
		await entry.waitFor({ state: 'visible', timeout: WAIT_MS });
		const at = performance.timeOrigin + performance.now();
		await this.page.keyboard.press('Enter');
		await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
		return at;
	}

	/** Opens a view container from the activity bar by its title. */
	async openContainer(title: string): Promise<void> {
		const item = this.page.locator(`.part.activitybar .action-item [aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`).first();
		await item.waitFor({ state: 'visible', timeout: WAIT_MS });
		await item.click();
		await this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(title, 'i') }).waitFor({ state: 'visible', timeout: WAIT_MS });
	}

	/** Expands or collapses the pane titled `title` in the open side bar container. */
	async setPane(title: string, expanded: boolean): Promise<void> {
		const header = this.page.locator('.part.sidebar .pane-header', { hasText: title }).first();
		await header.waitFor({ state: 'visible', timeout: WAIT_MS });
		if ((await header.getAttribute('aria-expanded')) !== String(expanded)) {
			await header.click();
		}
	}

	/**
	 * The Running Extensions editor's rows as display name → its activation text ("Activation:
	 * 12ms"). VS Code lists only extensions whose activation has started. The list is virtual, so
	 * it is scrolled from top to bottom to see every row.
	 */
	async runningExtensions(): Promise<Map<string, string>> {
		const editor = this.page.locator('.runtime-extensions-editor');
		await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: WAIT_MS });
		const seen = new Map<string, string>();
		const list = editor.locator('.monaco-scrollable-element').first();
		await list.hover();
		for (let i = 0; i < 50; i++) {
			const rows = await editor.locator('.monaco-list-row').evaluateAll((els) =>
				els.map((el) => ({
					name: el.querySelector('.name')?.textContent ?? '',
					time: el.querySelector('.activation-time')?.textContent ?? '',
					last: el.getAttribute('aria-posinset') === el.getAttribute('aria-setsize'),
				})),
			);
			for (const row of rows) {
				seen.set(row.name, row.time);
			}
			if (rows.some((r) => r.last)) {
				break;
			}
			await this.page.mouse.wheel(0, 400);
			await this.page.waitForTimeout(100);
		}
		return seen;
	}

	/**
	 * The cells of the row naming `needle` in "Developer: Startup Performance" (a read-only text
	 * editor of markdown tables; Monaco renders only the visible lines, so find reveals the row).
	 */
	async startupPerformanceRow(needle: string): Promise<string[]> {
		await this.command('Developer: Startup Performance');
		const editor = this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
		await editor.locator('.view-line', { hasText: 'Extension Activation Stats' }).or(editor.locator('.view-line').nth(5)).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await editor.locator('.view-lines').click();
		await this.page.keyboard.press('Control+F');
		await this.page.keyboard.type(needle);
		await this.page.keyboard.press('Enter');
		await this.page.keyboard.press('Escape');
		const line = editor.locator('.view-line', { hasText: `| ${needle}` }).first();
		await line.waitFor({ state: 'visible', timeout: WAIT_MS });
		const text = (await line.innerText()).replace(/\u00a0/g, ' ');
		return text.split('|').slice(1, -1).map((cell) => cell.trim());
	}

	/**
	 * Waits until some frame (webviews are iframes in iframes) has `selector`; returns it. Looks
	 * every `pollMs`: a bench timing the wait looks more often.
	 */
	async frameWith(selector: string, timeoutMs = WAIT_MS, pollMs = 250): Promise<Frame> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			for (const frame of this.page.frames()) {
				try {
					if ((await frame.locator(selector).count()) > 0) {
						return frame;
					}
				} catch {
					// The frame navigated or went away while we looked.
				}
			}
			await this.page.waitForTimeout(pollMs);
		}
		throw new Error(`no frame showed ${selector} within ${timeoutMs / 1000} s`);
	}

	/** Waits until no frame has `selector` (a closed webview's frames go a moment after its tab). */
	async noFrameWith(selector: string, timeoutMs = WAIT_MS): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			let found = false;
			for (const frame of this.page.frames()) {
				found ||= await frame.locator(selector).count().then((n) => n > 0, () => false);
			}
			if (!found) {
				return;
			}
			await this.page.waitForTimeout(100);
		}
		throw new Error(`a frame still showed ${selector} after ${timeoutMs / 1000} s`);
	}

	/** A reader of the first log file under the server's logs folder whose path matches. */
	log(match: RegExp): LogTail {
		return new LogTail(path.join(this.userDataDir, 'logs'), match);
	}

	/** Closes Chromium and stops code-server with its whole process group. Idempotent. */
	async close(): Promise<void> {
		await this.browser.close().catch(() => undefined);
		await this.server.stop();
	}
}

function findFile(dir: string, match: RegExp): string | undefined {
	if (!existsSync(dir)) {
		return undefined;
	}
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			const found = findFile(full, match);
			if (found) {
				return found;
			}
		} else if (match.test(full)) {
			return full;
		}
	}
	return undefined;
}

/**
 * Follows a log file that may not exist yet. {@link next} returns the first match after what was
 * already consumed, so each refresh waits for its own log line, not an earlier one.
 */
export class LogTail {
	private file: string | undefined;
	private offset = 0;

	constructor(
		private readonly dir: string,
		private readonly match: RegExp,
	) {}

	/** Everything written so far (empty while the file does not exist). */
	text(): string {
		this.file ??= findFile(this.dir, this.match);
		return this.file && existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
	}

	/** Marks everything written so far as consumed. */
	skip(): void {
		this.offset = this.text().length;
	}

	/** Waits for a line matching `pattern` after the consumed part; consumes up to that line. */
	async next(pattern: RegExp, timeoutMs = WAIT_MS): Promise<RegExpExecArray> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = this.text();
			const rest = text.slice(this.offset);
			const found = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(rest);
			if (found) {
				const end = rest.indexOf('\n', found.index);
				this.offset += end < 0 ? rest.length : end + 1;
				return found;
			}
			if (Date.now() > deadline) {
				throw new Error(`no log line ${pattern} in ${this.file ?? `a file matching ${this.match} under ${this.dir}`} within ${timeoutMs / 1000} s`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}
}
