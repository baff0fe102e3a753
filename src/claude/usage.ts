/**
 * What agent runs cost, summed from their records: per calendar day (local time) and per
 * repository. A run counts on the day it started (or was created, if it never started).
 */
import type { AgentUsageRecord } from '../schema/contracts/agentRuns';
import type { AgentRun } from './runModel';

/** Spend and tokens of a set of runs. */
export interface RunUsage {
	/** The day, `YYYY-MM-DD` in local time. */
	readonly day: string;
	readonly costUsd: number;
	/** Runs that started (or were refused) that day. */
	readonly runs: number;
	readonly tokensIn: number;
	readonly tokensOut: number;
}

/** `YYYY-MM-DD` of `at` in local time. */
export function localDay(at: Date | number): string {
	const d = new Date(at);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The usage of `runs` on the day of `now`. */
export function usageOn(runs: readonly AgentRun[], now: Date): RunUsage {
	const day = localDay(now);
	return sumUsage(day, runs.filter((r) => localDay(r.startedAt ?? r.createdAt) === day));
}

/** The usage of `runs`, labelled with `day`. */
export function sumUsage(day: string, runs: readonly AgentRun[]): RunUsage {
	let costUsd = 0;
	let tokensIn = 0;
	let tokensOut = 0;
	for (const r of runs) {
		costUsd += r.costUsd ?? 0;
		// Cache reads and writes are input the API billed too.
		tokensIn += (r.usage?.inputTokens ?? 0) + (r.usage?.cacheCreationInputTokens ?? 0) + (r.usage?.cacheReadInputTokens ?? 0);
		tokensOut += r.usage?.outputTokens ?? 0;
	}
	return { day, costUsd: Math.round(costUsd * 1e6) / 1e6, runs: runs.length, tokensIn, tokensOut };
}

/** The usage of today (the day of `now`), per repository, most expensive first, against the daily cap (none when absent or 0). */
export function usageRecord(runs: readonly AgentRun[], now: Date, dailyBudgetUsd: number | undefined): AgentUsageRecord {
	const today = usageOn(runs, now);
	const day = localDay(now);
	const byRepo = new Map<string, AgentRun[]>();
	for (const r of runs.filter((run) => localDay(run.startedAt ?? run.createdAt) === day)) {
		byRepo.set(r.repositoryPath, [...(byRepo.get(r.repositoryPath) ?? []), r]);
	}
	const cap = dailyBudgetUsd && dailyBudgetUsd > 0 ? dailyBudgetUsd : null;
	return {
		today,
		repositories: [...byRepo.entries()].map(([repositoryPath, list]) => ({ repositoryPath, ...sumUsage(day, list) })).sort((a, b) => b.costUsd - a.costUsd),
		dailyBudgetUsd: cap,
		remainingTodayUsd: cap === null ? null : Math.max(0, Math.round((cap - today.costUsd) * 1e6) / 1e6),
	};
}

/**
 * The cap a run starts with: its own, lowered to what is left of the day's (`spentToday` is read
 * only when there is a daily cap); 0 when nothing is left, `undefined` for no cap at all.
 */
export function budgetOf(run: AgentRun, dailyBudgetUsd: number | undefined, spentToday: () => number): number | undefined {
	const own = run.options.maxBudgetUsd && run.options.maxBudgetUsd > 0 ? run.options.maxBudgetUsd : undefined;
	if (!dailyBudgetUsd || dailyBudgetUsd <= 0) {
		return own;
	}
	const left = Math.max(0, dailyBudgetUsd - spentToday());
	return left <= 0 ? 0 : Math.min(own ?? left, left);
}
