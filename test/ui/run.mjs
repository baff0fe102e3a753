// UI tier: installs the packaged meta-gothic.vsix into a fresh code-server, opens a generated
// meta-repository in headless Chromium and drives the workbench as a person would (the suites
// in test/ui/*.test.mjs, run one after another against one shared session).
//
//   npm run test:ui                          build the vsix if stale, run the suites
//   UPDATE_README_SCREENSHOT=1 npm run test:ui   also refresh media/screenshot.png
//   META_GOTHIC_VSIX=path/to.vsix            test another package
//   META_GOTHIC_KEEP=1                       keep the temporary workspace and profiles
//   META_GOTHIC_UI_SUITES=workbench,workflows  run only these suites
//   META_GOTHIC_TIMEOUT_S=1500               hard limit for the whole run
//
// Exit code: the number of failed tests (at most 100), 0 when all passed; non-zero on any error.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { launchBrowser } from '../support/browser.mjs';
import { ensureCodeServer, FAST_GITHUB_SETTINGS, installVsix, onInterrupt, repoRoot, startCodeServer, writeUserSettings } from '../support/codeServer.mjs';
import { commandsRunIn, coverage, recordCommandsRun } from '../support/commandCoverage.mjs';
import { EXTENSION_INPUTS, isFresh } from '../support/freshness.mjs';
import { writeGallery } from '../support/gallery.mjs';
import { sampleMemory } from '../support/memory.mjs';
import { createMiniWorkspace, SUBMODULES } from '../support/miniWorkspace.mjs';
import { startStandIns } from '../support/standInsProcess.mjs';
import { screenshotsDir, session, WAIT_MS } from './session.mjs';

// Run in this order: the dashboard suite starts from the container the workbench suite opened;
// the packages suite opens a workspace of its own (and comes back), so it goes last. The flows
// suite pushes a fix after the repositories suite's Push All: pushed within a minute before it,
// its run would count as part of that push on the Pipelines page.
const SUITES = ['workbench.test.mjs', 'dashboard.test.mjs', 'statusBar.test.mjs', 'workflows.test.mjs', 'repositories.test.mjs', 'flows.test.mjs', 'agentRuns.test.mjs', 'walkthrough.test.mjs', 'trust.test.mjs', 'packages.test.mjs'];

// Generous: the suites wait for states, and a loaded 2-core machine makes every state slower to come.
const timeoutMs = Number(process.env.META_GOTHIC_TIMEOUT_S ?? 1500) * 1000;
const resultsDir = join(repoRoot, 'test-results', 'ui');

function elapsed(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** The package under test: META_GOTHIC_VSIX, or meta-gothic.vsix rebuilt when older than its sources. */
function packagedExtension() {
	if (process.env.META_GOTHIC_VSIX) return process.env.META_GOTHIC_VSIX;
	const vsix = join(repoRoot, 'meta-gothic.vsix');
	if (!isFresh(vsix, EXTENSION_INPUTS.map((p) => join(repoRoot, p)))) {
		console.log('packaging the extension (npm run package)');
		execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
	}
	return vsix;
}

async function runSuites() {
	const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: WAIT_MS * 2, color: process.stdout.isTTY });
	// META_GOTHIC_UI_SUITES=workbench,workflows runs only those, in the usual order.
	const only = process.env.META_GOTHIC_UI_SUITES?.split(',').map((name) => `${name.trim()}.test.mjs`);
	for (const suite of SUITES.filter((name) => !only || only.includes(name))) mocha.addFile(join(repoRoot, 'test', 'ui', suite));
	await mocha.loadFilesAsync();
	return new Promise((resolve) => {
		const runner = mocha.run(resolve);
		runner.on('test', (test) => {
			session.currentTest = test.titlePath().join(' › ');
		});
	});
}

async function main() {
	const started = Date.now();
	const memory = sampleMemory();
	mkdirSync(resultsDir, { recursive: true });
	const serverLog = join(resultsDir, 'code-server.log');
	const pageLog = join(resultsDir, 'page.log');
	writeFileSync(serverLog, '');
	writeFileSync(pageLog, '');
	const runDir = mkdtempSync(join(tmpdir(), 'meta-gothic-ui-'));

	let server;
	let browser;
	let standIns;
	let standInsExit = 0;
	// Runs once, whoever asks first (the end of the run, an interrupt, the hard timeout).
	let cleaning;
	const cleanup = () =>
		(cleaning ??= (async () => {
			await browser?.close().catch(() => {});
			await server?.stop();
			standInsExit = (await standIns?.stop()) ?? 0;
			if (process.env.META_GOTHIC_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
		})());
	onInterrupt(cleanup);
	const hardTimeout = setTimeout(async () => {
		console.error(`UI tests did not finish within ${timeoutMs / 1000} s; logs in ${resultsDir}`);
		await cleanup();
		process.exit(124);
	}, timeoutMs);

	try {
		ensureCodeServer();
		const vsix = packagedExtension();
		const extensionsDir = join(runDir, 'extensions');
		console.log(installVsix(vsix, extensionsDir));
		const { workspace, submodules, dirty, upstreams } = createMiniWorkspace({ root: runDir });
		const userDataDir = join(runDir, 'user-data');
		writeUserSettings(userDataDir, FAST_GITHUB_SETTINGS);
		// GitHub and Claude answer from the local stand-ins, as in `npm run demo`.
		// A push to a submodule's origin reaches the stand-in, which starts CI on the pushed commit, as GitHub does.
		standIns = await startStandIns({ stateDir: runDir, repos: ['meta', ...SUBMODULES], stepMs: 1500, holdPullRequestBuild: true, pushHooks: upstreams });
		server = await startCodeServer({ workspace, extensionsDir, userDataDir, env: standIns.env, logFile: serverLog });
		console.log(`code-server up on ${server.url} after ${elapsed(started)}`);

		browser = await launchBrowser(join(runDir, 'chromium'));
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.on('console', (message) => appendFileSync(pageLog, `[${message.type()}] ${message.text()}\n`));
		page.on('pageerror', (error) => appendFileSync(pageLog, `[page error] ${error.message}\n`));
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
		Object.assign(session, { page, url: server.url, workspace, submodules, dirty, upstreams, github: standIns.address.github, claude: standIns.address.claude, runDir });

		let failures = await runSuites();
		// The suites' windows keep their logs under the run folder (the walkthrough's too, while it lives).
		recordCommandsRun('ui', commandsRunIn([runDir]));
		const { contributed, missing } = coverage();
		console.log(`commands run in a real VS Code (all tiers so far): ${contributed.length - missing.length} of ${contributed.length}${missing.length ? `; not yet: ${missing.join(', ')}` : ''}`);
		console.log(`UI tests: ${failures} failed; ${elapsed(started)}; peak memory of this runner, code-server and Chromium ≈ ${memory.stop()} MB (PSS)`);
		const gallery = writeGallery(screenshotsDir, session.shots, {
			title: 'Meta GOTHIC — UI tier screenshots',
			summary: `${session.shots.length} screenshots from a run on ${new Date().toISOString()}; ${failures} failed tests (their screenshots have a red border).`,
		});
		console.log(`gallery of ${session.shots.length} screenshots: ${gallery}`);
		if (failures > 0) console.error(`logs in ${resultsDir}`);
		await cleanup();
		if (standInsExit !== 0) {
			console.error('the GitHub stand-in sent bodies that break GitHub\'s OpenAPI description (see above)');
			failures++;
		}
		return Math.min(failures, 100);
	} finally {
		clearTimeout(hardTimeout);
		await cleanup();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
