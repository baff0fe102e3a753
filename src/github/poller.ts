/**
 * Keeps the run cache current without spending the rate limit:
 * - one GraphQL overview per idle interval for every repository and its open pull requests' heads
 *   (1 point per 50 repositories, plus a point when a pull request opened since the last);
 * - every fast interval, conditional REST reads (`If-None-Match`; a 304 is free) of the runs
 *   that have not finished, of the repositories open in a view (`watch`), of runs a dispatch or a
 *   push is expected to start, and of jobs someone read while their run changed;
 * - fast while anything is queued, running, watched, just dispatched or just pushed, idle otherwise; paused
 *   while the window is not focused; slower when a budget runs low; silent while a rate limit
 *   holds; stopped when GitHub rejects the token.
 */
import { Emitter } from '../common/event';
import { Disposable, type IDisposable } from '../common/lifecycle';
import { type Clock, systemClock } from './clock';
import { GitHubError, type GitHubErrorKind, toGitHubError } from './errors';
import type { GitHubClient, GitHubRequestStats } from './octokit';
import { fetchOverview } from './overviewQuery';
import { nextPollDelay } from './pollSchedule';
import { type PendingDispatch, type PendingPush, type PollTarget, readChanges } from './pollReads';
import type { RepoRef } from './restReads';
import type { RunStore } from './runStore';

export type { PollTarget } from './pollReads';

/** Options of a {@link GitHubPoller}. */
export interface PollerOptions {
	/** Between polls while anything is queued, running, watched or just dispatched. Default 5 s. */
	readonly fastIntervalMs?: number;
	/** Between polls otherwise, and between two overviews. Default 60 s. */
	readonly idleIntervalMs?: number;
	/** How long a dispatch or re-run keeps polling fast while its run is not seen yet. Default 60 s. */
	readonly boostMs?: number;
	/** Below this share of a budget, polls spread what is left until the reset. Default 0.1. */
	readonly lowBudgetFraction?: number;
	/** REST reads in flight at once. Default 4. */
	readonly concurrency?: number;
	readonly clock?: Clock;
}

/** What one poll cycle did and cost, for the log, tests and the benchmark. */
export interface PollCycleStats {
	readonly startedAt: number;
	readonly durationMs: number;
	/** Whether the GraphQL overview ran. */
	readonly overview: boolean;
	readonly repositories: number;
	readonly requests: number;
	readonly graphqlRequests: number;
	readonly restRequests: number;
	/** REST answers that were 304 Not Modified (free). */
	readonly notModified: number;
	/** Rate-limit points spent: REST (core) plus GraphQL. */
	readonly points: number;
	readonly restPoints: number;
	readonly graphqlPoints: number;
	/** Runs that appeared or changed status. */
	readonly changedRuns: number;
	readonly error: GitHubErrorKind | undefined;
	/** Delay before the next cycle; undefined when polling stopped (token rejected, disposed, paused). */
	readonly nextDelayMs: number | undefined;
}

/** Clocks of GitHub and of this machine differ; runs this much older still count as the dispatch's. */
const CLOCK_SKEW_MS = 10_000;

/** See the module comment. */
export class GitHubPoller extends Disposable {
	private readonly _onDidCompleteCycle = this._register(new Emitter<PollCycleStats>());
	/** After every cycle, also a failed one. */
	readonly onDidCompleteCycle = this._onDidCompleteCycle.event;
	private readonly _onDidChangeError = this._register(new Emitter<GitHubError | undefined>());
	/** The last cycle's error changed (undefined once a cycle succeeds again). */
	readonly onDidChangeError = this._onDidChangeError.event;

	private readonly clock: Clock;
	private readonly fast: number;
	private readonly idle: number;
	private readonly boostMs: number;
	private readonly lowBudget: number;
	private readonly concurrency: number;
	private readonly abort = new AbortController();
	private timer: IDisposable | undefined;
	private nextAt: number | undefined;
	private running: Promise<void> | undefined;
	private queued: Promise<void> | undefined;
	private queuedForce = false;
	private paused = false;
	private stopped = false;
	private failures = 0;
	private boostUntil = 0;
	private lastOverviewAt: number | undefined;
	private lastCycleAt: number | undefined;
	private _error: GitHubError | undefined;
	private _lastSuccessAt: number | undefined;
	private _lastCycle: PollCycleStats | undefined;
	private readonly watched = new Map<string, number>();
	private readonly pending: PendingDispatch[] = [];
	private readonly pushes: PendingPush[] = [];

	constructor(
		private readonly client: GitHubClient,
		private readonly store: RunStore,
		private readonly targets: () => readonly PollTarget[],
		options: PollerOptions = {},
	) {
		super();
		this.clock = options.clock ?? systemClock;
		this.fast = options.fastIntervalMs ?? 5000;
		this.idle = Math.max(this.fast, options.idleIntervalMs ?? 60_000);
		this.boostMs = options.boostMs ?? 60_000;
		this.lowBudget = options.lowBudgetFraction ?? 0.1;
		this.concurrency = Math.max(1, options.concurrency ?? 4);
		this._register({ dispose: () => this.cancelTimer() });
		// Stops requests in flight; their failures are dropped because the poller is disposed.
		this._register({ dispose: () => this.abort.abort() });
	}

	/** The last cycle's failure, until a cycle succeeds. */
	get error(): GitHubError | undefined {
		return this._error;
	}

	/** When GitHub last answered a whole cycle (clock ms). */
	get lastSuccessAt(): number | undefined {
		return this._lastSuccessAt;
	}

	/** What the last cycle did and cost. */
	get lastCycle(): PollCycleStats | undefined {
		return this._lastCycle;
	}

	/** True between {@link pause} and {@link resume}. */
	get isPaused(): boolean {
		return this.paused;
	}

	/** True while a timer is set: tests assert none is left after `dispose()`. */
	get hasTimer(): boolean {
		return this.timer !== undefined;
	}

	/** When the next cycle is due (clock ms), if one is scheduled. */
	get nextCycleAt(): number | undefined {
		return this.timer ? this.nextAt : undefined;
	}

	/** Starts polling with a cycle as soon as possible. */
	start(): void {
		if (!this.running && !this.timer) {
			this.schedule(0);
		}
	}

	/** Runs a cycle with the overview now (after the one running, if any); never rejects. */
	refresh(): Promise<void> {
		this.stopped = false;
		return this.request(true);
	}

	/** Stops polling until {@link resume}; a cycle running now finishes. */
	pause(): void {
		this.paused = true;
		this.cancelTimer();
	}

	/** Polls again: at once if the last cycle is older than the fast interval. */
	resume(): void {
		if (!this.paused) {
			return;
		}
		this.paused = false;
		if (this.stopped || this.running) {
			return;
		}
		const now = this.clock.now();
		const due = this.lastCycleAt === undefined || now - this.lastCycleAt >= this.fast ? 0 : Math.max(0, (this.nextAt ?? now) - now);
		this.schedule(due);
	}

	/** Polls a repository (a local path or `owner/name`) every fast interval while it is open in a view. */
	watch(pathOrSlug: string): void {
		this.watched.set(pathOrSlug, (this.watched.get(pathOrSlug) ?? 0) + 1);
		this.hurry();
	}

	/** Undoes one {@link watch}. */
	unwatch(pathOrSlug: string): void {
		const count = (this.watched.get(pathOrSlug) ?? 0) - 1;
		if (count > 0) {
			this.watched.set(pathOrSlug, count);
		} else {
			this.watched.delete(pathOrSlug);
		}
	}

	/** Polls fast for a while: something was just dispatched, cancelled or re-run. */
	boost(): void {
		this.boostUntil = this.clock.now() + this.boostMs;
		this.hurry();
	}

	/** Looks for the run a dispatch started, when GitHub did not say which it is. */
	expectDispatch(repo: RepoRef, workflowId: string, ref: string): void {
		const now = this.clock.now();
		this.pending.push({ repo, workflowId, ref, since: now - CLOCK_SKEW_MS, until: now + this.boostMs });
		this.boost();
	}

	/** Looks for the runs a push of `headSha` starts, for a while, polling fast meanwhile. */
	expectPush(repo: RepoRef, headSha: string): void {
		this.pushes.push({ repo, headSha, until: this.clock.now() + this.boostMs });
		this.boost();
	}

	/** The set of repositories changed: poll soon so new ones get their overview. */
	targetsChanged(): void {
		if (this.targets().some((t) => this.store.peek(t.slug)?.overviewAt === undefined)) {
			this.hurry(0);
		}
	}

	/** Brings the next cycle forward to at most `delay` from now. */
	private hurry(delay = this.fast): void {
		if (this.paused || this.stopped || this.running || this.isDisposed) {
			return;
		}
		const now = this.clock.now();
		if (!this.timer || (this.nextAt ?? Infinity) > now + delay) {
			this.schedule(delay);
		}
	}

	private request(force: boolean): Promise<void> {
		if (this.isDisposed) {
			return Promise.resolve();
		}
		if (!this.running) {
			this.cancelTimer();
			this.running = this.cycle(force).finally(() => {
				this.running = undefined;
			});
			return this.running;
		}
		this.queuedForce ||= force;
		this.queued ??= this.running.then(() => {
			this.queued = undefined;
			const again = this.queuedForce;
			this.queuedForce = false;
			return this.request(again);
		});
		return this.queued;
	}

	private schedule(delay: number): void {
		this.cancelTimer();
		if (this.isDisposed) {
			return;
		}
		this.nextAt = this.clock.now() + delay;
		this.timer = this.clock.setTimeout(() => {
			this.timer = undefined;
			void this.request(false);
		}, delay);
	}

	private cancelTimer(): void {
		this.timer?.dispose();
		this.timer = undefined;
	}

	private async cycle(force: boolean): Promise<void> {
		const started = this.clock.now();
		const before: GitHubRequestStats = { ...this.client.stats };
		const targets = this.targets();
		let overview = false;
		let changed = 0;
		let error: GitHubError | undefined;
		const counting = this.store.onDidChangeRun(() => changed++);
		try {
			const hold = this.client.hold;
			if (hold && hold.until.getTime() > started) {
				// Asking now would only be refused again, and could extend a secondary limit.
				error = new GitHubError('rateLimited', hold.message, 429, hold.until);
			} else {
				let fresh = new Set<string>();
				const due = force || this.lastOverviewAt === undefined || started - this.lastOverviewAt >= this.idle || targets.some((t) => this.store.peek(t.slug)?.overviewAt === undefined);
				if (due && targets.length > 0) {
					const signal = this.abort.signal;
					const graphql = ((query: string, variables: Record<string, unknown>) => this.client.octokit.graphql(query, { ...variables, request: { signal } })) as typeof this.client.octokit.graphql;
					// The pull requests the last overview listed: this one reads the runs on their heads.
					const repos = targets.map((t) => ({ owner: t.owner, name: t.name, pullRequests: this.store.peek(t.slug)?.pullRequests }));
					const result = await fetchOverview(graphql, repos);
					fresh = this.store.applyOverview(
						result.repos.map((overview, i) => ({ slug: targets[i].slug, overview })),
						started,
					);
					this.lastOverviewAt = started;
					overview = true;
				}
				await readChanges(
					{ octokit: this.client.octokit, store: this.store, signal: this.abort.signal, concurrency: this.concurrency, now: () => this.clock.now(), watched: [...this.watched.keys()], pending: this.pending, pushes: this.pushes },
					targets,
					fresh,
				);
			}
		} catch (err) {
			error = toGitHubError(err, { action: 'Polling GitHub' });
		} finally {
			counting.dispose();
		}
		if (this.isDisposed) {
			return;
		}
		this.lastCycleAt = started;
		const after = this.client.stats;
		this.finish(error, started, after.requests > before.requests);
		const now = this.clock.now();
		const nextDelayMs =
			this.paused || this.stopped
				? undefined
				: nextPollDelay({
						now,
						fastMs: this.fast,
						idleMs: this.idle,
						active: this.isActive(now),
						lastOverviewAt: this.lastOverviewAt,
						error,
						failures: this.failures,
						hold: this.client.hold,
						lowBudgetFraction: this.lowBudget,
						limits: { core: this.client.rateLimit('core'), graphql: this.client.rateLimit('graphql') },
						spent: { core: after.restPoints - before.restPoints, graphql: after.graphqlPoints - before.graphqlPoints },
					});
		const stats: PollCycleStats = {
			startedAt: started,
			durationMs: this.clock.now() - started,
			overview,
			repositories: targets.length,
			requests: after.requests - before.requests,
			graphqlRequests: after.graphqlRequests - before.graphqlRequests,
			restRequests: after.requests - before.requests - (after.graphqlRequests - before.graphqlRequests),
			notModified: after.notModified - before.notModified,
			points: after.restPoints - before.restPoints + (after.graphqlPoints - before.graphqlPoints),
			restPoints: after.restPoints - before.restPoints,
			graphqlPoints: after.graphqlPoints - before.graphqlPoints,
			changedRuns: changed,
			error: error?.kind,
			nextDelayMs,
		};
		this._lastCycle = stats;
		if (nextDelayMs !== undefined) {
			this.schedule(nextDelayMs);
		}
		this._onDidCompleteCycle.fire(stats);
	}

	/** Records the outcome; a rejected token stops polling, since asking again cannot help. */
	private finish(error: GitHubError | undefined, started: number, asked: boolean): void {
		const previous = this._error;
		if (error) {
			this.failures++;
			this.stopped = error.kind === 'auth';
		} else {
			this.failures = 0;
			// A cycle with nothing to ask (no repositories yet) says nothing about GitHub.
			if (asked) {
				this._lastSuccessAt = started;
			}
		}
		this._error = error;
		if (previous?.message !== error?.message) {
			this._onDidChangeError.fire(error);
		}
	}

	private isActive(now: number): boolean {
		const slugs = this.targets().map((t) => t.slug);
		return now < this.boostUntil || this.watched.size > 0 || this.pending.length > 0 || this.pushes.length > 0 || this.store.unfinished(slugs).length > 0;
	}
}
