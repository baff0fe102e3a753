/**
 * The `meta-gothic` CLI as a real process, run from source with tsx: tests see exactly what a
 * shell sees (output bytes, exit code, what a closed pipe does to it).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const MAIN = path.join(root, 'src/cli/main.ts');

/** What one CLI run printed and how it ended. */
export interface CliResult {
	stdout: string;
	stderr: string;
	code: number;
}

/** The environment of a CLI run: no GitHub token of the developer's unless the test sets one. */
function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return { ...process.env, GITHUB_TOKEN: '', ...env };
}

/** Runs the CLI with `args` and resolves with its output and exit code (never rejects on exit codes). */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: root, env: cliEnv(env), maxBuffer: 64 * 1024 * 1024 });
		return { stdout, stderr, code: 0 };
	} catch (err) {
		const e = err as { stdout: string; stderr: string; code: number };
		return { stdout: e.stdout, stderr: e.stderr, code: e.code };
	}
}

/** Starts the CLI with every stream piped, for tests that drive the pipes themselves. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
	return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: root, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}
