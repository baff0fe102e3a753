// npm run demo: opens Meta GOTHIC in a real VS Code (code-server) on a generated meta-repo.
// Installs what it needs on first run (npm packages, the pinned Node 24 + code-server cache),
// builds and packages the extension, installs the .vsix, and serves the workbench on loopback.
//   npm run demo                     http://127.0.0.1:8080 (or the next free port)
//   npm run demo -- --port 9000
//   npm run demo -- --fresh          regenerate the demo meta-repo
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoDir = join(root, '.demo');
const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;

function run(command, argv, options = {}) {
	const r = spawnSync(command, argv, { cwd: root, stdio: 'inherit', ...options });
	if (r.status !== 0) {
		console.error(`demo: ${command} ${argv.join(' ')} failed`);
		process.exit(r.status ?? 1);
	}
}

// Dependencies first: everything below needs them (esbuild, vsce, tsx).
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
	console.log('demo: installing npm packages…');
	run('npm', ['ci', '--no-audit', '--no-fund']);
}

const { ensureCodeServer, freePort, installVsix, onInterrupt, startCodeServer, writeUserSettings } = await import('../test/support/codeServer.mjs');
const { startStandIns } = await import('../test/support/standInsProcess.mjs');

console.log('demo: building and packaging the extension…');
run('npm', ['run', '--silent', 'package']);

console.log('demo: preparing code-server (first run downloads ≈ 620 MB from the npm registry)…');
ensureCodeServer();

const workspaceRoot = join(demoDir, 'workspace');
// A demo meta-repo from an older version lacks the `upstream` remotes the GitHub stand-in serves.
const hasGitHubRemotes = () => spawnSync('git', ['-C', join(workspaceRoot, 'meta'), 'remote', 'get-url', 'upstream'], { stdio: 'ignore' }).status === 0;
if (args.includes('--fresh') || !existsSync(join(workspaceRoot, 'meta', '.git')) || !hasGitHubRemotes()) {
	rmSync(workspaceRoot, { recursive: true, force: true });
	console.log('demo: generating the demo meta-repo…');
	execFileSync(process.execPath, ['--import', 'tsx', 'test/support/createMetaRepo.ts', workspaceRoot, '--github-upstreams'], { cwd: root, stdio: 'inherit' });
}

const extensionsDir = join(demoDir, 'extensions');
const userDataDir = join(demoDir, 'user-data');
rmSync(extensionsDir, { recursive: true, force: true });
installVsix(join(root, 'meta-gothic.vsix'), extensionsDir);
writeUserSettings(userDataDir);

// GitHub and Claude answer from local stand-ins, so the demo works offline: the demo repositories'
// `upstream` remotes name acme/* repositories that only the GitHub stand-in has. A real
// ANTHROPIC_API_KEY in the environment makes agent runs use the real Claude instead.
console.log('demo: starting the local GitHub and Claude stand-ins…');
const standIns = await startStandIns({ stateDir: demoDir });
const realClaude = Boolean(process.env.ANTHROPIC_API_KEY);
const env = realClaude
	? { META_GOTHIC_GITHUB_TOKEN: standIns.env.META_GOTHIC_GITHUB_TOKEN, META_GOTHIC_GITHUB_API_URL: standIns.env.META_GOTHIC_GITHUB_API_URL, META_GOTHIC_CLAUDE_PATH: standIns.env.META_GOTHIC_CLAUDE_PATH }
	: standIns.env;

const port = portArg ?? (await freePortFrom(8080));
const server = await startCodeServer({ port, workspace: join(workspaceRoot, 'meta'), extensionsDir, userDataDir, env, logFile: join(demoDir, 'code-server.log') });
onInterrupt(async () => {
	await server.stop();
	await standIns.stop();
});
console.log(`\nMeta GOTHIC is running in VS Code at:\n\n  ${server.url}/?folder=${encodeURIComponent(join(workspaceRoot, 'meta'))}\n`);
console.log('Open the Meta GOTHIC view in the activity bar, or run "Meta GOTHIC: Open Dashboard" (F1). Ctrl-C stops the server.');
console.log(`GitHub: a local stand-in at ${standIns.address.github.url} (runs start and finish on their own).`);
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
