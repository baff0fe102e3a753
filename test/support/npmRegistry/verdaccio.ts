/**
 * A real npm registry for tests: Verdaccio on 127.0.0.1 with a temporary storage folder, a user
 * with a token, and packages published to it by the real `npm publish`. Nothing touches the
 * user's npm config: every npm process gets a temporary HOME, user config and cache.
 *
 * Packages under `@private/` can be read only with a valid token (the 401 case); everything
 * else can be read by anyone and published by the user.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A running registry. */
export interface LocalRegistry {
	/** `http://127.0.0.1:<port>/`. */
	readonly url: string;
	/** `//127.0.0.1:<port>/`, the prefix of its keys in an `.npmrc`. */
	readonly nerfDart: string;
	readonly port: number;
	/** The token of the user packages are published as. */
	readonly token: string;
	/** An `.npmrc` line giving the token for this registry. */
	readonly authLine: string;
	/** The folder holding its config, storage and the npm processes' HOME; removed by `stop()`. */
	readonly dir: string;
	/** Environment for any npm process run against it (a temporary HOME, user config and cache). */
	readonly npmEnv: NodeJS.ProcessEnv;
	/** `npm publish` in `packageDir` (with `--tag` when given). */
	publish(packageDir: string, options?: { tag?: string }): Promise<void>;
	/** `npm deprecate <spec> <message>`. */
	deprecate(spec: string, message: string): Promise<void>;
	/** Stops the registry process and removes its folder. */
	stop(): Promise<void>;
}

/** Options of {@link startVerdaccio}. */
export interface StartVerdaccioOptions {
	/** Parent folder of its folder (default: the OS temp folder). */
	parent?: string;
}

const USER = { name: 'family-maintainer', password: 'verdaccio-test-password' };

function verdaccioConfig(dir: string): string {
	return [
		`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
		'    max_users: 10',
		'uplinks: {}',
		'packages:',
		"  '@private/*':",
		'    access: $authenticated',
		'    publish: $authenticated',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		'web:',
		'  enable: false',
		'log: { type: stdout, format: json, level: error }',
		'max_body_size: 10mb',
		'',
	].join('\n');
}

/** The environment without the npm settings an enclosing `npm run` exports (npm_config_userconfig…). */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toLowerCase().startsWith('npm_config_') && !key.toLowerCase().startsWith('npm_package_')) {
			env[key] = value;
		}
	}
	return { ...env, ...extra };
}

/** Starts Verdaccio in a child process, creates the user and returns the registry. */
export async function startVerdaccio(options: StartVerdaccioOptions = {}): Promise<LocalRegistry> {
	const dir = realpathSync(mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'meta-gothic-registry-')));
	const configFile = path.join(dir, 'config.yaml');
	writeFileSync(configFile, verdaccioConfig(dir));
	const child = spawn(process.execPath, [path.join(__dirname, 'verdaccioProcess.mjs'), configFile], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	let port: number;
	try {
		port = await new Promise<number>((resolve, reject) => {
			const lines = createInterface({ input: child.stdout });
			lines.on('line', (line) => {
				const m = /^\{"port":(\d+)\}$/.exec(line.trim());
				if (m) {
					resolve(Number(m[1]));
				}
			});
			child.once('exit', (code) => reject(new Error(`Verdaccio exited with ${code} before listening:\n${stderr}`)));
			setTimeout(() => reject(new Error(`Verdaccio did not listen within 30 s:\n${stderr}`)), 30_000).unref();
		});
	} catch (err) {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw err;
	}
	const url = `http://127.0.0.1:${port}/`;
	const nerfDart = `//127.0.0.1:${port}/`;

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.stdin.end();
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
	};

	let token: string;
	try {
		// What `npm adduser` sends: Verdaccio answers with the new user's token.
		const response = await fetch(`${url}-/user/org.couchdb.user:${USER.name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: USER.name, password: USER.password, type: 'user', roles: [] }),
		});
		const body = (await response.json()) as { token?: string };
		if (!response.ok || !body.token) {
			throw new Error(`Verdaccio did not create the user (${response.status}): ${JSON.stringify(body)}`);
		}
		token = body.token;
	} catch (err) {
		await stop();
		throw err;
	}

	const home = path.join(dir, 'home');
	mkdirSync(home, { recursive: true });
	const userConfig = path.join(home, '.npmrc');
	const authLine = `${nerfDart}:_authToken=${token}`;
	writeFileSync(userConfig, `registry=${url}\n${authLine}\n`);
	const npmEnv = cleanEnv({
		HOME: home,
		npm_config_userconfig: userConfig,
		npm_config_cache: path.join(dir, 'npm-cache'),
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_loglevel: 'error',
	});
	const npm = async (args: string[], cwd: string) => {
		try {
			await execFileAsync('npm', [...args, '--registry', url], { cwd, env: npmEnv, timeout: 60_000 });
		} catch (err) {
			const e = err as { stderr?: string; stdout?: string; message: string };
			throw new Error(`npm ${args.join(' ')} failed in ${cwd}: ${e.stderr || e.stdout || e.message}`, { cause: err });
		}
	};
	return {
		url,
		nerfDart,
		port,
		token,
		authLine,
		dir,
		npmEnv,
		publish: (packageDir, publishOptions = {}) => npm(['publish', ...(publishOptions.tag ? ['--tag', publishOptions.tag] : [])], packageDir),
		deprecate: (spec, message) => npm(['deprecate', spec, message], dir),
		stop,
	};
}
