/**
 * What polling GitHub costs, against the stand-in's own accounting: requests and rate-limit
 * points per poll cycle for 10, 50 and 200 repositories, idle and with 3 runs in progress, and
 * 200 with 50 in progress (with what an hour of such cycles spends against the hourly limit),
 * and for 50 repositories with open pull requests (whose heads the overview reads too), next to
 * the naive poller (one REST list-runs call per repository per cycle, no ETags). Then
 * how long a run's status change on GitHub takes to reach `onDidChangeRun` with the default
 * 5 s fast interval and a production client, against the goal of fast interval + 1 s.
 */
import { performance } from 'node:perf_hooks';
import { createGitHubClient } from '../src/github/octokit';
import type { PollCycleStats } from '../src/github/poller';
import { GitHubWorkflowsModel } from '../src/github/workflowsModel';
import { type GitHubStandIn, startGitHubStandIn } from '../test/support/github';
import { ManualClock } from '../test/support/manualClock';
import { BenchRow, median, percentile, report } from './stats';

const TOKEN = 'ghp_benchbenchbenchbenchbenchbenchbench00';
const FAST = 5000;
const IDLE = 60_000;
/** Long enough that the three runs stay in progress for the whole measured window. */
const STEP_MS = 60_000;

/**
 * A stand-in with `n` repositories, each with a CI workflow and a finished run, and local clones
 * of them; the first `pullRequests` repositories also have an open pull request with a finished build.
 */
async function world(n: number, pullRequests = 0) {
	const gh = await startGitHubStandIn({ token: TOKEN });
	const repos = Array.from({ length: n }, (_, i) => {
		const repo = gh.addRepo({ owner: 'acme', name: `svc-${i}` });
		const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', name: 'CI', jobs: [{ name: 'build', steps: [{ name: 'a', durationMs: STEP_MS }, { name: 'b', durationMs: STEP_MS }, { name: 'c', durationMs: STEP_MS }] }] });
		gh.addRun(gh.state.repoById(repo.id), { workflow: ci, ageMs: 3_600_000 });
		if (i < pullRequests) {
			gh.addPullRequest(repo, { number: 1, headBranch: 'feature' });
			gh.addRun(repo, { workflow: ci, event: 'pull_request', branch: 'feature', ageMs: 3_600_000 });
		}
		return { repo, ci };
	});
	const local = { repositories: repos.map((_, i) => ({ path: `/w/svc-${i}`, remotes: [{ name: 'origin', fetchUrl: `https://github.com/acme/svc-${i}.git`, pushUrl: null }] })) };
	return { gh, repos, local };
}

const charged = (gh: GitHubStandIn, from: number) => gh.requests.slice(from).reduce((sum, r) => sum + r.charged, 0);

/** Fires the next timer of the manual clock and waits for the cycle it starts. */
function nextCycle(model: GitHubWorkflowsModel, clock: ManualClock): Promise<PollCycleStats> {
	return new Promise((resolve, reject) => {
		const listener = model.poller!.onDidCompleteCycle((stats) => {
			listener.dispose();
			resolve(stats);
		});
		if (!clock.fireNext()) {
			reject(new Error('no cycle scheduled'));
		}
	});
}

/** Checks our request counting against the stand-in's accounting; a mismatch fails the bench. */
function agree(gh: GitHubStandIn, from: number, stats: readonly PollCycleStats[]): void {
	const ours = stats.reduce((sum, s) => sum + s.points, 0);
	const theirs = charged(gh, from);
	if (ours !== theirs || stats.reduce((sum, s) => sum + s.requests, 0) !== gh.requests.length - from) {
		throw new Error(`poller counted ${ours} points, the stand-in charged ${theirs}`);
	}
}

/** The naive poller: every repository's run list, every cycle, without conditional requests. */
async function naiveCycle(gh: GitHubStandIn, n: number): Promise<{ requests: number; points: number }> {
	const from = gh.requests.length;
	await Promise.all(Array.from({ length: n }, (_, i) => fetch(`${gh.url}/repos/acme/svc-${i}/actions/runs?per_page=20`, { headers: { authorization: `token ${TOKEN}`, 'user-agent': 'naive' } }).then((r) => r.arrayBuffer())));
	return { requests: gh.requests.length - from, points: charged(gh, from) };
}

/** Five idle cycles, checked against the stand-in's own request log. */
async function idleCycles(gh: GitHubStandIn, model: GitHubWorkflowsModel, clock: ManualClock): Promise<PollCycleStats[]> {
	const from = gh.requests.length;
	const idle: PollCycleStats[] = [];
	for (let i = 0; i < 5; i++) {
		gh.advance(IDLE);
		idle.push(await nextCycle(model, clock));
	}
	agree(gh, from, idle);
	return idle;
}

/** Idle cycles of `n` repositories with `pullRequests` open pull requests, and the cycle after one more opens. */
async function pullRequestCosts(n: number, pullRequests: number): Promise<BenchRow[]> {
	const { gh, repos, local } = await world(n, pullRequests);
	const clock = new ManualClock();
	const client = await createGitHubClient({ token: TOKEN, baseUrl: gh.url, writeSpacingMs: 0 });
	const model = new GitHubWorkflowsModel({ repos: local, createClient: async () => client, poll: { clock, fastIntervalMs: FAST, idleIntervalMs: IDLE } });
	try {
		await model.refresh();
		const idle = await idleCycles(gh, model, clock);
		// A pull request the last overview did not list: its head is read in a second call.
		const { repo, ci } = repos[n - 1];
		gh.addPullRequest(repo, { number: 2, headBranch: 'fix' });
		gh.addRun(repo, { workflow: ci, event: 'pull_request', branch: 'fix', queuedMs: 0 });
		gh.advance(IDLE);
		const from = gh.requests.length;
		const opened = await nextCycle(model, clock);
		agree(gh, from, [opened]);
		const label = `${n} repos, ${pullRequests} open PRs`;
		return [
			{ name: `poll cycle, ${label}, idle: rate-limit points`, unit: 'pts', median: median(idle.map((s) => s.points)), p99: null, baseline: 1, baselineLabel: 'goal ≤' },
			{ name: `poll cycle, ${label}, a PR just opened: points`, unit: 'pts', median: opened.points, p99: null, baseline: null, baselineLabel: `${opened.graphqlRequests} GraphQL calls` },
		];
	} finally {
		model.dispose();
		client.dispose();
		await gh.close();
	}
}

/** GitHub's primary rate limit for a user token, points per hour (REST and GraphQL alike). */
const RATE_LIMIT_PER_HOUR = 5000;

async function costs(n: number, running = 3): Promise<BenchRow[]> {
	const { gh, repos, local } = await world(n);
	const clock = new ManualClock();
	const client = await createGitHubClient({ token: TOKEN, baseUrl: gh.url, writeSpacingMs: 0 });
	const model = new GitHubWorkflowsModel({ repos: local, createClient: async () => client, poll: { clock, fastIntervalMs: FAST, idleIntervalMs: IDLE } });
	try {
		await model.refresh();
		const naive = await naiveCycle(gh, n);

		const idle = await idleCycles(gh, model, clock);

		for (const { repo, ci } of repos.slice(0, running)) {
			gh.addRun(repo, { workflow: ci, queuedMs: 0 });
		}
		await model.refresh();
		const from = gh.requests.length;
		const active: PollCycleStats[] = [];
		// Two minutes of fast cycles while the three runs step through their jobs.
		for (let i = 0; i < (2 * 60_000) / FAST; i++) {
			gh.advance(FAST);
			active.push(await nextCycle(model, clock));
		}
		agree(gh, from, active);
		const mean = (stats: readonly PollCycleStats[], key: 'requests' | 'points') => stats.reduce((sum, s) => sum + s[key], 0) / stats.length;
		const perHour = (mean(active, 'points') * 3_600_000) / FAST;
		if (running !== 3) {
			// The heavy case: what an hour of fast cycles would spend, against the hourly limit.
			return [
				{ name: `poll cycle, ${n} repos, ${running} running (mean of ${active.length}): requests`, unit: 'req', median: mean(active, 'requests'), p99: null, baseline: naive.requests, baselineLabel: 'naive REST' },
				{ name: `poll cycle, ${n} repos, ${running} running (mean of ${active.length}): points`, unit: 'pts', median: mean(active, 'points'), p99: null, baseline: naive.points, baselineLabel: 'naive REST' },
				{ name: `an hour of fast cycles, ${n} repos, ${running} running: points`, unit: 'pts', median: perHour, p99: null, baseline: RATE_LIMIT_PER_HOUR, baselineLabel: 'rate limit/h' },
			];
		}
		return [
			{ name: `poll cycle, ${n} repos, idle: requests`, unit: 'req', median: median(idle.map((s) => s.requests)), p99: null, baseline: naive.requests, baselineLabel: 'naive REST' },
			{ name: `poll cycle, ${n} repos, idle: rate-limit points`, unit: 'pts', median: median(idle.map((s) => s.points)), p99: null, baseline: naive.points, baselineLabel: 'naive REST' },
			{ name: `poll cycle, ${n} repos, 3 running (mean of ${active.length}): requests`, unit: 'req', median: mean(active, 'requests'), p99: null, baseline: naive.requests, baselineLabel: 'naive REST' },
			{ name: `poll cycle, ${n} repos, 3 running (mean of ${active.length}): points`, unit: 'pts', median: mean(active, 'points'), p99: null, baseline: naive.points, baselineLabel: 'naive REST' },
		];
	} finally {
		model.dispose();
		client.dispose();
		await gh.close();
	}
}

/** Real timers and a production client: status change on GitHub → `onDidChangeRun`. */
async function latency(samples: number): Promise<BenchRow> {
	const { gh, repos, local } = await world(10);
	const model = new GitHubWorkflowsModel({ repos: local, createClient: () => createGitHubClient({ token: TOKEN, baseUrl: gh.url }), poll: { fastIntervalMs: FAST, idleIntervalMs: IDLE } });
	const measured: number[] = [];
	try {
		await model.refresh();
		for (let i = 0; i < samples; i++) {
			const { repo, ci } = repos[i % repos.length];
			const run = gh.addRun(repo, { workflow: ci, queuedMs: 0 });
			gh.advance(1000);
			await model.refresh();
			// Land the change at a random point of the poll cycle.
			await new Promise((resolve) => setTimeout(resolve, Math.random() * FAST));
			const seen = new Promise<number>((resolve) => {
				const listener = model.onDidChangeRun((r) => {
					if (r.id === String(run.id) && r.status === 'COMPLETED') {
						listener.dispose();
						resolve(performance.now());
					}
				});
			});
			gh.advance(3 * STEP_MS);
			const changedAt = performance.now();
			measured.push((await seen) - changedAt);
		}
	} finally {
		model.dispose();
		await gh.close();
	}
	return { name: `run status change → onDidChangeRun (fast ${FAST / 1000} s, ${samples} runs)`, unit: 'ms', median: median(measured), p99: percentile(measured, 99), baseline: FAST + 1000, baselineLabel: 'goal ≤' };
}

async function main(): Promise<void> {
	const rows: BenchRow[] = [];
	for (const n of [10, 50, 200]) {
		rows.push(...(await costs(n)));
	}
	rows.push(...(await costs(200, 50)));
	for (const pullRequests of [10, 49]) {
		rows.push(...(await pullRequestCosts(50, pullRequests)));
	}
	rows.push(await latency(6));
	report(rows);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
