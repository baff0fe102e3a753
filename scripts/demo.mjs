// npm run demo: opens Meta GOTHIC in a real VS Code (code-server) on a generated meta-repo.
// Installs what it needs on first run (git when missing and running as root, the npm packages,
// the pinned Node 24 + code-server cache), builds and packages the extension when its sources
// changed, installs the .vsix, and serves the workbench on loopback until Ctrl-C.
//   npm run demo                     http://127.0.0.1:8080 (or the next free port)
//   npm run demo -- --port 9000
//   npm run demo -- --fresh          regenerate the demo meta-repo
//   npm run demo -- --dir DIR        keep the demo's state (meta-repo, profile, logs) in DIR, not .demo/
//   npm run demo -- --workspace PATH open a meta-repository of yours instead of the generated one;
//                                    with GITHUB_TOKEN set it reads the real GitHub (no stand-in)
//
// Imports only Node and scripts/setup/ until the npm packages are there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmPackages } from './setup/npmPackages.mjs';
import { ensureSystemPackages, orExplain } from './setup/systemPackages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const portArg = option('--port') === undefined ? undefined : Number(option('--port'));
const demoDir = resolve(option('--dir') ?? join(root, '.demo'));
const ownWorkspace = option('--workspace') === undefined ? undefined : resolve(option('--workspace'));
if (ownWorkspace !== undefined && !existsSync(ownWorkspace)) {
	console.error(`demo: --workspace ${ownWorkspace} does not exist`);
	process.exit(2);
}

function run(command, argv, options = {}) {
	const r = spawnSync(command, argv, { cwd: root, stdio: 'inherit', ...options });
	if (r.status !== 0) {
		console.error(`demo: ${command} ${argv.join(' ')} failed`);
		process.exit(r.status ?? 1);
	}
}

// Whatever has started is stopped on Ctrl-C, SIGTERM or SIGHUP, at any point: code-server runs in
// a process group of its own, so the terminal's Ctrl-C does not reach it.
let server;
let standIns;
let stopping = false;
const stopAll = async (code) => {
	if (stopping) return;
	stopping = true;
	await server?.stop();
	await standIns?.stop();
	process.exit(code);
};
process.once('SIGINT', () => void stopAll(130));
process.once('SIGTERM', () => void stopAll(143));
process.once('SIGHUP', () => void stopAll(129));

orExplain(() => ensureSystemPackages(['git'], 'npm run demo'));
// Dependencies next: everything below needs them (esbuild, vsce, tsx).
try {
	ensureNpmPackages('npm run demo');
} catch (error) {
	console.error(`demo: ${error.message}`);
	process.exit(1);
}

const { ensureCodeServer, freePort, installVsix, startCodeServer, writeUserSettings } = await import('../test/support/codeServer.mjs');
const { startStandIns } = await import('../test/support/standInsProcess.mjs');
const { EXTENSION_INPUTS, isFresh } = await import('../test/support/freshness.mjs');

const vsix = join(root, 'meta-gothic.vsix');
if (isFresh(vsix, EXTENSION_INPUTS.map((p) => join(root, p)))) {
	console.log('demo: meta-gothic.vsix is up to date with its sources');
} else {
	console.log('demo: building and packaging the extension (about 20 s)…');
	run('npm', ['run', '--silent', 'package']);
}

orExplain(() => ensureCodeServer());

const workspaceRoot = join(demoDir, 'workspace');
// A demo meta-repo from an older version lacks the `upstream` remotes the GitHub stand-in serves,
// or the repositories added since (docs is the last).
const isCurrentDemo = () =>
	existsSync(join(workspaceRoot, 'meta', 'docs', '.git')) &&
	spawnSync('git', ['-C', join(workspaceRoot, 'meta'), 'remote', 'get-url', 'upstream'], { stdio: 'ignore' }).status === 0;
if (ownWorkspace === undefined && (args.includes('--fresh') || !isCurrentDemo())) {
	rmSync(workspaceRoot, { recursive: true, force: true });
	console.log('demo: generating the demo meta-repo (12 repositories, about 10 s)…');
	execFileSync(process.execPath, ['--import', 'tsx', 'test/support/createMetaRepo.ts', workspaceRoot, '--github-upstreams', '--demo'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const workspace = ownWorkspace ?? join(workspaceRoot, 'meta');

const extensionsDir = join(demoDir, 'extensions');
const userDataDir = join(demoDir, 'user-data');
rmSync(extensionsDir, { recursive: true, force: true });
installVsix(vsix, extensionsDir);
writeUserSettings(userDataDir);

// GitHub and Claude answer from local stand-ins, so the demo works offline: the demo repositories'
// `upstream` remotes name acme/* repositories that only the GitHub stand-in has. A real
// ANTHROPIC_API_KEY in the environment makes agent runs use the real Claude instead.
// With a meta-repository of the user's own, the stand-in's acme/* repositories match nothing: a
// GITHUB_TOKEN reads the real GitHub, and without one the Workflows view offers to sign in.
const githubStandIn = ownWorkspace === undefined;
const realGitHubToken = ownWorkspace !== undefined ? process.env.GITHUB_TOKEN : undefined;
console.log(githubStandIn ? 'demo: starting the local GitHub and Claude stand-ins…' : 'demo: starting the local Claude stand-in…');
// The generated meta-repo's bare remotes tell the stand-in of each push, which then runs CI on the
// pushed commit: Ship Everything and Push All are followed by live runs, as on GitHub.
const remotesDir = join(workspaceRoot, 'remotes');
const pushHooks = githubStandIn && existsSync(remotesDir) ? readdirSync(remotesDir).filter((n) => n.endsWith('.git')).map((n) => ({ dir: join(remotesDir, n), repository: `acme/${n.slice(0, -'.git'.length)}` })) : [];
standIns = await startStandIns({ stateDir: demoDir, github: githubStandIn, demo: githubStandIn, pushHooks });
const realClaude = Boolean(process.env.ANTHROPIC_API_KEY);
const githubEnv = githubStandIn
	? { META_GOTHIC_GITHUB_TOKEN: standIns.env.META_GOTHIC_GITHUB_TOKEN, GITHUB_TOKEN: standIns.env.GITHUB_TOKEN, META_GOTHIC_GITHUB_API_URL: standIns.env.META_GOTHIC_GITHUB_API_URL }
	: realGitHubToken
		? { META_GOTHIC_GITHUB_TOKEN: realGitHubToken }
		: {};
const env = realClaude ? { ...githubEnv, META_GOTHIC_CLAUDE_PATH: standIns.env.META_GOTHIC_CLAUDE_PATH } : { ...standIns.env, ...githubEnv };

const port = portArg ?? (await freePortFrom(8080));
console.log('demo: starting code-server…');
server = await startCodeServer({ port, workspace, extensionsDir, userDataDir, env, logFile: join(demoDir, 'code-server.log') });
if (stopping) await new Promise(() => undefined); // Interrupted while it started: stopAll exits.
console.log(`\nMeta GOTHIC is running in VS Code at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
console.log('Open the Meta GOTHIC view in the activity bar, or run "Meta GOTHIC: Open Dashboard" (F1). Ctrl-C stops the server.');
console.log(
	githubStandIn
		? `GitHub: a local stand-in at ${standIns.address.github.url} (runs start and finish on their own; two are running now, one of them fails).`
		: realGitHubToken
			? 'GitHub: the real GitHub, with GITHUB_TOKEN.'
			: 'GitHub: not connected (set GITHUB_TOKEN, or sign in from the Workflows view).',
);
console.log(realClaude ? 'Claude: the real API (ANTHROPIC_API_KEY is set).' : `Claude: the real CLI against a local Messages API stand-in at ${standIns.address.claude.baseUrl}.`);
// Keep running until interrupted; the server is a child in its own process group.
setInterval(() => undefined, 1 << 30);

async function freePortFrom(preferred) {
	const { createServer } = await import('node:net');
	const free = await new Promise((resolve) => {
		const probe = createServer().once('error', () => resolve(false));
		probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
	return free ? preferred : freePort();
}
