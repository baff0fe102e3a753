/**
 * The npm configuration a repository's packages are read with: which registry a package name
 * resolves to and which credentials go with it, layered the way npm layers its config (the
 * environment's `npm_config_*` first, then the project's `.npmrc`, the user's, the global one).
 *
 * Only the parts the registry client needs are read: `registry`, `@scope:registry`, and the
 * per-registry credentials `//host/path/:_authToken`, `:_auth`, `:username` + `:_password`.
 * Credentials are only ever sent to the registry whose key they are under (npm's "nerf dart"
 * match), and every credential found is a secret the adapter's messages are redacted of.
 */
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNpmrc } from './npmrc';
import { RegistryError } from './registryErrors';

/** npm's own default. */
export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** Where the configuration is read from. */
export interface NpmConfigSources {
	/** Folders whose `.npmrc` is project config, nearest first (the repository, then the folders up to the workspace root). */
	projectDirs: readonly string[];
	/** The environment (`npm_config_*`, `${VAR}` in files, `HOME`). */
	env?: NodeJS.ProcessEnv;
	/** The user config file; default `npm_config_userconfig` or `~/.npmrc`. */
	userConfig?: string;
	/** The global config file; default `npm_config_globalconfig` when set, else none. */
	globalConfig?: string;
}

/** One source of settings, lower-cased keys. */
interface Layer {
	/** Where it came from, for messages: a file or "the environment". */
	origin: string;
	entries: ReadonlyMap<string, string>;
}

/** Keys compare without case: npm reads `NPM_CONFIG_REGISTRY` as `registry`, and host names have no case. */
function normalize(entries: ReadonlyMap<string, string>): Map<string, string> {
	return new Map([...entries].map(([k, v]) => [k.toLowerCase(), v]));
}

const SECRET_SUFFIXES = [':_authtoken', ':_auth', ':_password'];

/** A registry URL with a trailing slash, or an error naming where the bad value came from. */
function registryUrl(value: string, origin: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new RegistryError('config', `The registry "${value}" in ${origin} is not a URL.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new RegistryError('config', `The registry "${value}" in ${origin} is not an http(s) URL.`);
	}
	// Credentials in the URL itself are not sent (npm moved them to :_auth keys long ago); keep them out of every message.
	url.username = '';
	url.password = '';
	url.search = '';
	url.hash = '';
	return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The `//host:port/path/` prefixes of a registry, longest first (npm's "nerf darts"). */
function nerfDarts(registry: string): string[] {
	const url = new URL(registry);
	const segments = url.pathname.split('/').filter(Boolean);
	const darts: string[] = [];
	for (let n = segments.length; n >= 0; n--) {
		darts.push(`//${url.host}/${segments.slice(0, n).map((s) => `${s}/`).join('')}`.toLowerCase());
	}
	return darts;
}

/** The configuration of one repository; see the module comment. */
export class NpmConfig {
	private constructor(private readonly layers: readonly Layer[]) {}

	/** Reads the environment and the files (a missing file is no config, as for npm). */
	static async read(sources: NpmConfigSources): Promise<NpmConfig> {
		const env = sources.env ?? process.env;
		const envEntries = new Map<string, string>();
		for (const [name, value] of Object.entries(env)) {
			if (value !== undefined && name.toLowerCase().startsWith('npm_config_')) {
				envEntries.set(name.slice('npm_config_'.length), value);
			}
		}
		const home = env.HOME || env.USERPROFILE || os.homedir();
		const userConfig = sources.userConfig ?? env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? path.join(home, '.npmrc');
		const globalConfig = sources.globalConfig ?? env.npm_config_globalconfig ?? env.NPM_CONFIG_GLOBALCONFIG;
		const files = [...sources.projectDirs.map((dir) => path.join(dir, '.npmrc')), userConfig, ...(globalConfig ? [globalConfig] : [])];
		const fileLayers = await Promise.all(
			files.map(async (file): Promise<Layer | undefined> => {
				try {
					return { origin: file, entries: normalize(parseNpmrc(await readFile(file, 'utf8'), env)) };
				} catch {
					// Missing or unreadable: npm goes on without it too.
					return undefined;
				}
			}),
		);
		return new NpmConfig([{ origin: 'the environment (npm_config_*)', entries: normalize(envEntries) }, ...fileLayers.filter((l): l is Layer => l !== undefined)]);
	}

	/** A configuration from literal layers (highest precedence first), for tests. */
	static of(...layers: ReadonlyArray<Record<string, string>>): NpmConfig {
		return new NpmConfig(layers.map((entries, i) => ({ origin: `layer ${i}`, entries: normalize(new Map(Object.entries(entries))) })));
	}

	private find(key: string): { value: string; origin: string } | undefined {
		for (const layer of this.layers) {
			const value = layer.entries.get(key);
			if (value !== undefined && value !== '') {
				return { value, origin: layer.origin };
			}
		}
		return undefined;
	}

	/** The registry `name` resolves to: its scope's registry, else `registry`, else npm's default. Throws a config error for a value that is not a URL. */
	registryFor(name: string): string {
		const scope = name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')).toLowerCase() : undefined;
		const found = (scope ? this.find(`${scope}:registry`) : undefined) ?? this.find('registry');
		return found ? registryUrl(found.value, found.origin) : DEFAULT_REGISTRY;
	}

	/** The `Authorization` header for `registry`, if the config holds credentials for it. */
	authorizationFor(registry: string): string | undefined {
		for (const dart of nerfDarts(registry)) {
			const token = this.find(`${dart}:_authtoken`);
			if (token) {
				return `Bearer ${token.value}`;
			}
			const auth = this.find(`${dart}:_auth`);
			if (auth) {
				return `Basic ${auth.value}`;
			}
			const username = this.find(`${dart}:username`);
			const password = this.find(`${dart}:_password`);
			if (username && password) {
				return `Basic ${Buffer.from(`${username.value}:${Buffer.from(password.value, 'base64').toString('utf8')}`).toString('base64')}`;
			}
		}
		return undefined;
	}

	/** Every credential of every layer (and the decoded forms of encoded ones), for redaction. */
	secrets(): string[] {
		const found: string[] = [];
		for (const layer of this.layers) {
			for (const [key, value] of layer.entries) {
				if (SECRET_SUFFIXES.some((suffix) => key.endsWith(suffix)) && value) {
					found.push(value);
					const decoded = Buffer.from(value, 'base64').toString('utf8');
					if (/^[\x20-\x7e]{8,}$/.test(decoded)) {
						found.push(decoded);
					}
				}
			}
		}
		return found;
	}
}
