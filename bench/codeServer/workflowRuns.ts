/**
 * GitHub for the Workflows view measurement: the stand-in in this process, on a clock only the
 * bench moves, serving one repository per benchmark repository that gets an `upstream` remote
 * naming it. {@link WorkflowRuns.scheduleRuns} adds one run per repository, scripted so that each
 * {@link WorkflowRuns.advance} changes the status of exactly one run: the first run starts, then
 * finishes, then the second starts… So the instant of each change on the server is the instant
 * the bench advances the clock.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { type GitHubStandIn, type RepoHandle, type WorkflowHandle, startGitHubStandIn } from '../../test/support/github';

/** The GitHub owner of the benchmark's repositories on the stand-in. */
const OWNER = 'bench';
/** Accepted by the stand-in only; it grants nothing anywhere else. */
const TOKEN = 'ghp_benchStandInToken00000000000000000000';
/** Stand-in time between two status changes. The clock stands still in between. */
const STEP_MS = 60_000;
const CI_YAML = 'name: CI\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';

/** One scripted status change: the Workflows row `label` goes from one icon to another. */
export interface RunChange {
	/** Text of the run's row under "Recent runs", e.g. `repo-003 · CI #1`. */
	readonly label: string;
	/** Icon class before and after the change (`codicon-clock`, `codicon-sync`, `codicon-pass`). */
	readonly from: string;
	readonly to: string;
}

/** See the module comment. Always {@link close} it: it removes the remotes it added. */
export class WorkflowRuns {
	private readonly workflows = new Map<string, { repo: RepoHandle; workflow: WorkflowHandle }>();

	private constructor(
		private readonly gh: GitHubStandIn,
		private readonly repos: readonly string[],
		private readonly gitEnv: NodeJS.ProcessEnv,
	) {
		for (const repo of repos) {
			const handle = gh.addRepo({ owner: OWNER, name: path.basename(repo) });
			this.workflows.set(repo, { repo: handle, workflow: gh.addWorkflow(handle, { path: '.github/workflows/ci.yml', name: 'CI', yaml: CI_YAML }) });
		}
	}

	/** Starts the stand-in and gives each of `repos` an `upstream` remote on github.com that maps to it. */
	static async start(repos: readonly string[], gitEnv: NodeJS.ProcessEnv): Promise<WorkflowRuns> {
		const gh = await startGitHubStandIn({ token: TOKEN });
		const world = new WorkflowRuns(gh, repos, gitEnv);
		world.removeRemotes();
		for (const repo of repos) {
			const r = spawnSync('git', ['-C', repo, 'remote', 'add', 'upstream', `https://github.com/${OWNER}/${path.basename(repo)}.git`], { env: gitEnv, stdio: 'ignore' });
			if (r.status !== 0) {
				await world.close();
				throw new Error(`could not add an upstream remote to ${repo}`);
			}
		}
		return world;
	}

	/** What code-server needs to reach the stand-in, as test/support/standInsProcess.mjs passes it. */
	get env(): Record<string, string> {
		// code-server keeps GITHUB_TOKEN for its own sign-in and hides it from extensions.
		return { META_GOTHIC_GITHUB_TOKEN: TOKEN, GITHUB_TOKEN: TOKEN, META_GOTHIC_GITHUB_API_URL: this.gh.url };
	}

	/** Bodies the stand-in sent that break GitHub's OpenAPI description (none expected). */
	get validationErrors(): number {
		return this.gh.validationErrors.length;
	}

	/**
	 * Adds one run per repository, queued; run i starts at the (2i+1)-th {@link advance} and
	 * finishes (green) at the (2i+2)-th. Returns the changes in order.
	 */
	scheduleRuns(): RunChange[] {
		const changes: RunChange[] = [];
		for (const [i, repo] of this.repos.entries()) {
			const { repo: handle, workflow } = this.workflows.get(repo) as { repo: RepoHandle; workflow: WorkflowHandle };
			const run = this.gh.addRun(handle, { workflow, queuedMs: (2 * i + 1) * STEP_MS, jobs: [{ name: 'build', steps: [{ name: 'Run tests', durationMs: STEP_MS }] }] });
			const label = `${path.basename(repo)} · CI #${run.runNumber}`;
			changes.push({ label, from: 'codicon-clock', to: 'codicon-sync' }, { label, from: 'codicon-sync', to: 'codicon-pass' });
		}
		return changes;
	}

	/** Moves the stand-in's clock to the next change. */
	advance(): void {
		this.gh.advance(STEP_MS);
	}

	/** Stops the stand-in and removes the remotes. */
	async close(): Promise<void> {
		this.removeRemotes();
		await this.gh.close();
	}

	private removeRemotes(): void {
		for (const repo of this.repos) {
			spawnSync('git', ['-C', repo, 'remote', 'remove', 'upstream'], { env: this.gitEnv, stdio: 'ignore' });
		}
	}
}
