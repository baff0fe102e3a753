/**
 * The local stand-ins for GitHub and the Anthropic Messages API, seeded for the demo
 * meta-repository, as one process: `npm run demo` and the UI tier start it next to code-server.
 *
 *   node --import tsx test/support/standIns.ts [--step-ms 2000] [--repos meta,core,ui] [--demo] [--no-github] [--failed-run-sha <sha>] [--push-hooks <json>]
 *
 * `--demo` serves every repository of `createMetaRepo(…, { demo: true })` and seeds runs that finish
 * over the next minutes (see `seedDemoGitHub`); `--no-github`
 * starts only the Messages API stand-in, for a demo that reads the real GitHub. `--push-hooks`
 * takes `[{"dir","repository"}]`: local remotes whose pushes GitHub learns of (see pushHook.ts),
 * so a push starts the repository's push workflows on the pushed commit.
 *
 * Prints one JSON line — `{"github":{"url","token"},"claude":{"baseUrl"}}` — once both listen,
 * then serves until SIGTERM, SIGINT or its stdin closes (so it never outlives its parent).
 * GitHub runs on the wall clock: queued runs start and finish by themselves.
 */
import { DEMO_GITHUB_NAMES } from './createMetaRepo';
import { startGitHubStandIn } from './github';
import { seedDemoGitHub } from './github/demoWorld';
import { installPushHook } from './github/pushHook';
import { demoResponder } from './claude/demoReplies';
import { MessagesStandIn } from './claude/messagesStandIn';

/** The token the demo's GitHub stand-in accepts; it grants nothing anywhere else. */
export const DEMO_GITHUB_TOKEN = 'ghp_demoStandInToken000000000000000000';

/** What the process prints once it listens. */
export interface StandInsAddress {
	/** Absent with `--no-github`. */
	readonly github?: { readonly url: string; readonly token: string };
	readonly claude: { readonly baseUrl: string };
	/** With `--rate-limited`: a second GitHub whose every answer is a secondary rate limit. */
	readonly githubRateLimited?: { readonly url: string };
}

async function main(): Promise<void> {
	const stepArg = process.argv.indexOf('--step-ms');
	const stepMs = stepArg === -1 ? undefined : Number(process.argv[stepArg + 1]);
	const reposArg = process.argv.indexOf('--repos');
	const demo = process.argv.includes('--demo');
	const repos = reposArg === -1 ? (demo ? DEMO_GITHUB_NAMES : undefined) : process.argv[reposArg + 1].split(',');
	const github = process.argv.includes('--no-github') ? undefined : await startGitHubStandIn({ token: DEMO_GITHUB_TOKEN, realTime: true });
	const shaArg = process.argv.indexOf('--failed-run-sha');
	const failedRunSha = shaArg === -1 ? undefined : process.argv[shaArg + 1];
	const holdPullRequestBuild = process.argv.includes('--hold-pr-build');
	if (github) {seedDemoGitHub(github, { stepMs, repos, liveRuns: demo, failedRunSha, holdPullRequestBuild });}
	const hooksArg = process.argv.indexOf('--push-hooks');
	if (github && hooksArg !== -1) {
		for (const { dir, repository } of JSON.parse(process.argv[hooksArg + 1]) as Array<{ dir: string; repository: string }>) {
			// A remote GitHub does not have (the demo's legacy tool) keeps its pushes to itself.
			const [owner, name] = repository.split('/');
			if (github.state.findRepo(owner, name)) {
				installPushHook(dir, { url: github.url, repository });
			}
		}
	}
	// What a user meets when GitHub throttles them: every request answers 403 with retry-after.
	const rateLimited = process.argv.includes('--rate-limited') ? await startGitHubStandIn({ token: DEMO_GITHUB_TOKEN, realTime: true }) : undefined;
	rateLimited?.faults.add({ kind: 'secondaryRateLimit', retryAfterSeconds: 60 }, { times: Infinity });
	const claude = await MessagesStandIn.start();
	claude.respondWith(demoResponder);

	let closing = false;
	const close = async (): Promise<void> => {
		if (closing) {return;}
		closing = true;
		if (github && github.validationErrors.length > 0) {
			// A body that breaks GitHub's OpenAPI description would mislead the extension: say so.
			console.error(`GitHub stand-in sent ${github.validationErrors.length} invalid bodies:\n${JSON.stringify(github.validationErrors.slice(0, 3), null, 2)}`);
			process.exitCode = 1;
		}
		await Promise.all([github?.close(), claude.close(), rateLimited?.close()]);
	};
	process.once('SIGTERM', () => void close());
	process.once('SIGINT', () => void close());
	process.stdin.on('end', () => void close());
	process.stdin.resume();

	const address: StandInsAddress = {
		...(github ? { github: { url: github.url, token: DEMO_GITHUB_TOKEN } } : {}),
		claude: { baseUrl: claude.baseUrl },
		...(rateLimited ? { githubRateLimited: { url: rateLimited.url } } : {}),
	};
	process.stdout.write(`${JSON.stringify(address)}\n`);
}

if (require.main === module) {
	main().catch((err: unknown) => {
		console.error(err);
		process.exit(1);
	});
}
