/**
 * Where the Node API and the CLI keep agent run history when no folder is given. The extension
 * uses VS Code's per-workspace storage instead.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * `$XDG_CACHE_HOME/meta-gothic/agent-runs/<key>` (`~/.cache/…` when unset), one folder per set of
 * roots, so each meta-repository has its own history as it has in VS Code, and two shells on
 * different meta-repositories never write the same file.
 */
export function defaultAgentRunsDir(roots: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
	const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	const key = createHash('sha256').update([...roots].map((r) => path.resolve(r)).sort().join('\n')).digest('hex').slice(0, 16);
	return path.join(cache, 'meta-gothic', 'agent-runs', key);
}
