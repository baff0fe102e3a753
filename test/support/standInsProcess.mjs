// Starts test/support/standIns.ts (the GitHub and Messages API stand-ins, seeded for the demo) as a
// child process and says how to point the extension at them. Used by `npm run demo` and the UI tier.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { constants as osConstants } from 'node:os';
import { createInterface } from 'node:readline';
import { repoRoot } from './codeServer.mjs';

/**
 * Starts the stand-ins.
 * @param {object} options
 * @param {string} options.stateDir folder for the Claude CLI's own configuration (its HOME stays the user's)
 * @param {string[]} [options.repos] GitHub repository names to serve (parent first); default the demo's
 * @param {number} [options.stepMs] length of one step of a new workflow run
 * @param {boolean} [options.rateLimited] also start a GitHub that answers every request with a secondary rate limit
 * @param {boolean} [options.demo] serve every repository of `createMetaRepo(…, { demo: true })`, with runs that finish over the next minutes
 * @param {boolean} [options.github] start the GitHub stand-in (default true; false when the real GitHub is read)
 * @param {string} [options.failedRunSha] the commit of the second repository's failed run (a local one, to fix it)
 * @param {boolean} [options.holdPullRequestBuild] keep the third repository's pull request build running until cancelled
 * @param {Array<{ dir: string, repository: string }>} [options.pushHooks] local remotes whose pushes reach the GitHub stand-in
 *   (`repository` is its `owner/name`): a push starts that repository's push workflows on the pushed commit
 * @returns {Promise<{ env: Record<string,string>, address: { github: { url: string, token: string }, claude: { baseUrl: string }, githubRateLimited?: { url: string } }, stop(): Promise<number> }>}
 *   `env` is what the extension host needs: GitHub token and API root, the Claude CLI and its API.
 *   `stop()` resolves with the exit code: non-zero when the GitHub stand-in sent a body that
 *   breaks GitHub's OpenAPI description or schema, or when it had to be killed (then it could not say).
 */
export async function startStandIns({ stateDir, repos, stepMs, rateLimited = false, demo = false, github = true, failedRunSha, holdPullRequestBuild = false, pushHooks = [] }) {
	const argv = ['--import', 'tsx', join(repoRoot, 'test', 'support', 'standIns.ts')];
	if (repos) argv.push('--repos', repos.join(','));
	if (stepMs) argv.push('--step-ms', String(stepMs));
	if (rateLimited) argv.push('--rate-limited');
	if (demo) argv.push('--demo');
	if (!github) argv.push('--no-github');
	if (failedRunSha) argv.push('--failed-run-sha', failedRunSha);
	if (holdPullRequestBuild) argv.push('--hold-pr-build');
	if (pushHooks.length > 0) argv.push('--push-hooks', JSON.stringify(pushHooks));
	const child = spawn(process.execPath, argv, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
	// Killed by a signal it never reported: that is not a clean exit (its report of bad bodies is lost).
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1))));
	const firstLine = await new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout });
		lines.once('line', (line) => resolve(line));
		child.once('exit', (code) => reject(new Error(`the stand-ins exited with ${code} before listening`)));
	});
	const address = JSON.parse(firstLine);
	const claudeConfig = join(stateDir, 'claude-config');
	mkdirSync(claudeConfig, { recursive: true });
	return {
		address,
		env: {
			// code-server keeps GITHUB_TOKEN for its own sign-in and hides it from extensions.
			...(address.github
				? { META_GOTHIC_GITHUB_TOKEN: address.github.token, GITHUB_TOKEN: address.github.token, META_GOTHIC_GITHUB_API_URL: address.github.url }
				: {}),
			META_GOTHIC_CLAUDE_PATH: join(repoRoot, 'node_modules', '.bin', 'claude'),
			ANTHROPIC_BASE_URL: address.claude.baseUrl,
			ANTHROPIC_API_KEY: 'sk-ant-demo-stand-in',
			CLAUDE_CONFIG_DIR: claudeConfig,
			CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
			DISABLE_AUTOUPDATER: '1',
		},
		async stop() {
			// Closing stdin asks it to stop; it reports invalid GitHub bodies on its way out.
			child.stdin.end();
			const timer = setTimeout(() => {
				console.error('the stand-ins did not stop within 5 s of being asked; killed, so whatever they had to report is lost');
				child.kill('SIGKILL');
			}, 5000);
			const code = await exited;
			clearTimeout(timer);
			return code;
		},
	};
}
