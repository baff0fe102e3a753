// The project's npm packages, installed with `npm ci` when node_modules is missing or no longer
// matches package-lock.json, so that `npm test` and `npm run demo` work in a bare clone.
//
//   node scripts/setup/npmPackages.mjs [--for WHAT]     install when needed, else say it is up to date
//
// Imports nothing outside Node: it runs before the packages are there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duration, startHeartbeat } from './heartbeat.mjs';
import { npmEnv } from './npmEnv.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function readJson(file) {
	return JSON.parse(readFileSync(file, 'utf8'));
}

function sameMap(a = {}, b = {}) {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Why node_modules does not match package-lock.json, or undefined when it does. npm records what
 * it installed in node_modules/.package-lock.json; like `npm install`, this compares that with
 * the lockfile: every package installed is the locked version, and every locked package is
 * installed unless it is optional (packages for other platforms are skipped on install).
 * @param {string} [dir] project folder
 * @returns {string | undefined}
 */
export function whyStale(dir = root) {
	if (!existsSync(join(dir, 'node_modules'))) return 'node_modules is missing';
	const hiddenFile = join(dir, 'node_modules', '.package-lock.json');
	if (!existsSync(hiddenFile)) return 'node_modules has no record of an npm install (node_modules/.package-lock.json)';
	const manifest = readJson(join(dir, 'package.json'));
	const lock = readJson(join(dir, 'package-lock.json'));
	// npm ci refuses such a pair with its own explanation: let it give it.
	if (DEPENDENCY_FIELDS.some((field) => !sameMap(manifest[field], lock.packages?.['']?.[field]))) return 'package.json and package-lock.json list different dependencies';
	const locked = lock.packages ?? {};
	const installed = readJson(hiddenFile).packages ?? {};
	const differ = [];
	for (const [path, entry] of Object.entries(installed)) {
		const want = locked[path];
		if (!want || want.version !== entry.version || want.integrity !== entry.integrity || Boolean(want.link) !== Boolean(entry.link)) differ.push(path);
	}
	for (const [path, want] of Object.entries(locked)) {
		if (path !== '' && !(path in installed) && !want.optional && !want.devOptional) differ.push(path);
	}
	if (differ.length === 0) return undefined;
	const names = differ.slice(0, 3).map((path) => path.replace(/^.*node_modules\//, ''));
	return `node_modules differs from package-lock.json in ${differ.length} package(s): ${names.join(', ')}${differ.length > 3 ? ', …' : ''}`;
}

/**
 * Runs `npm ci` when node_modules is missing or stale, with progress; otherwise does nothing.
 * Throws when npm ci fails.
 * @param {string} [who] what needs the packages, for the messages (e.g. "npm test")
 * @returns {boolean} whether it installed
 */
export function ensureNpmPackages(who = 'this') {
	const why = whyStale(root);
	if (why === undefined) return false;
	const started = Date.now();
	console.log(`${who}: installing npm packages (npm ci, about 1 minute, ≈ 950 MB in node_modules/): ${why}`);
	const stop = startHeartbeat('npm ci', join(root, 'node_modules'));
	let run;
	try {
		// Its own environment, as for every npm we start: nothing from an outer npm run.
		run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: npmEnv() });
	} finally {
		stop();
	}
	if (run.status !== 0) throw new Error(`npm ci failed (${run.error?.message ?? `exit code ${run.status ?? run.signal}`})`);
	console.log(`${who}: npm packages installed in ${duration(Date.now() - started)}`);
	return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const who = args.includes('--for') ? args[args.indexOf('--for') + 1] : 'this';
	try {
		if (!ensureNpmPackages(who)) console.log('npm packages are up to date with package-lock.json');
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
