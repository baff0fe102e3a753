/**
 * How the Claude CLI would sign in, told without starting it: an API key or token in its
 * environment, or the credentials file `claude` writes after an interactive login. Nothing is
 * read from the file but its existence, and no secret leaves this function.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the CLI's sign-in comes from; `null` when none was found. */
export type ClaudeSignIn = 'API_KEY' | 'AUTH_TOKEN' | 'OAUTH_TOKEN' | 'CREDENTIALS' | null;

/** See the module comment. `env` is the environment the CLI runs with. */
export function claudeSignIn(env: NodeJS.ProcessEnv): ClaudeSignIn {
	if (env.ANTHROPIC_API_KEY) {
		return 'API_KEY';
	}
	if (env.ANTHROPIC_AUTH_TOKEN) {
		return 'AUTH_TOKEN';
	}
	if (env.CLAUDE_CODE_OAUTH_TOKEN) {
		return 'OAUTH_TOKEN';
	}
	const configDir = env.CLAUDE_CONFIG_DIR || path.join(env.HOME || os.homedir(), '.claude');
	return fs.existsSync(path.join(configDir, '.credentials.json')) ? 'CREDENTIALS' : null;
}
