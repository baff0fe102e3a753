// The Debian packages `npm test` and `npm run demo` need besides Node and npm. When one is missing
// they install it with apt-get if they run as root (as CI does), and otherwise stop with the one
// command that installs it.
//
//   node scripts/setup/systemPackages.mjs [--for WHAT] PACKAGE...   check (and install as root)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Chromium the test tiers drive when CHROMIUM_PATH is not set (Debian's `chromium`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

function isExecutable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The file `command` resolves to on PATH, or undefined. */
export function onPath(command, path = process.env.PATH ?? '') {
	return path
		.split(delimiter)
		.filter(Boolean)
		.map((dir) => join(dir, command))
		.find(isExecutable);
}

/**
 * What each package is needed for, and how to tell it is there.
 * @type {Record<string, { why: string, present: () => boolean }>}
 */
export const SYSTEM_PACKAGES = {
	git: { why: 'the tests and the demo build git repositories', present: () => onPath('git') !== undefined },
	chromium: {
		why: 'the extension-host, UI and demo tests drive VS Code in it',
		present: () => isExecutable(process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM),
	},
	'libkrb5-dev': {
		why: "code-server's kerberos module is compiled against it",
		present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
	},
	'g++': { why: "code-server's native modules are compiled with it", present: () => onPath('g++') !== undefined },
	make: { why: "node-gyp builds code-server's native modules with it", present: () => onPath('make') !== undefined },
	python3: { why: 'node-gyp runs on it', present: () => onPath('python3') !== undefined },
};

/** What the pinned code-server's install builds with (test/support/codeServer.mjs). */
export const CODE_SERVER_BUILD_PACKAGES = ['libkrb5-dev', 'g++', 'make', 'python3'];

/** Thrown when packages are missing and cannot be installed from here; the message says what to run. */
export class MissingSystemPackages extends Error {
	code = 'MISSING_SYSTEM_PACKAGES';
}

/** The named packages that are not installed. */
export function missingSystemPackages(names) {
	const unknown = names.filter((name) => !(name in SYSTEM_PACKAGES));
	if (unknown.length > 0) throw new Error(`unknown system package(s): ${unknown.join(', ')}`);
	return [...new Set(names)].filter((name) => !SYSTEM_PACKAGES[name].present());
}

function describe(names) {
	return names.map((name) => `  ${name.padEnd(12)} ${SYSTEM_PACKAGES[name].why}`).join('\n');
}

function apt(args) {
	const run = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${run.error?.message ?? `exit code ${run.status ?? run.signal}`})`);
}

/**
 * Makes sure the named packages are installed: returns at once when they are, installs the
 * missing ones with apt-get when running as root, and otherwise throws MissingSystemPackages
 * whose message names them and the command to run.
 * @param {string[]} names Debian package names, keys of SYSTEM_PACKAGES
 * @param {string} [who] what needs them, for the messages (e.g. "npm test")
 * @returns {string[]} the packages that were installed
 */
export function ensureSystemPackages(names, who = 'this') {
	const missing = missingSystemPackages(names);
	if (missing.length === 0) return [];
	const chromiumPath = process.env.CHROMIUM_PATH;
	if (missing.includes('chromium') && chromiumPath) {
		// apt-get cannot help: it installs Chromium at its own place, not where the user pointed.
		throw new MissingSystemPackages(
			`${who} needs Chromium, and CHROMIUM_PATH names ${chromiumPath}, which is not an executable file.\n` +
				`Point CHROMIUM_PATH at a Chromium, or unset it to use ${DEFAULT_CHROMIUM}:\n\n  unset CHROMIUM_PATH` +
				(isExecutable(DEFAULT_CHROMIUM) ? '' : `\n  sudo apt-get install -y chromium`),
		);
	}
	const command = `apt-get install -y ${missing.join(' ')}`;
	if (process.getuid?.() !== 0 || onPath('apt-get') === undefined) {
		const how = onPath('apt-get') === undefined ? `Install them with the system's package manager (these are Debian's names).` : `Install them with:\n\n  sudo ${command}\n`;
		throw new MissingSystemPackages(`${who} needs system packages that are not installed:\n${describe(missing)}\n\n${how}`);
	}
	const started = Date.now();
	console.log(`${who}: installing system packages with apt-get (about 1 minute): ${missing.join(' ')}\n${describe(missing)}`);
	apt(['update']);
	apt(['install', '-y', ...missing]);
	const still = missingSystemPackages(missing);
	if (still.length > 0) throw new MissingSystemPackages(`apt-get installed ${still.join(' ')}, but ${who} still does not find ${still.length > 1 ? 'them' : 'it'}:\n${describe(still)}`);
	console.log(`${who}: system packages installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return missing;
}

/**
 * Runs `fn` and turns MissingSystemPackages into its message and exit code 1 (no stack trace:
 * the message is the instruction).
 * @template T
 * @param {() => T} fn
 * @returns {T}
 */
export function orExplain(fn) {
	try {
		return fn();
	} catch (error) {
		if (!(error instanceof MissingSystemPackages)) throw error;
		console.error(`\n${error.message}`);
		process.exit(1);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const forAt = args.indexOf('--for');
	const who = forAt >= 0 ? args.splice(forAt, 2)[1] : 'this';
	orExplain(() => {
		const installed = ensureSystemPackages(args, who);
		if (args.length === 0) console.log('no system package is needed');
		else if (installed.length === 0) console.log(`installed already: ${args.join(' ')}`);
	});
}
