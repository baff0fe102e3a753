/**
 * What a `RunQueue` (runQueue.ts) is built with, and what a new run may carry besides its
 * prompt and options.
 */
import type { RunPermissionPrompt } from './permissionBridge';
import type { AgentRun, AgentRunOptions, RunIsolation, RunWorktree } from './runModel';
import type { RunOwner } from './runOwner';
import type { RunStore } from './runStore';

/** Default number of runs at once. */
export const DEFAULT_CONCURRENCY = 3;

/** Settings of a `RunQueue`. */
export interface RunQueueOptions {
	/** Runs at once; {@link DEFAULT_CONCURRENCY} when absent. */
	readonly concurrency?: number;
	/** Path of the CLI; `claude` on `PATH` when absent. */
	readonly claudePath?: string;
	/** Environment of the CLI processes; `process.env` when absent. */
	readonly env?: NodeJS.ProcessEnv;
	/** A run still going after this long is stopped and FAILED. */
	readonly timeoutMs?: number;
	/** Time between SIGTERM and SIGKILL when stopping. */
	readonly killGraceMs?: number;
	/** Options every run starts with; a run's own options override them. */
	readonly defaults?: AgentRunOptions;
	/**
	 * What all runs together may cost per calendar day (local time). A run starts only while some
	 * is left, with `--max-budget-usd` at most what is left; none when absent or 0.
	 */
	readonly dailyBudgetUsd?: number;
	/** Where history and events are kept; nothing is persisted when absent. */
	readonly store?: RunStore;
	/** Finished runs kept in memory (the store keeps its own bound); 200 when absent. */
	readonly maxRuns?: number;
	/** History to start from (see {@link RunQueue.open}). */
	readonly initialRuns?: readonly AgentRun[];
	/** Clock, replaceable in tests. */
	readonly now?: () => Date;
	/** Whether the owner of a run is still there; `isOwnerAlive` of runOwner.ts when absent (replaceable in tests). */
	readonly isOwnerAlive?: (owner: RunOwner | undefined) => boolean;
	/**
	 * Where runs ask for tools they were not allowed (see permissionBridge.ts); without it the CLI
	 * refuses such tools on its own, as it does in print mode.
	 */
	readonly permissions?: { openRun(runId: string, repositoryPath: string): RunPermissionPrompt | undefined };
}

/** What else a new run may carry: a chosen id, its isolation and worktree, its fleet. */
export interface RunExtras {
	readonly id?: string;
	readonly isolation?: RunIsolation;
	readonly worktree?: RunWorktree;
	readonly fleetId?: string;
}
