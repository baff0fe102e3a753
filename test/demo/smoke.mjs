// Demo smoke check: what a newcomer does with `npm run demo`, end to end.
//
// Starts `npm run demo` (its own port and state folder, so a user's .demo/ is left alone) in a
// process group of its own, waits for the URL it prints, opens it in headless Chromium, finds the
// Meta GOTHIC container with the Repositories view listing the demo's repositories, then presses
// Ctrl-C (SIGINT to the group, as a terminal does), waits for the demo to exit and checks the
// process table: no process the demo started may be left.
//
//   npm run test:demo                 the whole check
//   node test/demo/smoke.mjs --url URL   only the browser part, against a demo already running
//
// Exit code 0 when every check held, 1 otherwise.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launchBrowser } from '../support/browser.mjs';
import { freePort, repoRoot } from '../support/codeServer.mjs';
import { processTable, processesWithEnv } from './processes.mjs';

/** From start to the printed URL: a warm cache takes ~30 s; a cold one installs code-server first. */
const URL_WAIT_MS = 15 * 60_000;
/** Workbench loaded, extension active, repositories listed: generous for a busy 2-core machine. */
const WORKBENCH_WAIT_MS = 120_000;
/** From Ctrl-C to the demo's exit, and then to the last of its processes gone. */
const EXIT_WAIT_MS = 30_000;
const GONE_WAIT_MS = 15_000;

/** The demo meta-repo's repositories (test/support/createMetaRepo.ts), as the view labels them. */
const DEMO_REPOSITORIES = [
	'meta',
	'libs/core',
	'libs/ui',
	'libs/utils',
	'services/api',
	'services/auth',
	'services/payments',
	'vendor/crypto',
	'apps/web',
	'vendor/icons',
	'docs',
	'tools/legacy',
];

function log(message) {
	console.log(`[demo smoke] ${message}`);
}

function elapsed(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Polls `check` every 200 ms until it returns a truthy value, which is returned; throws after `timeoutMs`. */
async function until(what, check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Opens the workbench at `url` and waits until the Meta GOTHIC container shows the Repositories
 * view with the demo's repositories in it.
 * @param {string} url
 * @param {string} profileDir Chromium profile folder
 */
export async function checkWorkbench(url, profileDir) {
	const browser = await launchBrowser(profileDir);
	try {
		const page = browser.pages()[0] ?? (await browser.newPage());
		const started = Date.now();
		await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WORKBENCH_WAIT_MS });
		await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: WORKBENCH_WAIT_MS });
		log(`workbench loaded after ${elapsed(started)}`);
		const item = page.locator('.part.activitybar .action-item [aria-label^="Meta GOTHIC"], .part.activitybar .action-item[aria-label^="Meta GOTHIC"]').first();
		await item.waitFor({ state: 'visible', timeout: WORKBENCH_WAIT_MS });
		// The demo may open with the container shown already; a click would then close it.
		const title = page.locator('.part.sidebar .composite.title');
		if (!/META GOTHIC/i.test(await title.innerText({ timeout: 1000 }).catch(() => ''))) await item.click();
		await until('the side bar shows the Meta GOTHIC container', async () => /META GOTHIC/i.test(await title.innerText().catch(() => '')), WORKBENCH_WAIT_MS);
		const paneTitled = (name) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: name }) }).first();
		// The tree draws only the rows in sight: give the Repositories view the whole side bar.
		for (const other of ['Workflows', 'Agent Runs']) {
			const header = paneTitled(other).locator('.pane-header').first();
			if ((await header.getAttribute('aria-expanded').catch(() => 'false')) === 'true') await header.click();
		}
		const pane = paneTitled('Repositories');
		const rows = pane.locator('.monaco-list-row');
		// State groups and repositories are both rows, each with its label.
		let last = [];
		const seen = await until(
			`the Repositories view lists ${DEMO_REPOSITORIES.join(', ')}`,
			async () => {
				// Clean repositories sit in the collapsed "Clean" group: open it as a person would.
				const clean = pane.locator('.monaco-list-row[aria-expanded="false"]', { hasText: /^Clean/ });
				if ((await clean.count()) > 0) await clean.first().click().catch(() => {});
				const labels = await rows.locator('.label-name').allInnerTexts().catch(() => []);
				last = labels;
				return DEMO_REPOSITORIES.every((name) => labels.includes(name)) ? labels : undefined;
			},
			WORKBENCH_WAIT_MS,
		).catch(async (error) => {
			await screenshot(page, 'demo-smoke-failed');
			throw new Error(`${error.message}; it showed: ${JSON.stringify(last)} (screenshot in test-results/demo-smoke-failed.png)`);
		});
		log(`Repositories view rows after ${elapsed(started)}: ${seen.join(' | ')}`);
		// The demo's GitHub has runs in progress: the Workflows view spins one without a refresh…
		const workflows = paneTitled('Workflows');
		const workflowsHeader = workflows.locator('.pane-header').first();
		if ((await workflowsHeader.getAttribute('aria-expanded').catch(() => 'true')) === 'false') await workflowsHeader.click();
		await until('the Workflows view shows a running run', async () => (await workflows.locator('.monaco-list-row .codicon-sync').count()) > 0, WORKBENCH_WAIT_MS).catch(async (error) => {
			await screenshot(page, 'demo-smoke-failed');
			throw error;
		});
		log(`a live run spins in the Workflows view after ${elapsed(started)}`);
		// …and the status bar carries the workspace's health.
		const health = await until(
			'the status bar shows the repositories’ health',
			async () => {
				const text = await page.locator('.statusbar-item', { hasText: /repositories/ }).first().innerText({ timeout: 1000 }).catch(() => '');
				return text || undefined;
			},
			WORKBENCH_WAIT_MS,
		);
		log(`status bar: ${health.replace(/\s+/g, ' ').trim()}`);
		await screenshot(page, 'demo-smoke');
	} finally {
		await browser.close().catch(() => {});
	}
}

async function screenshot(page, name) {
	mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
	await page.screenshot({ path: join(repoRoot, 'test-results', `${name}.png`) }).catch(() => {});
}

/** Starts `npm run demo`, resolves with the URL it prints. */
function startDemo({ port, stateDir, tag }) {
	const started = Date.now();
	const child = spawn('npm', ['run', '--silent', 'demo', '--', '--port', String(port), '--dir', stateDir], {
		cwd: repoRoot,
		// A process group of its own, so that SIGINT to the group is the terminal's Ctrl-C.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Every process the demo starts inherits the tag, so the process table tells them apart.
		env: { ...process.env, META_GOTHIC_DEMO_SMOKE: tag },
	});
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	const url = new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout });
		lines.on('line', (line) => {
			console.log(`  demo │ ${line}`);
			const match = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)\s*$/.exec(line);
			if (match) resolve(match[1]);
		});
		createInterface({ input: child.stderr }).on('line', (line) => console.log(`  demo ! ${line}`));
		exited.then(({ code, signal }) => reject(new Error(`npm run demo exited (${code ?? signal}) before printing its URL`)));
		setTimeout(() => reject(new Error(`npm run demo printed no URL within ${URL_WAIT_MS / 1000} s`)), URL_WAIT_MS).unref();
	});
	return { child, exited, url, started };
}

/** The demo's processes now: those carrying the tag and every descendant of `rootPid`. */
function demoProcesses(rootPid, tag) {
	const table = processTable();
	const tagged = processesWithEnv('META_GOTHIC_DEMO_SMOKE', tag, table);
	const descendants = new Map();
	let frontier = [rootPid];
	while (frontier.length > 0) {
		const children = [...table.values()].filter((p) => frontier.includes(p.ppid) && !descendants.has(p.pid));
		for (const p of children) descendants.set(p.pid, p);
		frontier = children.map((p) => p.pid);
	}
	const all = new Map([...tagged, ...descendants]);
	const own = table.get(rootPid);
	if (own) all.set(rootPid, own);
	return all;
}

function describe(processes) {
	return [...processes.values()].map((p) => `  ${p.pid} (parent ${p.ppid}) ${p.cmdline.slice(0, 160)}`).join('\n');
}

async function smoke() {
	const tag = randomUUID();
	const stateDir = mkdtempSync(join(tmpdir(), 'meta-gothic-demo-smoke-'));
	const port = await freePort();
	const demo = startDemo({ port, stateDir, tag });
	let interrupted = false;
	try {
		const url = await demo.url;
		assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), `the demo serves on the port it was given (${url})`);
		log(`URL printed after ${elapsed(demo.started)}: ${url}`);
		// While it runs: everything it started (the stand-ins, code-server, the extension host…).
		const running = demoProcesses(demo.child.pid, tag);
		assert.ok([...running.values()].some((p) => p.cmdline.includes('code-server')), `code-server is among the demo's processes:\n${describe(running)}`);
		log(`the demo runs ${running.size} processes`);
		await checkWorkbench(url, join(stateDir, 'chromium'));

		log('Ctrl-C (SIGINT to the demo\'s process group)');
		const seenBefore = demoProcesses(demo.child.pid, tag);
		process.kill(-demo.child.pid, 'SIGINT');
		interrupted = true;
		const { code, signal } = await Promise.race([
			demo.exited,
			new Promise((_, reject) => setTimeout(() => reject(new Error(`npm run demo still runs ${EXIT_WAIT_MS / 1000} s after Ctrl-C`)), EXIT_WAIT_MS)),
		]);
		log(`the demo exited (${code ?? signal})`);
		// A process that was the demo's and is still there (same pid and start time), or any that
		// carries the tag, is a leftover; one that exited and waits to be reaped (a zombie) is not.
		// They get a moment to finish exiting, not more.
		const leftovers = () => {
			const table = processTable();
			const left = processesWithEnv('META_GOTHIC_DEMO_SMOKE', tag, table);
			for (const p of seenBefore.values()) {
				const now = table.get(p.pid);
				if (now && now.startTime === p.startTime) left.set(p.pid, now);
			}
			for (const p of left.values()) if (p.state === 'Z') left.delete(p.pid);
			return left;
		};
		await until('no process of the demo is left', () => leftovers().size === 0, GONE_WAIT_MS).catch((error) => {
			throw new Error(`${error.message}; left:\n${describe(leftovers())}`);
		});
		log(`none of its ${seenBefore.size} processes is left`);
	} finally {
		if (!interrupted || demo.child.exitCode === null) {
			try {
				process.kill(-demo.child.pid, 'SIGKILL');
			} catch {
				// Gone already.
			}
		}
		for (const p of processesWithEnv('META_GOTHIC_DEMO_SMOKE', tag).values()) {
			try {
				process.kill(p.pid, 'SIGKILL');
			} catch {
				// Gone already.
			}
		}
		rmSync(stateDir, { recursive: true, force: true });
	}
}

async function main() {
	const started = Date.now();
	const urlAt = process.argv.indexOf('--url');
	if (urlAt >= 0) {
		const profile = mkdtempSync(join(tmpdir(), 'meta-gothic-demo-check-'));
		try {
			await checkWorkbench(process.argv[urlAt + 1], profile);
		} finally {
			rmSync(profile, { recursive: true, force: true });
		}
	} else {
		await smoke();
	}
	log(`passed in ${elapsed(started)}`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(`[demo smoke] FAILED: ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
