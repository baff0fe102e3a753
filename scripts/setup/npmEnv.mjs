// The environment for an npm that our own scripts start (npm ci, the code-server install).
//
// Under `npm test` or `npm run demo` every process inherits what the outer npm put into the
// environment: an npm_config_* variable for each setting it resolved that differs from npm's
// defaults (among them npm_config_user_agent, which names the outer Node, and npm_config_nodedir
// from a user's .npmrc), npm_config_node_gyp, npm_config_local_prefix, npm_lifecycle_*,
// npm_package_*, npm_execpath, NODE, INIT_CWD, NODE_OPTIONS from `node-options`, EDITOR, and PATH
// entries for every node_modules/.bin folder up from the project and for npm's node-gyp shim. A
// nested npm reads npm_config_* as its own configuration, its install scripts and node-gyp read
// all of them, so an install for another Node would describe itself as the outer one:
// code-server's postinstall reads the Node major from npm_config_user_agent and refuses to build,
// and node-gyp would compile against the outer Node's headers.
//
// So the environment is built from an allow-list, not copied: what the system and the user set,
// and the few npm settings a user gives to say where packages come from and go.
import { delimiter, dirname, join } from 'node:path';

/** Variables of the system and the user session, passed as they are. */
const SYSTEM = ['HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'TZ', 'LANG', 'LANGUAGE', 'TMPDIR', 'TMP', 'TEMP', 'CI', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME'];

/** Network and TLS set-up: a proxy or a private CA the registry is reached through. */
const NETWORK = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** A user's choice of compiler and Python for native modules (node-gyp reads these). */
const TOOLCHAIN = ['CC', 'CXX', 'PYTHON', 'JOBS'];

/**
 * npm settings passed on: where packages come from (registry, proxy, CA) and where they are
 * cached. When the outer npm put them there they hold the value it resolved from the same
 * .npmrc files, the environment or its command line, which is what the nested npm should use too.
 */
const NPM_SETTINGS = new Set([
	'cache',
	'registry',
	'userconfig',
	'globalconfig',
	'proxy',
	'https_proxy',
	'noproxy',
	'cafile',
	'ca',
	'strict_ssl',
	'offline',
	'prefer_offline',
	'prefer_online',
	'fetch_retries',
	'fetch_retry_factor',
	'fetch_retry_mintimeout',
	'fetch_retry_maxtimeout',
	'fetch_timeout',
	'maxsockets',
]);

/** PATH entries npm's run-script adds in front of a script's PATH. */
function addedByNpm(entry) {
	return /[/\\]node_modules[/\\]\.bin$/.test(entry) || /[/\\]node-gyp-bin$/.test(entry);
}

/**
 * A clean environment for npm.
 * @param {object} [options]
 * @param {string} [options.nodeDir] a Node installation (with bin/ and include/) that npm, its
 *   install scripts and node-gyp must use instead of the Node on PATH
 * @param {NodeJS.ProcessEnv} [options.from] the environment to pick from (default process.env)
 * @returns {Record<string, string>}
 */
export function npmEnv({ nodeDir, from = process.env } = {}) {
	/** @type {Record<string, string>} */
	const env = {};
	for (const [key, value] of Object.entries(from)) {
		if (value === undefined) continue;
		const setting = /^npm_config_(.+)$/i.exec(key)?.[1].toLowerCase();
		if (
			SYSTEM.includes(key) ||
			NETWORK.includes(key) ||
			TOOLCHAIN.includes(key) ||
			/^LC_[A-Z]+$/.test(key) ||
			/^(https?|no|all)_proxy$/i.test(key) ||
			(setting !== undefined && NPM_SETTINGS.has(setting))
		) {
			env[key] = value;
		}
	}
	const path = (from.PATH ?? '').split(delimiter).filter((entry) => entry !== '' && !addedByNpm(entry));
	if (nodeDir) {
		path.unshift(join(nodeDir, 'bin'));
		// npm finds the machine-wide npmrc (registry, CA, proxy) under the prefix of the Node it runs
		// on; on the pinned Node that would be nodeDir/etc/npmrc, so name the one the user's npm reads.
		if (!Object.keys(env).some((key) => key.toLowerCase() === 'npm_config_globalconfig')) {
			env.npm_config_globalconfig = join(from.PREFIX ?? dirname(dirname(process.execPath)), 'etc', 'npmrc');
		}
		// node-gyp compiles against these headers; a user's nodedir (often the system Node's) would
		// build modules the pinned Node cannot load, and without one it would try to download them.
		env.npm_config_nodedir = nodeDir;
	}
	env.PATH = [...new Set(path)].join(delimiter);
	env.npm_config_audit = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_update_notifier = 'false';
	return env;
}
