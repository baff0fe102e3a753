// The code-server install helper (test/support/codeServer.mjs) works from inside `npm run`, where
// the outer npm has exported its own view of the world, made worse on purpose. Run by
// test/run-all.mjs as `npm run test:install` with the settings of poison.mjs (a user agent naming
// Node 18, the system Node's headers as nodedir, an npm setting and a node-gyp option of the outer
// npm); npm itself adds NODE (the system Node), INIT_CWD, npm_lifecycle_*, and node_modules/.bin
// on PATH.
//
// 1. checks that the poison reached this process (else the test would prove nothing);
// 2. ensureCodeServer(): installs Node 24 and code-server when the cache is cold (as in CI), or
//    reuses them;
// 3. installs a probe package through the same helper: its postinstall runs code-server's own
//    Node check and records what a nested install script sees (always, so a warm cache tests the
//    environment too);
// 4. starts code-server, checks /healthz and that it runs on the pinned Node, and stops it.
//
//   META_GOTHIC_TEST_CACHE=$(mktemp -d) node test/run-all.mjs code-server   the install itself, cold
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { POISON } from './poison.mjs';
import { cacheDir, ensureCodeServer, isCodeServerInstalled, NODE_VERSION, npmOnPinnedNode, repoRoot, startCodeServer } from '../support/codeServer.mjs';

function log(message) {
	console.log(`[install test] ${message}`);
}

function checkPremise() {
	const problems = [];
	if (process.env.npm_lifecycle_event !== 'test:install') problems.push('not started by `npm run test:install`');
	for (const [key, value] of Object.entries(POISON)) if (process.env[key] !== value) problems.push(`${key} is ${JSON.stringify(process.env[key])}, not ${JSON.stringify(value)}`);
	if (process.env.NODE !== process.execPath) problems.push(`NODE is ${process.env.NODE}, not this Node (${process.execPath})`);
	if (!process.env.PATH?.split(delimiter).includes(join(repoRoot, 'node_modules', '.bin'))) problems.push('npm did not put node_modules/.bin on PATH');
	assert.deepEqual(problems, [], 'the environment is not the poisoned one this test needs (run it with `node test/run-all.mjs code-server`)');
	log(`inside npm run, with npm_config_user_agent=${process.env.npm_config_user_agent}, NODE=${process.env.NODE}, npm_config_nodedir=${process.env.npm_config_nodedir}`);
}

// The probe's postinstall: code-server's check (postinstall.sh reads the major version from the
// user agent with sed), then everything else a nested install script could be misled by.
const PROBE_SCRIPT = `
const fs = require('node:fs');
const major = /node\\/v(\\d+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
fs.writeFileSync('seen.json', JSON.stringify({
	major,
	version: process.version,
	execPath: process.execPath,
	env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(npm_|NODE$|INIT_CWD$|PATH$)/.test(k))),
}));
if (major !== '24') { console.error('ERROR: code-server currently requires node v24. We have detected that you are on node v' + major); process.exit(1); }
`;

function probe(nodeBin) {
	const dir = mkdtempSync(join(tmpdir(), 'meta-gothic-install-probe-'));
	try {
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'install-probe', version: '1.0.0', private: true, scripts: { postinstall: 'node probe.cjs' } }));
		writeFileSync(join(dir, 'probe.cjs'), PROBE_SCRIPT);
		let failure;
		try {
			npmOnPinnedNode(['install', '--no-package-lock', '--loglevel=error'], dir, { stdio: ['ignore', 'pipe', 'pipe'] });
		} catch (error) {
			failure = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || error.message;
		}
		const seen = JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8'));
		const nodeDir = join(nodeBin, '..', '..');
		const path = seen.env.PATH.split(delimiter);
		assert.equal(failure, undefined, `the probe's install failed as code-server's would:\n${failure}`);
		assert.equal(seen.version, `v${NODE_VERSION}`, 'install scripts run on the pinned Node');
		assert.equal(seen.major, NODE_VERSION.split('.')[0], 'npm_config_user_agent names the pinned Node');
		assert.equal(seen.env.npm_config_nodedir, nodeDir, 'node-gyp builds against the pinned headers');
		assert.equal(seen.env.NODE, nodeBin, 'NODE is the pinned Node');
		assert.equal(seen.env.INIT_CWD, dir, 'INIT_CWD is the nested install\'s own folder');
		assert.equal(seen.env.npm_config_meta_gothic_poison, undefined, 'no npm setting of the outer npm is inherited');
		assert.equal(seen.env.npm_package_config_node_gyp_target, undefined, 'no npm_package_* of the outer npm is inherited');
		assert.equal(seen.env.npm_package_json, join(dir, 'package.json'), 'npm_package_json is the probe\'s');
		assert.ok(path.includes(join(nodeDir, 'bin')), 'the pinned Node is on PATH');
		assert.ok(!path.includes(join(repoRoot, 'node_modules', '.bin')), 'the outer project\'s node_modules/.bin is not on PATH');
		log(`a nested install script runs on Node ${seen.version}, sees user agent node/v${seen.major}, nodedir ${seen.env.npm_config_nodedir}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	checkPremise();
	const cold = !isCodeServerInstalled();
	log(cold ? `the cache (${cacheDir}) is cold: installing` : `the cache (${cacheDir}) is warm: reusing the install, checking the environment with a probe`);
	const started = Date.now();
	const { nodeBin } = ensureCodeServer();
	if (cold) log(`installed from inside npm run in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	probe(nodeBin);

	const root = mkdtempSync(join(tmpdir(), 'meta-gothic-install-start-'));
	let server;
	try {
		server = await startCodeServer({ extensionsDir: join(root, 'extensions'), userDataDir: join(root, 'user-data'), logFile: join(root, 'code-server.log') });
		assert.equal(readlinkSync(`/proc/${server.pid}/exe`), nodeBin, 'code-server runs on the pinned Node');
		const health = await (await fetch(`${server.url}/healthz`)).json();
		assert.ok(['alive', 'expired'].includes(health.status), `/healthz answers ${JSON.stringify(health)}`);
		const page = await fetch(`${server.url}/`);
		assert.equal(page.status, 200, 'the workbench page is served');
		log(`code-server answers on ${server.url} (/healthz: ${health.status}, workbench page: ${page.status})`);
	} finally {
		await server?.stop();
		rmSync(root, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(`[install test] FAILED: ${error.message}`);
		process.exit(1);
	},
);
