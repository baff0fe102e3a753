/**
 * GitHub as the demo meta-repository sees it: one GitHub repository per repository of
 * `createMetaRepo` (owner `acme`), each with a CI workflow that can be dispatched with a boolean
 * and a choice input, and a history of runs — green, red (with a flaky step that passes on a
 * re-run) and one still in progress. Used by `npm run demo` and the UI tier.
 */
import type { GitHubStandIn } from './server';
import type { JobScript, RepoHandle, WorkflowHandle } from './types';

/** The GitHub owner the demo repositories belong to. */
export const DEMO_OWNER = 'acme';

/** GitHub repository names of `createMetaRepo`'s repositories (`tools/legacy` is never checked out). */
export const DEMO_REPO_NAMES: readonly string[] = ['meta', 'core', 'ui', 'api', 'auth', 'crypto'];

/** The `upstream` remote URL a local repository named `name` gets, so it maps to the stand-in's repository. */
export function demoRemoteUrl(name: string): string {
	return `https://github.com/${DEMO_OWNER}/${name}.git`;
}

/** The CI workflow every demo repository has, with `workflow_dispatch` inputs (a boolean and a choice). */
export const CI_WORKFLOW_YAML = `name: CI
on:
  push:
    branches: [main, 'fix/**']
  pull_request:
  workflow_dispatch:
    inputs:
      debug:
        description: Print verbose test output
        type: boolean
        default: false
      target:
        description: Where the build is deployed
        type: choice
        options: [staging, production]
        default: staging
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm run lint
`;

const NIGHTLY_YAML = `name: Nightly
on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - run: npm audit
`;

/** Jobs of a CI run; `flaky` makes the test step fail first and pass when re-run. */
const DAY_MS = 24 * 60 * 60 * 1000;

function ciJobs(stepMs: number, flaky = false): JobScript[] {
	return [
		{
			name: 'build',
			steps: [
				{ name: 'Set up job', durationMs: stepMs / 2, log: ['Runner: ubuntu-latest'] },
				{ name: 'Install dependencies', durationMs: stepMs, log: ['npm ci', 'added 312 packages in 4s'] },
				{
					name: 'Run tests',
					durationMs: stepMs * 2,
					outcome: flaky ? 'failure' : 'success',
					retryOutcome: 'success',
					log: flaky ? ['npm test', '  ✓ 41 passing', '  1) timeout in "connects to the cache"'] : ['npm test', '  ✓ 42 passing'],
				},
			],
		},
		{ name: 'lint', steps: [{ name: 'Run lint', durationMs: stepMs, log: ['npm run lint', 'no problems'] }] },
	];
}

/** Options of {@link seedDemoGitHub}. */
export interface DemoWorldOptions {
	/** Repository names, the parent first. Default {@link DEMO_REPO_NAMES}. */
	readonly repos?: readonly string[];
	/** Length of one step of a new run, in stand-in ms. Default 2000, so a dispatched run takes ≈ 10 s. */
	readonly stepMs?: number;
	/**
	 * Also start runs that finish over the next minutes, as a person opening the demo meets them:
	 * the fifth repository's build turns green after ≈ 1.5 min, the eighth's fails its tests after
	 * ≈ 2 min. Default false (the tests that count runs know only the history above).
	 */
	readonly liveRuns?: boolean;
	/**
	 * The commit of the second repository's failed run (and so of its default branch). A commit
	 * the local checkout has lets Fix with Claude check it out; default a made-up one.
	 */
	readonly failedRunSha?: string;
	/**
	 * Keep the third repository's pull request build running until it is cancelled (a day per
	 * step) instead of finishing after ≈ 6 min of stand-in time: a suite that meets it running on a
	 * slow machine must not depend on how long the earlier suites took. Default false.
	 */
	readonly holdPullRequestBuild?: boolean;
}

/** What {@link seedDemoGitHub} created, by repository name. */
export interface DemoWorld {
	readonly repos: ReadonlyMap<string, RepoHandle>;
	readonly ci: ReadonlyMap<string, WorkflowHandle>;
}

/**
 * Seeds `gh` with the demo repositories, workflows and run history: every repository has two
 * green CI runs from hours ago; the parent also has a nightly workflow; the second repository's
 * latest run failed in a flaky step (a re-run of the failed job passes); the third has an open
 * pull request from `feature/login` whose build is in progress.
 */
export function seedDemoGitHub(gh: GitHubStandIn, options: DemoWorldOptions = {}): DemoWorld {
	const names = options.repos ?? DEMO_REPO_NAMES;
	const stepMs = options.stepMs ?? 2000;
	const hour = 3_600_000;
	const repos = new Map<string, RepoHandle>();
	const ci = new Map<string, WorkflowHandle>();
	for (const name of names) {
		const repo = gh.addRepo({ owner: DEMO_OWNER, name, branches: ['feature/login'] });
		const workflow = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', yaml: CI_WORKFLOW_YAML, jobs: ciJobs(stepMs) });
		repos.set(name, repo);
		ci.set(name, workflow);
		// History: runs that finished hours ago, oldest first.
		gh.addRun(repo, { workflow, ageMs: 26 * hour, jobs: ciJobs(1000) });
		gh.addRun(repo, { workflow, ageMs: 5 * hour, jobs: ciJobs(1000), actor: 'octocat' });
	}
	const [parent, second, third] = names.map((n) => ({ repo: repos.get(n), workflow: ci.get(n) }));
	if (parent?.repo) {
		const nightly = gh.addWorkflow(parent.repo, { path: '.github/workflows/nightly.yml', yaml: NIGHTLY_YAML, jobs: [{ name: 'audit' }] });
		gh.addRun(parent.repo, { workflow: nightly, event: 'schedule', ageMs: 20 * hour });
	}
	if (second?.repo && second.workflow) {
		gh.addRun(second.repo, { workflow: second.workflow, ageMs: hour, jobs: ciJobs(1000, true), displayTitle: 'Retry the cache connection', ...(options.failedRunSha ? { headSha: options.failedRunSha } : {}) });
	}
	if (third?.repo && third.workflow) {
		gh.addPullRequest(third.repo, { number: 1, headBranch: 'feature/login', title: 'Add the login form' });
		gh.addRun(third.repo, { workflow: third.workflow, event: 'pull_request', branch: 'feature/login', jobs: ciJobs(options.holdPullRequestBuild ? DAY_MS : stepMs * 60), queuedMs: 500 });
	}
	if (options.liveRuns) {
		for (const [index, flaky, stepsOf] of [[4, false, 10], [7, true, 12]] as const) {
			const name = names[index];
			const repo = name === undefined ? undefined : repos.get(name);
			const workflow = name === undefined ? undefined : ci.get(name);
			if (repo && workflow) {gh.addRun(repo, { workflow, jobs: ciJobs(stepMs * stepsOf, flaky), queuedMs: 1000, displayTitle: flaky ? 'Shorten the refund window' : 'Rotate the session keys' });}
		}
	}
	return { repos, ci };
}
