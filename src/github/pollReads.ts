/**
 * The REST part of a poll cycle: conditional reads (`If-None-Match`, so an unchanged answer is a
 * free 304) of what can change between two overviews — unfinished runs, the run lists of
 * repositories open in a view, runs a dispatch or a push should have started, and jobs someone read.
 */
import { GitHubError, type GitHubErrorKind } from './errors';
import type { GitHubOctokit } from './octokit';
import { type CachedRun, type ListRunsOptions, type RepoRef, fetchJobs, fetchRun, fetchRuns } from './restReads';
import type { RunStore } from './runStore';

/** A repository to poll, with the local paths that map to it. */
export interface PollTarget extends RepoRef {
	readonly paths: readonly string[];
}

/** Something a write or a push made whose runs are looked for until they show or it expires. */
export interface Expected {
	readonly repo: RepoRef;
	/** Stop looking after this (a push expires in a repository whose workflows do not run on push). */
	readonly until: number;
}

/** A dispatch whose run GitHub did not name: found by listing the workflow's runs until it shows. */
export interface PendingDispatch extends Expected {
	readonly workflowId: string;
	readonly ref: string;
	/** Runs created before this are not the dispatch's. */
	readonly since: number;
}

/**
 * A push just made through the graph: GitHub starts its runs within seconds, on that commit, and
 * they are looked for by commit until they show, rather than at the next overview.
 */
export interface PendingPush extends Expected {
	readonly headSha: string;
}

/** What the reads need from the poller. */
export interface PollReadsContext {
	readonly octokit: GitHubOctokit;
	readonly store: RunStore;
	readonly signal: AbortSignal;
	/** Reads in flight at once. */
	readonly concurrency: number;
	readonly now: () => number;
	/** Watched local paths or slugs. */
	readonly watched: readonly string[];
	/** Dispatches still looked for; those found or expired are removed. */
	readonly pending: PendingDispatch[];
	/** Pushes whose runs are still looked for; those found or expired are removed. */
	readonly pushes: PendingPush[];
}

/** Size of a watched repository's run list: what a view shows at once. */
export const WATCHED_LIST_SIZE = 20;

/**
 * Reads what may have changed. `fresh` runs came with this cycle's overview and need no second
 * read. Rejects with the first failure once every read has settled.
 */
export async function readChanges(ctx: PollReadsContext, targets: readonly PollTarget[], fresh: ReadonlySet<string>): Promise<void> {
	const { octokit, store, signal } = ctx;
	const bySlug = new Map(targets.map((t) => [t.slug, t]));
	const byPath = new Map(targets.flatMap((t) => t.paths.map((p) => [p, t] as const)));
	const tasks: Array<() => Promise<void>> = [];
	for (const run of store.unfinished(bySlug.keys())) {
		if (!fresh.has(run.id)) {
			const target = bySlug.get(run.slug) as PollTarget;
			tasks.push(async () => {
				const latest = await fetchRun(octokit, target, run.id, signal);
				if (latest) {
					store.upsertRun(latest);
				} else {
					store.removeRun(run.id);
				}
			});
		}
	}
	const lists = new Set<PollTarget>();
	for (const key of ctx.watched) {
		const target = byPath.get(key) ?? bySlug.get(key.toLowerCase());
		if (target) {
			lists.add(target);
		}
	}
	for (const target of lists) {
		tasks.push(async () => store.setList(target.slug, null, WATCHED_LIST_SIZE, await fetchRuns(octokit, target, { perPage: WATCHED_LIST_SIZE, signal }), ctx.now()));
	}
	const now = ctx.now();
	tasks.push(
		...lookFor(ctx, ctx.pending, now, bySlug, {
			query: (dispatch) => ({ workflowId: dispatch.workflowId, branch: dispatch.ref, event: 'workflow_dispatch', perPage: 5 }),
			found: (dispatch, runs) => runs.some((run) => Date.parse(run.createdAt) >= dispatch.since),
		}),
		...lookFor(ctx, ctx.pushes, now, bySlug, {
			query: (push) => ({ headSha: push.headSha, event: 'push', perPage: 10 }),
			found: (_push, runs) => runs.length > 0,
		}),
	);
	await allLimited(tasks, ctx.concurrency);
	// Jobs last, so they are read against the runs' newest state.
	const jobs = store.staleJobs(new Set(bySlug.keys())).map((run) => async () => {
		store.setJobs(run.id, await fetchJobs(octokit, bySlug.get(run.slug) as PollTarget, run.id, signal), run.updatedAt);
	});
	await allLimited(jobs, ctx.concurrency);
}

/** How to look for the runs of one kind of {@link Expected}. */
interface Search<E extends Expected> {
	/** The run list that shows them (without the signal). */
	readonly query: (expected: E) => Omit<ListRunsOptions, 'signal'>;
	/** Whether the list has them, so looking can stop. */
	readonly found: (expected: E, runs: readonly CachedRun[]) => boolean;
}

/**
 * The reads that look for what `list` expects: each lists the runs that should show, keeps every
 * run it sees, and removes the entry from `list` once they showed. Entries that expired, or whose
 * repository is no longer polled, are removed without a read.
 */
function lookFor<E extends Expected>(ctx: PollReadsContext, list: E[], now: number, bySlug: ReadonlyMap<string, PollTarget>, search: Search<E>): Array<() => Promise<void>> {
	const forget = (expected: E) => list.splice(list.indexOf(expected), 1);
	const tasks: Array<() => Promise<void>> = [];
	for (const expected of [...list]) {
		if (expected.until < now || !bySlug.has(expected.repo.slug)) {
			forget(expected);
			continue;
		}
		tasks.push(async () => {
			const runs = await fetchRuns(ctx.octokit, expected.repo, { ...search.query(expected), signal: ctx.signal });
			runs.forEach((run) => ctx.store.upsertRun(run));
			if (search.found(expected, runs)) {
				forget(expected);
			}
		});
	}
	return tasks;
}

/** Failures that concern one repository or run (deleted, no access): the rest of the cycle goes on. */
const LOCAL_FAILURES: readonly GitHubErrorKind[] = ['notFound', 'gone', 'forbidden', 'validation', 'conflict'];

/**
 * Runs tasks `concurrency` at a time; rethrows the first failure that concerns GitHub as a whole
 * (unreachable, a rate limit, a rejected token) once the started ones settled.
 */
async function allLimited(tasks: ReadonlyArray<() => Promise<void>>, concurrency: number): Promise<void> {
	let next = 0;
	let failure: unknown;
	const worker = async () => {
		// After such a failure the rest would fail the same way: stop.
		while (next < tasks.length && failure === undefined) {
			const task = tasks[next++];
			try {
				await task();
			} catch (err) {
				if (!(err instanceof GitHubError && LOCAL_FAILURES.includes(err.kind))) {
					failure ??= err;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
	if (failure !== undefined) {
		throw failure;
	}
}
