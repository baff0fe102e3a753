/**
 * What an agent run's record means on the Agents page: its state's icon and word, how long it
 * took (or has taken so far), what may be done with it, and the list of runs kept live from the
 * first read and each change after it. Pure, for the tests.
 */
import { formatDuration } from '../pipelines/duration';

/** The fields of a run these facts read. */
export interface RunFacts {
	readonly id: string;
	readonly status: string;
	readonly prompt: string;
	readonly createdAt: string;
	readonly startedAt?: string | null;
	readonly finishedAt?: string | null;
	readonly durationMs?: number | null;
	readonly costUsd?: number | null;
	readonly numTurns?: number | null;
	readonly sessionId?: string | null;
	readonly worktree?: { readonly state: string } | null;
}

/** How a run's state is drawn: a codicon, whether it spins, a tone class and the word said with it. */
export interface RunMark {
	readonly icon: string;
	readonly spin?: boolean;
	readonly tone: 'success' | 'failure' | 'running' | 'neutral';
	readonly word: string;
}

/** Statuses of a run that has not ended. */
const LIVE = new Set(['QUEUED', 'RUNNING']);

/** Whether the run has not ended yet (queued or running). */
export function isLive(run: Pick<RunFacts, 'status'>): boolean {
	return LIVE.has(run.status);
}

/** The mark of a run's state; the word is always written next to it, never colour alone. */
export function runMark(status: string): RunMark {
	switch (status) {
		case 'QUEUED':
			return { icon: 'clock', tone: 'running', word: 'queued' };
		case 'RUNNING':
			return { icon: 'sync', spin: true, tone: 'running', word: 'running' };
		case 'SUCCEEDED':
			return { icon: 'pass', tone: 'success', word: 'succeeded' };
		case 'FAILED':
			return { icon: 'error', tone: 'failure', word: 'failed' };
		case 'CANCELLED':
			return { icon: 'circle-slash', tone: 'neutral', word: 'cancelled' };
		case 'BUDGET_EXCEEDED':
			return { icon: 'credit-card', tone: 'neutral', word: 'stopped at budget' };
		default:
			return { icon: 'circle-large-outline', tone: 'neutral', word: status.toLowerCase().replace(/_/g, ' ') };
	}
}

/** What a person may do with a run. */
export type RunAction = 'cancel' | 'retry' | 'continue';

/**
 * The actions a run accepts now: cancel until it ends; once it has, retry (the same prompt, a
 * new run) and continue (a follow-up in the same session) when the CLI opened a session and the
 * run's worktree, where that session lives, is still there.
 */
export function runActions(run: RunFacts): ReadonlySet<RunAction> {
	if (isLive(run)) {
		return new Set(['cancel']);
	}
	const resumable = Boolean(run.sessionId) && (!run.worktree || run.worktree.state === 'ACTIVE');
	return new Set<RunAction>(resumable ? ['retry', 'continue'] : ['retry']);
}

/**
 * Milliseconds the run has worked: the CLI's own figure once it reported one, else from its
 * start to its end, or to `now` while it runs; null before it started.
 */
export function runElapsedMs(run: RunFacts, now: number): number | null {
	if (!isLive(run) && run.durationMs != null) {
		return run.durationMs;
	}
	const start = run.startedAt ? Date.parse(run.startedAt) : NaN;
	const end = run.finishedAt ? Date.parse(run.finishedAt) : isLive(run) ? now : NaN;
	return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, end - start);
}

/** Cost, turns and duration on one line, each left out while unknown: `$0.0123 · 3 turns · 12s`. */
export function runFactsText(run: RunFacts, now: number): string {
	const elapsed = runElapsedMs(run, now);
	return [
		run.costUsd != null ? `$${run.costUsd.toFixed(4)}` : '',
		run.numTurns != null ? `${run.numTurns} turn${run.numTurns === 1 ? '' : 's'}` : '',
		elapsed != null ? formatDuration(elapsed) : '',
	]
		.filter(Boolean)
		.join(' · ');
}

/** Characters of a prompt shown in its run's row. */
const PROMPT_CHARS = 100;

/** A prompt's first line, cut to fit a row; the row's tooltip has the whole. */
export function promptSummary(prompt: string): string {
	const first = prompt.trim().split(/\r?\n/)[0] ?? '';
	const more = first.length > PROMPT_CHARS || prompt.trim().includes('\n');
	return more ? `${first.slice(0, PROMPT_CHARS - 1).trimEnd()}…` : first;
}

/** The last segment of a path, for a run whose repository the workspace no longer lists. */
export function baseName(path: string): string {
	return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** How the list of runs changes: a fresh read of it, or one run that changed (or started). */
export type RunsChange<R> = { readonly kind: 'list'; readonly runs: readonly R[] } | { readonly kind: 'run'; readonly run: R };

/** Most runs the page holds; the graph lists the newest 50, and runs started here add to them. */
export const MAX_RUNS = 100;

function same(a: object, b: object): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function newestFirst<R extends RunFacts>(a: R, b: R): number {
	return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

/**
 * The runs newest first after `change`. A run whose fields did not change keeps its object, so
 * its memoised row is not drawn again; a run the list did not hold is added in its place.
 */
export function runsReducer<R extends RunFacts>(runs: readonly R[], change: RunsChange<R>): readonly R[] {
	if (change.kind === 'run') {
		const at = runs.findIndex((r) => r.id === change.run.id);
		if (at >= 0) {
			if (same(runs[at]!, change.run)) {
				return runs;
			}
			const next = runs.slice();
			next[at] = change.run;
			return next;
		}
		return [...runs, change.run].sort(newestFirst).slice(0, MAX_RUNS);
	}
	const held = new Map(runs.map((r) => [r.id, r]));
	const read = new Set(change.runs.map((r) => r.id));
	// Runs started here after the read began may not be in it yet: keep them.
	const kept = runs.filter((r) => !read.has(r.id) && r.createdAt >= (change.runs[0]?.createdAt ?? ''));
	const merged = change.runs.map((r) => {
		const old = held.get(r.id);
		// A change that said the run ended can arrive before a read begun earlier: the end stands.
		return old && (same(old, r) || (!isLive(old) && isLive(r))) ? old : r;
	});
	return [...merged, ...kept].sort(newestFirst).slice(0, MAX_RUNS);
}
