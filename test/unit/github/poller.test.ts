import { strict as assert } from 'node:assert';
import { type PollCycleStats, type PollTarget, GitHubPoller } from '../../../src/github/poller';
import { RunStore } from '../../../src/github/runStore';
import type { GitHubStandIn, RepoHandle } from '../../support/github';
import { ManualClock } from '../../support/manualClock';
import { type TestClient, clientFor, standIn } from './helpers';

const FAST = 5000;
const IDLE = 60_000;
const LONG_JOB = [{ name: 'build', steps: [{ name: 'compile', durationMs: 600_000 }] }];

describe('GitHubPoller against the stand-in', () => {
	let gh: GitHubStandIn;
	let client: TestClient;
	let clock: ManualClock;
	let store: RunStore;
	let targets: PollTarget[];
	let poller: GitHubPoller;

	/** Repositories `acme/svc-0…` with one completed CI run each. */
	const addRepos = (n: number): RepoHandle[] =>
		Array.from({ length: n }, (_, i) => {
			const repo = gh.addRepo({ owner: 'acme', name: `svc-${i}` });
			gh.addRun(repo, { workflow: gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', name: 'CI' }), ageMs: 3_600_000 });
			targets.push({ slug: `acme/svc-${i}`, owner: 'acme', name: `svc-${i}`, paths: [`/w/svc-${i}`] });
			return repo;
		});

	/** Charged points and requests the stand-in logged since `from`. */
	const spentSince = (from: number) => ({ points: gh.requests.slice(from).reduce((sum, r) => sum + r.charged, 0), requests: gh.requests.length - from });

	/** Lets the clock reach the next timer and waits for the cycle it starts. */
	const nextCycle = async (): Promise<PollCycleStats> => {
		const done = new Promise<PollCycleStats>((resolve) => {
			const listener = poller.onDidCompleteCycle((stats) => {
				listener.dispose();
				resolve(stats);
			});
		});
		assert.ok(clock.fireNext(), 'a cycle is scheduled');
		return done;
	};

	const delay = () => (poller.nextCycleAt ?? NaN) - clock.now();

	beforeEach(async () => {
		gh = await standIn();
		client = await clientFor(gh);
		clock = new ManualClock();
		store = new RunStore();
		targets = [];
		poller = new GitHubPoller(client, store, () => targets, { clock, fastIntervalMs: FAST, idleIntervalMs: IDLE });
	});

	afterEach(async () => {
		poller.dispose();
		assert.equal(clock.pending, 0, 'no timer outlives the poller');
		client.dispose();
		await gh.close();
		gh.assertNoValidationErrors();
	});

	it('costs one GraphQL call and at most 1 point per idle cycle for 50 repositories', async () => {
		addRepos(50);
		await poller.refresh();
		assert.equal(delay(), IDLE, 'nothing runs: the idle interval');
		const from = gh.requests.length;
		const stats = await nextCycle();
		assert.deepEqual(spentSince(from), { points: 1, requests: 1 });
		assert.deepEqual([stats.overview, stats.requests, stats.graphqlRequests, stats.points, stats.restRequests], [true, 1, 1, 1, 0]);
		assert.equal(store.latest('acme/svc-49')?.conclusion, 'SUCCESS');
	});

	it('splits the overview past 50 repositories', async () => {
		addRepos(120);
		const from = gh.requests.length;
		await poller.refresh();
		assert.deepEqual(spentSince(from), { points: 3, requests: 3 });
		assert.equal(poller.lastCycle?.graphqlPoints, 3);
	});

	it('polls fast while a run is in progress: conditional REST reads, free while nothing changed', async () => {
		const [repo] = addRepos(2);
		const run = gh.addRun(repo, { workflow: '.github/workflows/ci.yml', queuedMs: 0, jobs: LONG_JOB });
		gh.advance(1000);
		const seen: string[] = [];
		store.onDidChangeRun((r) => seen.push(`${r.id} ${r.status} ${r.conclusion}`));
		await poller.refresh();
		assert.equal(store.run(String(run.id))?.status, 'IN_PROGRESS');
		assert.equal(delay(), FAST);

		let from = gh.requests.length;
		const first = await nextCycle();
		assert.deepEqual([first.overview, first.restRequests, first.graphqlRequests], [false, 1, 0], 'no overview between idle intervals');
		assert.equal(gh.requests[from].path, `/repos/acme/svc-0/actions/runs/${run.id}`);
		from = gh.requests.length;
		const second = await nextCycle();
		assert.deepEqual([second.notModified, second.points], [1, 0], 'a 304 costs nothing');
		assert.deepEqual(spentSince(from), { points: 0, requests: 1 });
		assert.equal(gh.requests[from].status, 304);

		gh.advance(600_000);
		const done = await nextCycle();
		assert.equal(done.changedRuns, 1);
		assert.equal(seen.at(-1), `${run.id} COMPLETED SUCCESS`);
		assert.equal(delay(), IDLE - 3 * FAST, 'idle again: the next overview is due one idle interval after the last');
	});

	it('reads what is watched every fast interval, and stops when it is unwatched', async () => {
		addRepos(1);
		await poller.refresh();
		poller.watch('/w/svc-0');
		assert.equal(delay(), FAST);
		const from = gh.requests.length;
		await nextCycle();
		await nextCycle();
		assert.deepEqual(
			gh.requests.slice(from).map((r) => [r.path, r.status]),
			[
				['/repos/acme/svc-0/actions/runs', 200],
				['/repos/acme/svc-0/actions/runs', 304],
			],
		);
		assert.equal(store.list('acme/svc-0', null, 10, clock.now(), IDLE)?.length, 1);
		poller.unwatch('/w/svc-0');
		await nextCycle();
		assert.ok(delay() > FAST);
	});

	it('sees a pull request build on another branch without a watch, follows it to the end, and leaves latest() to the default branch', async () => {
		const [repo] = addRepos(50);
		const pr = gh.addPullRequest(repo, { number: 12, headBranch: 'feature/login', title: 'Login form' });
		const build = gh.addRun(repo, { workflow: '.github/workflows/ci.yml', event: 'pull_request', branch: pr.headBranch, queuedMs: 0, jobs: LONG_JOB });
		gh.advance(1000);
		const seen: string[] = [];
		store.onDidChangeRun((r) => seen.push(`${r.id} ${r.branch} ${r.status} ${r.conclusion}`));
		let from = gh.requests.length;
		await poller.refresh();
		assert.deepEqual(spentSince(from), { points: 2, requests: 2 }, 'the overview lists the new pull request; one more call reads its head');
		assert.deepEqual(seen.filter((s) => s.startsWith(String(build.id))), [`${build.id} feature/login IN_PROGRESS null`]);
		assert.equal(store.recent(targets.map((t) => t.slug), 1)[0]?.id, String(build.id), 'Recent runs show it');
		assert.equal(store.latest('acme/svc-0')?.branch, 'main', 'latest() stays on the default branch');
		assert.equal(delay(), FAST, 'a run is in progress: fast polling');

		from = gh.requests.length;
		await nextCycle();
		assert.deepEqual(gh.requests.slice(from).map((r) => r.path), [`/repos/acme/svc-0/actions/runs/${build.id}`], 'followed by a conditional REST read, like any unfinished run');
		gh.advance(600_000);
		const done = await nextCycle();
		assert.equal(done.changedRuns, 1);
		assert.equal(seen.at(-1), `${build.id} feature/login COMPLETED SUCCESS`);
		assert.equal(poller.lastCycle?.error, undefined);

		// From now on the head is read with the overview: 50 repositories and one head, 1 point.
		assert.equal(delay(), IDLE - 2 * FAST, 'idle again until the next overview');
		gh.advance(IDLE);
		from = gh.requests.length;
		const idle = await nextCycle();
		assert.deepEqual([idle.overview, idle.graphqlRequests, idle.points], [true, 1, 1]);
		assert.deepEqual(spentSince(from), { points: 1, requests: 1 });
	});

	it('does not poll the runs of a closed pull request', async () => {
		const [repo] = addRepos(1);
		gh.addPullRequest(repo, { number: 3, headBranch: 'spike' });
		gh.closePullRequest(repo, 3);
		const orphan = gh.addRun(repo, { workflow: '.github/workflows/ci.yml', event: 'pull_request', branch: 'spike', queuedMs: 0, jobs: LONG_JOB });
		gh.addPullRequest(repo, { number: 4, headBranch: 'open' });
		const open = gh.addRun(repo, { workflow: '.github/workflows/ci.yml', event: 'pull_request', branch: 'open', ageMs: 60_000 });
		gh.advance(1000);
		const from = gh.requests.length;
		await poller.refresh();
		assert.equal(store.run(String(orphan.id)), undefined);
		assert.equal(store.run(String(open.id))?.conclusion, 'SUCCESS');
		assert.ok(!gh.requests.slice(from).some((r) => r.path.includes(String(orphan.id))));

		gh.closePullRequest(repo, 4);
		const late = gh.addRun(repo, { workflow: '.github/workflows/ci.yml', event: 'pull_request', branch: 'open', headSha: 'c'.repeat(40), queuedMs: 0 });
		await poller.refresh();
		assert.equal(store.run(String(late.id)), undefined, 'closed since the last overview: its new build is not read');
		assert.deepEqual(store.peek('acme/svc-0')?.pullRequests, []);
	});

	it('finds the run of a dispatch GitHub did not name, then stops looking', async () => {
		const [repo] = addRepos(1);
		await poller.refresh();
		const response = await client.octokit.rest.actions.createWorkflowDispatch({ owner: 'acme', repo: 'svc-0', workflow_id: 'ci.yml', ref: 'main' });
		assert.equal(response.status, 204, 'no run details, as older GitHub Enterprise servers answer');
		const workflowId = String(gh.state.repoById(repo.id).workflows[0].id);
		poller.expectDispatch(targets[0], workflowId, 'main');
		assert.equal(delay(), FAST);
		const found = await nextCycle();
		assert.equal(found.changedRuns, 1);
		const [run] = store.recent(['acme/svc-0'], 1);
		assert.deepEqual([run.event, run.status], ['workflow_dispatch', 'QUEUED']);
		const from = gh.requests.length;
		await nextCycle();
		assert.deepEqual(
			gh.requests.slice(from).map((r) => r.path),
			[`/repos/acme/svc-0/actions/runs/${run.id}`],
			'the run is followed like any other; the workflow is not listed again',
		);
	});

	it('finds the runs a push started on its commit before the next overview, then stops looking', async () => {
		const [repo] = addRepos(2);
		await poller.refresh();
		const sha = 'd'.repeat(40);
		// What GitHub does on the push: the default workflow runs on every push.
		const [started] = gh.state.push(repo, 'main', sha);
		assert.ok(started, 'the stand-in started a push run');
		const from = gh.requests.length;
		poller.expectPush(targets[0], sha);
		assert.equal(delay(), FAST);
		const found = await nextCycle();
		assert.equal(found.changedRuns, 1);
		assert.deepEqual(
			gh.requests.slice(from).map((r) => [r.path, new URLSearchParams(r.query).get('head_sha')]),
			[['/repos/acme/svc-0/actions/runs', sha]],
			'one list by commit, no overview of every repository',
		);
		const [run] = store.recent(['acme/svc-0'], 1);
		assert.deepEqual([run.id, run.headSha, run.event], [String(started.id), sha, 'push']);
		const next = gh.requests.length;
		await nextCycle();
		assert.ok(!gh.requests.slice(next).some((r) => r.query.includes('head_sha')), 'found: not listed again');
	});

	it('keeps going when one watched repository is gone from GitHub', async () => {
		addRepos(1);
		targets.push({ slug: 'acme/gone', owner: 'acme', name: 'gone', paths: ['/w/gone'] });
		await poller.refresh();
		assert.deepEqual([store.peek('acme/gone')?.found, store.peek('acme/gone')?.error], [false, "Could not resolve to a Repository with the name 'acme/gone'."]);
		poller.watch('/w/gone');
		poller.watch('acme/svc-0');
		const stats = await nextCycle();
		assert.equal(stats.error, undefined);
		assert.equal(poller.error, undefined);
		assert.deepEqual(gh.requests.slice(-2).map((r) => r.status).sort(), [200, 404]);
	});

	it('pauses without a timer and resumes at once when a cycle is overdue', async () => {
		addRepos(1);
		await poller.refresh();
		poller.pause();
		assert.equal(clock.pending, 0);
		assert.equal(poller.hasTimer, false);
		clock.advance(10 * IDLE);
		assert.equal(poller.lastCycle?.startedAt, clock.now() - 10 * IDLE, 'nothing ran while paused');
		poller.resume();
		assert.equal(delay(), 0);
		const stats = await nextCycle();
		assert.equal(stats.overview, true);
	});

	it('spreads what is left of a low budget until the reset', async () => {
		addRepos(1);
		gh.rateLimits.set('graphql', { remaining: 11, resetInMs: 30 * 60_000 });
		await poller.refresh();
		const remaining = client.rateLimit('graphql')?.remaining;
		assert.equal(remaining, 10);
		const window = (client.rateLimit('graphql')?.resetAt.getTime() ?? 0) - clock.now();
		assert.ok(Math.abs(delay() - window / 10) < 2000, `${delay()} ≈ ${window / 10}`);
		assert.ok(delay() > IDLE);
	});

	it('honours a secondary rate limit: bounded retries, then no request until it lifts', async () => {
		addRepos(1);
		const fault = gh.faults.add({ kind: 'secondaryRateLimit', retryAfterSeconds: 120 }, { times: Infinity, match: { path: '/graphql' } });
		await poller.refresh();
		assert.equal(fault.hits, 3, 'one call and two retries');
		assert.equal(poller.error?.kind, 'rateLimited');
		assert.match(client.hold?.message ?? '', /^rate limited until \d\d:\d\d$/);
		assert.ok(delay() >= 120_000 && delay() <= 125_000, String(delay()));
		fault.remove();
		const from = gh.requests.length;
		clock.advance(60_000);
		assert.equal(gh.requests.length, from, 'nothing is asked while the limit holds');
		// The hold is on the wall clock: the manual clock passes it at the next timer.
		clock.advance(delay() - 1);
		const stats = await nextCycle();
		assert.equal(stats.error, undefined);
		assert.equal(poller.error, undefined);
		assert.equal(client.hold, undefined);
	});

	it('backs off from server errors and comes back', async () => {
		addRepos(1);
		const fault = gh.faults.add({ kind: 'status', status: 502 }, { times: Infinity });
		await poller.refresh();
		assert.equal(fault.hits, 4, 'one call and three retries');
		assert.equal(poller.error?.kind, 'server');
		assert.equal(delay(), FAST);
		await nextCycle();
		assert.equal(delay(), 2 * FAST);
		await nextCycle();
		assert.equal(delay(), 4 * FAST);
		fault.remove();
		await nextCycle();
		assert.equal(poller.error, undefined);
		assert.equal(delay(), IDLE);
	});

	it('stops at a rejected token instead of asking again', async () => {
		addRepos(1);
		const wrong = await clientFor(gh, { token: 'ghp_wrongwrongwrongwrongwrongwrongwrong' });
		const rejected = new GitHubPoller(wrong, store, () => targets, { clock, fastIntervalMs: FAST, idleIntervalMs: IDLE });
		try {
			await rejected.refresh();
			assert.equal(rejected.error?.kind, 'auth');
			assert.equal(rejected.hasTimer, false);
			assert.equal(gh.requests.length, 1);
		} finally {
			rejected.dispose();
			wrong.dispose();
		}
	});

	it('leaves no timer behind and drops the request in flight on dispose', async () => {
		addRepos(1);
		gh.faults.add({ kind: 'latency', ms: 300 });
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			const cycle = poller.refresh();
			poller.watch('/w/svc-0');
			poller.dispose();
			await cycle;
			assert.equal(poller.hasTimer, false);
			assert.equal(clock.pending, 0);
			await new Promise((resolve) => setTimeout(resolve, 350));
			assert.deepEqual(unhandled, []);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});
});
