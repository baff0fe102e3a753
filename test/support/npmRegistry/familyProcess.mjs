// Starts test/support/npmRegistry/familyProcess.ts (Verdaccio and the package family published
// to it) as a child process, for the .mjs tiers. See that file for what it builds.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../codeServer.mjs';

/**
 * @param {string} dir folder to build the family in (it is not removed here)
 * @returns {Promise<{ registry: string, root: string, repos: Record<string, string>, stop(): Promise<void> }>}
 */
export async function startPackageFamily(dir) {
	const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'npmRegistry', 'familyProcess.ts'), dir], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const line = await new Promise((resolve, reject) => {
		createInterface({ input: child.stdout }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the package family exited with ${code} before it was published`)));
	});
	return {
		...JSON.parse(line),
		async stop() {
			child.stdin.end();
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		},
	};
}
