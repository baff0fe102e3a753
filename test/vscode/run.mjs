// Runs the extension-host suites (test/vscode/*.test.ts) inside a real VS Code: code-server with
// its smoke-test driver, opened in headless Chromium. The workbench reads the extension under
// development and the test module from the `payload` query parameter, runs the tests in the
// extension host and reports through window.codeAutomationLog / window.codeAutomationExit.
//
//   npm run test:vscode                              run the suites
//   META_GOTHIC_PROVE_FAILURE=1 npm run test:vscode  also run one failing test (must exit non-zero)
//   META_GOTHIC_KEEP=1                               keep the temporary workspace and profiles
//   META_GOTHIC_TIMEOUT_S=300                        hard limit for the whole run
//   META_GOTHIC_VERBOSE=1                            print the whole workbench log, not only the report
//   META_GOTHIC_EXTENSION_PATH=dir                   test another extension folder
//   META_GOTHIC_SUITES=workflowFix,commands          run only these suites (test/vscode/<name>.test.ts)
//
// Exit code: the number of failed tests (at most 100), 0 when all passed; non-zero on any error.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.mjs';
import { FAST_GITHUB_SETTINGS, freePort, onInterrupt, repoRoot, startCodeServer, writeUserSettings } from '../support/codeServer.mjs';
import { commandsRunIn, recordCommandsRun } from '../support/commandCoverage.mjs';
import { EXTENSION_INPUTS, isFresh } from '../support/freshness.mjs';
import { sampleMemory } from '../support/memory.mjs';
import { createMiniWorkspace } from '../support/miniWorkspace.mjs';
import { startStandIns } from '../support/standInsProcess.mjs';
import { bundleTests, outDir } from './bundle.mjs';

// Must match test/vscode/index.ts.
const RESULT_PREFIX = 'META_GOTHIC_VSCODE_RESULT ';
const REPORT_PREFIX = 'META_GOTHIC_MOCHA ';
const verbose = process.env.META_GOTHIC_VERBOSE === '1';
const proveFailure = process.env.META_GOTHIC_PROVE_FAILURE === '1';
const timeoutMs = Number(process.env.META_GOTHIC_TIMEOUT_S ?? 300) * 1000;
// The extension under test: this repository unless another folder is named (to try the harness
// against a scratch extension).
const extensionPath = process.env.META_GOTHIC_EXTENSION_PATH ?? repoRoot;
const resultsDir = join(repoRoot, 'test-results', proveFailure ? 'vscode-failure-proof' : 'vscode');

/** Set when the GitHub stand-in reports invalid response bodies on its way out. */
let standInsFailed = false;

function elapsed(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Builds dist/ unless it is newer than its sources (npm test has just built it). */
function buildExtension() {
	if (extensionPath !== repoRoot) return;
	const inputs = EXTENSION_INPUTS.map((p) => join(repoRoot, p));
	if (isFresh(join(repoRoot, 'dist', 'extension.js'), inputs)) return;
	console.log('building the extension (node esbuild.mjs)');
	execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}

function payloadUrl(server, workspace) {
	const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
	const payload = [
		['extensionDevelopmentPath', remote(extensionPath)],
		['extensionTestsPath', remote(join(outDir, 'index.js'))],
	];
	return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Shows the end of a log, where a failure to start or load the tests usually is. */
function printTail(file, lines = 40) {
	const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
	console.error(`--- last ${tail.length} lines of ${file}\n${tail.join('\n')}\n---`);
}

async function main() {
	const started = Date.now();
	const memory = sampleMemory();
	mkdirSync(resultsDir, { recursive: true });
	const runDir = mkdtempSync(join(tmpdir(), 'meta-gothic-vscode-'));
	const serverLog = join(resultsDir, 'code-server.log');
	const hostLog = join(resultsDir, 'extension-host.log');
	writeFileSync(serverLog, '');
	writeFileSync(hostLog, '');

	let server;
	let browser;
	let standIns;
	const cleanup = async () => {
		await browser?.close().catch(() => {});
		await server?.stop();
		if (((await standIns?.stop()) ?? 0) !== 0) {
			// It printed the bodies that break GitHub's OpenAPI description: a failure like any other.
			standInsFailed = true;
		}
		if (process.env.META_GOTHIC_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
	};
	onInterrupt(cleanup);

	try {
		buildExtension();
		await bundleTests({ proveFailure });
		const { workspace, submodules, dirty, upstreams } = createMiniWorkspace({ root: runDir });
		const userDataDir = join(runDir, 'user-data');
		writeUserSettings(userDataDir, FAST_GITHUB_SETTINGS);
		// GitHub for the workflows suite: the workspace's `upstream` remotes name acme/<name>,
		// which the stand-in serves. Long steps keep its seeded pull-request build running
		// through the whole run, so there is something to cancel.
		// The second repository's failed run is at a commit its checkout has, one behind its HEAD: the
		// Fix with Claude suite fixes it in a worktree at that commit.
		const failedRunSha = execFileSync('git', ['rev-parse', 'HEAD~1'], { cwd: join(workspace, submodules[0]), encoding: 'utf8' }).trim();
		// A push to a submodule's origin reaches the stand-in, which starts CI on the pushed commit, as GitHub does.
		standIns = await startStandIns({ stateDir: runDir, repos: ['meta', ...submodules], stepMs: 3000, rateLimited: true, failedRunSha, pushHooks: upstreams });
		server = await startCodeServer({
			extensionsDir: join(runDir, 'extensions'),
			userDataDir,
			// Without the smoke-test driver the workbench ignores the payload and never runs tests.
			extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
			// The extension host inherits the server's environment: tell the suites what to expect.
			env: {
				META_GOTHIC_EXPECTED_WORKSPACE: JSON.stringify({ submodules, dirty }),
				// The extension's fallback when VS Code has no GitHub session, as for the CLI. Only
				// GitHub's part: the other suites expect no Claude CLI to be configured.
				// code-server keeps GITHUB_TOKEN for its own sign-in and hides it from extensions.
				GITHUB_TOKEN: standIns.env.GITHUB_TOKEN,
				META_GOTHIC_GITHUB_TOKEN: standIns.env.META_GOTHIC_GITHUB_TOKEN,
				META_GOTHIC_GITHUB_API_URL: standIns.env.META_GOTHIC_GITHUB_API_URL,
				// The error-states suite points the graph at these: a GitHub that rate-limits everything, and one that is not there.
				META_GOTHIC_TEST_GITHUB_RATE_LIMITED_URL: standIns.address.githubRateLimited.url,
				// A port that was free a moment ago: nothing listens there.
				META_GOTHIC_TEST_GITHUB_OFFLINE_URL: `http://127.0.0.1:${await freePort()}`,
				// The Messages API stand-in for the Claude CLI, which only the Fix with Claude suite
				// configures (metaGothic.claude.path): the others expect no CLI.
				ANTHROPIC_BASE_URL: standIns.env.ANTHROPIC_BASE_URL,
				ANTHROPIC_API_KEY: standIns.env.ANTHROPIC_API_KEY,
				CLAUDE_CONFIG_DIR: standIns.env.CLAUDE_CONFIG_DIR,
				CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
				DISABLE_AUTOUPDATER: '1',
			},
			logFile: serverLog,
		});
		console.log(`code-server up on ${server.url} after ${elapsed(started)}`);

		browser = await launchBrowser(join(runDir, 'chromium'));
		const page = browser.pages()[0] ?? (await browser.newPage());
		let result = null;
		let resolveExit;
		const exited = new Promise((resolve) => {
			resolveExit = resolve;
		});
		await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
		await page.exposeFunction('codeAutomationLog', (type, args) => {
			const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
			appendFileSync(hostLog, `${line}\n`);
			const report = line.indexOf(REPORT_PREFIX);
			const summary = line.indexOf(RESULT_PREFIX);
			if (summary >= 0) {
				result = JSON.parse(line.slice(summary + RESULT_PREFIX.length));
			} else if (report >= 0) {
				console.log(line.slice(report + REPORT_PREFIX.length));
			} else if (verbose) {
				(type === 'error' ? console.error : console.log)(line);
			}
		});
		page.on('pageerror', (error) => appendFileSync(hostLog, `[page error] ${error.message}\n`));
		await page.goto(payloadUrl(server, workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });

		let timer;
		const timedOut = new Promise((resolve) => {
			timer = setTimeout(() => resolve('timeout'), Math.max(1000, timeoutMs - (Date.now() - started)));
		});
		const code = await Promise.race([exited, timedOut]);
		clearTimeout(timer);
		if (code === 'timeout') {
			printTail(hostLog);
			console.error(`extension-host tests did not finish within ${timeoutMs / 1000} s; logs in ${resultsDir}`);
			return 124;
		}
		// Console lines are forwarded asynchronously; give the last ones a moment to arrive.
		await new Promise((resolve) => setTimeout(resolve, 500));
		if (!proveFailure) recordCommandsRun('vscode', commandsRunIn([runDir]));
		const summary = result
			? `${result.passes} passing, ${result.failures} failing, ${result.pending} pending`
			: 'no summary received';
		console.log(`extension-host tests: ${summary}; exit code ${code}; ${elapsed(started)}; peak memory ≈ ${memory.stop()} MB (PSS)`);
		if (result && result.failures > 0) return Math.min(result.failures, 100);
		if (code !== 0) {
			printTail(hostLog);
			console.error(`logs: ${serverLog}, ${hostLog}`);
			return code || 1;
		}
		if (!result) {
			console.error('the test module exited without reporting results');
			return 1;
		}
		if (result.pending > 0) {
			// A skipped test passes mocha, and proves nothing: a suite whose precondition is missing must fail.
			console.error(`${result.pending} tests were skipped; a missing precondition must fail the suite (test/vscode/preconditions.ts)`);
			return 1;
		}
		return 0;
	} finally {
		await cleanup();
	}
}

main().then(
	(code) => process.exit(code || (standInsFailed ? 1 : 0)),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
