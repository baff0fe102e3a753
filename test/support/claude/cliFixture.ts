import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The real CLI installed as a dev dependency. */
export const claudeBinary = path.resolve(__dirname, '../../../node_modules/.bin/claude');

/** A throwaway `HOME` and repository folder for one CLI run. */
export interface CliSandbox {
	readonly home: string;
	readonly repo: string;
	/** Environment that points the CLI at the stand-in and keeps it off the network. */
	readonly env: NodeJS.ProcessEnv;
	dispose(): void;
}

/**
 * Creates a sandbox for running the real CLI against `baseUrl`. Retries are bounded to zero so
 * 529 and cut-stream tests fail fast instead of backing off for minutes.
 */
export function createCliSandbox(baseUrl: string, extraEnv: NodeJS.ProcessEnv = {}): CliSandbox {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-claude-'));
	const home = path.join(root, 'home');
	const repo = path.join(root, 'repo');
	// The CLI keeps task output and shell state under TMPDIR; keep it inside the sandbox too.
	const tmp = path.join(root, 'tmp');
	fs.mkdirSync(home);
	fs.mkdirSync(repo);
	fs.mkdirSync(tmp);
	fs.writeFileSync(path.join(repo, 'README.md'), '# fixture\n');
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		TMPDIR: tmp,
		ANTHROPIC_API_KEY: 'sk-ant-stand-in',
		ANTHROPIC_BASE_URL: baseUrl,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_CODE_MAX_RETRIES: '0',
		...extraEnv,
	};
	return {
		home,
		repo,
		env,
		dispose: () => fs.rmSync(root, { recursive: true, force: true }),
	};
}
