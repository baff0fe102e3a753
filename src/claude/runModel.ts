/**
 * The agent-run record and the pure transitions between its states. Records are immutable: every
 * change makes a new object, so listeners and the store never see one half-updated.
 */
import type { RunOwner } from './runOwner';
import type { ClaudeExit, ClaudeRunOptions } from './runner';
import type { StreamEvent, Usage } from './streamJson';

/** Life cycle of a run. `BUDGET_EXCEEDED`: stopped at its cost cap (its own, or what was left of the day's). */
export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'BUDGET_EXCEEDED';

/** Where a run works: a worktree of its own on a new branch, or the user's working tree. */
export type RunIsolation = 'WORKTREE' | 'IN_PLACE';

/** What became of a run's worktree. */
export type RunWorktreeState = 'ACTIVE' | 'MERGED' | 'KEPT' | 'DISCARDED';

/** The private worktree a `WORKTREE` run works in. */
export interface RunWorktree {
	readonly path: string;
	readonly branch: string;
	readonly baseCommit: string;
	readonly state: RunWorktreeState;
	/** The repository's HEAD after a merge. */
	readonly mergeCommit?: string;
}

/** How a run came to be. */
export type RunOrigin = 'start' | 'retry' | 'resume';

/** Options a run is started with; the session to resume comes from the parent run, the permission prompt from the queue. */
export type AgentRunOptions = Omit<ClaudeRunOptions, 'resumeSessionId' | 'permissionPrompt'>;

/** One agent run, as shown in the tree and kept in the history. Times are epoch milliseconds. */
export interface AgentRun {
	readonly id: string;
	readonly repositoryPath: string;
	readonly prompt: string;
	readonly status: RunStatus;
	readonly origin: RunOrigin;
	/** The run this one retries or resumes. */
	readonly parentId?: string;
	readonly options: AgentRunOptions;
	/** `IN_PLACE` when absent (runs recorded before isolation existed). */
	readonly isolation?: RunIsolation;
	/** Set for a `WORKTREE` run once its worktree exists. */
	readonly worktree?: RunWorktree;
	/** The fleet (several repositories started together) this run belongs to. */
	readonly fleetId?: string;
	readonly sessionId?: string;
	/** Model the CLI reported in its `init` line (may differ from the requested one). */
	readonly model?: string;
	readonly costUsd?: number;
	readonly durationMs?: number;
	readonly numTurns?: number;
	readonly usage?: Usage;
	/** The `result` text of a finished run. */
	readonly result?: string;
	/** Why the run failed, in words a user can act on. */
	readonly error?: string;
	/** HTTP status of the API error that ended the run, if any. */
	readonly apiErrorStatus?: number;
	/** Assistant text so far (its tail, see {@link MAX_OUTPUT_CHARS}); kept when cancelled. */
	readonly output: string;
	readonly createdAt: number;
	readonly startedAt?: number;
	readonly finishedAt?: number;
	/** The process running it (set while it is queued or running), so another process opening the history leaves it alone. */
	readonly owner?: RunOwner;
}

/** One event of a run, numbered in the order the CLI printed it. */
export interface RunEvent {
	readonly runId: string;
	/** Position in the run's output, from 0. Stored logs skip the numbers of partial deltas. */
	readonly seq: number;
	/** Arrival time, epoch milliseconds. */
	readonly at: number;
	readonly event: StreamEvent;
}

/** Cap of {@link AgentRun.output}; the full transcript lives in the stored events. */
export const MAX_OUTPUT_CHARS = 32 * 1024;

/** Statuses that never change again. */
export function isTerminal(status: RunStatus): boolean {
	return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED' || status === 'BUDGET_EXCEEDED';
}

/** Fields needed to create a run. */
export interface NewRun {
	readonly id: string;
	readonly repositoryPath: string;
	readonly prompt: string;
	readonly options?: AgentRunOptions;
	readonly origin?: RunOrigin;
	readonly parentId?: string;
	/** Set for a resumed run: the session it continues. */
	readonly sessionId?: string;
	readonly isolation?: RunIsolation;
	readonly worktree?: RunWorktree;
	readonly fleetId?: string;
}

/** A new QUEUED run. */
export function createRun(init: NewRun, now: Date): AgentRun {
	return {
		id: init.id,
		repositoryPath: init.repositoryPath,
		prompt: init.prompt,
		status: 'QUEUED',
		origin: init.origin ?? 'start',
		...(init.parentId ? { parentId: init.parentId } : {}),
		options: init.options ?? {},
		...(init.isolation ? { isolation: init.isolation } : {}),
		...(init.worktree ? { worktree: init.worktree } : {}),
		...(init.fleetId ? { fleetId: init.fleetId } : {}),
		...(init.sessionId ? { sessionId: init.sessionId } : {}),
		output: '',
		createdAt: now.getTime(),
	};
}

/** The run has got a process slot. */
export function markRunning(run: AgentRun, now: Date): AgentRun {
	return { ...run, status: 'RUNNING', startedAt: now.getTime() };
}

/** Terminal statuses. */
export type TerminalStatus = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'BUDGET_EXCEEDED';

/** The folder a run's CLI works in: its worktree, or the repository itself. */
export function workingDirectoryOf(run: AgentRun): string {
	return run.worktree ? run.worktree.path : run.repositoryPath;
}

/** Result subtype of a run the CLI stopped at `--max-budget-usd`. */
export const BUDGET_SUBTYPE = 'error_max_budget_usd';

/** Ends a run: sets the status, the error if any, the finish time and a duration if none was reported. */
export function endRun(run: AgentRun, status: TerminalStatus, error: string | undefined, now: Date): AgentRun {
	const finishedAt = now.getTime();
	const durationMs = run.durationMs ?? (run.startedAt !== undefined ? finishedAt - run.startedAt : undefined);
	return { ...run, status, ...(error ? { error } : {}), finishedAt, ...(durationMs !== undefined ? { durationMs } : {}) };
}

/** Why a run whose process is gone ended. */
export const INTERRUPTED_ERROR = 'Interrupted: Meta GOTHIC stopped while this run was in progress.';

/**
 * A run that was QUEUED or RUNNING when the history was last written is still going only while
 * its owner (see runOwner.ts) is: otherwise its process died with the host, and it is FAILED.
 */
export function recoverInterrupted(run: AgentRun, now: Date, isOwnerAlive: (owner: RunOwner | undefined) => boolean): AgentRun {
	return isTerminal(run.status) || isOwnerAlive(run.owner) ? run : endRun(run, 'FAILED', INTERRUPTED_ERROR, now);
}

/**
 * Collects the assistant's text from both complete `assistant` events and partial deltas, without
 * counting a block twice when both arrive. The complete block is authoritative: it replaces the
 * text its deltas drew. A draft no complete block confirmed when a new message or block starts
 * was a stream cut off and sent again; it is dropped so the repeat does not show twice. A draft
 * still open when the run ends (cancelled) stays.
 */
export class OutputAccumulator {
	private text: string;
	/** Where the text of the block still streaming begins (its separator included), if one is. */
	private draftFrom: number | undefined;
	private clipped = false;

	constructor(initial = '') {
		this.text = initial;
	}

	/** The text so far, capped to its tail. */
	get value(): string {
		return this.clipped || this.text.length > MAX_OUTPUT_CHARS ? `…${this.text.slice(-MAX_OUTPUT_CHARS)}` : this.text;
	}

	/** Applies one event; returns whether the text changed. */
	apply(event: StreamEvent): boolean {
		if (event.type === 'stream_event') {
			if (event.eventType === 'message_start' || event.eventType === 'content_block_start') {
				return this.dropDraft();
			}
			if (!event.textDelta) {
				return false;
			}
			if (this.draftFrom === undefined) {
				this.draftFrom = this.text.length;
				this.separate();
			}
			this.text += event.textDelta;
			this.trim();
			return true;
		}
		if (event.type !== 'assistant' || event.synthetic) {
			return false;
		}
		let changed = false;
		for (const block of event.content) {
			if (block.type !== 'text' || !block.text) {
				continue;
			}
			this.dropDraft();
			this.separate();
			this.text += block.text;
			this.trim();
			changed = true;
		}
		return changed;
	}

	private dropDraft(): boolean {
		if (this.draftFrom === undefined) {
			return false;
		}
		const before = this.text;
		this.text = this.text.slice(0, this.draftFrom);
		this.draftFrom = undefined;
		return this.text !== before;
	}

	private separate(): void {
		if (this.text && !this.text.endsWith('\n\n')) {
			this.text += '\n\n';
		}
	}

	private trim(): void {
		// Keep some slack over the cap so a draft being replaced is still whole.
		if (this.text.length > MAX_OUTPUT_CHARS * 2) {
			const drop = this.text.length - MAX_OUTPUT_CHARS;
			this.text = this.text.slice(drop);
			this.clipped = true;
			if (this.draftFrom !== undefined) {
				this.draftFrom = Math.max(0, this.draftFrom - drop);
			}
		}
	}
}

/** Copies what the run record keeps from one event; the same object when nothing changed. */
export function applyEvent(run: AgentRun, event: StreamEvent): AgentRun {
	if (event.type === 'system' && event.subtype === 'init') {
		return { ...run, sessionId: event.sessionId, model: event.model || run.model };
	}
	if (event.type === 'result') {
		return {
			...run,
			sessionId: event.sessionId || run.sessionId,
			costUsd: event.totalCostUsd,
			durationMs: event.durationMs,
			numTurns: event.numTurns,
			...(event.usage ? { usage: event.usage } : {}),
			...(event.result !== undefined ? { result: event.result } : {}),
			...(event.apiErrorStatus !== undefined ? { apiErrorStatus: event.apiErrorStatus } : {}),
		};
	}
	return run;
}

function lastLines(text: string, count: number): string {
	return text.trim().split(/\r?\n/).filter(Boolean).slice(-count).join('\n');
}

/** Explains a failed exit in words; `undefined` when the run succeeded. */
export function describeFailure(exit: ClaudeExit, timeoutMs?: number): string | undefined {
	const r = exit.result;
	if (exit.reason === 'timedOut') {
		const minutes = timeoutMs ? Math.round(timeoutMs / 60000) : undefined;
		return minutes ? `Timed out after ${minutes} min.` : 'Timed out.';
	}
	if (r?.isError) {
		if (r.subtype === 'error_max_turns') {
			return `Stopped at the turn limit after ${r.numTurns} turns.`;
		}
		const text = r.result?.trim() || r.errors?.join('\n').trim() || lastLines(exit.stderr, 5);
		if (text) {
			return text;
		}
		return r.apiErrorStatus ? `API error ${r.apiErrorStatus}.` : `Claude reported an error (${r.subtype}).`;
	}
	if (r && exit.exitCode === 0) {
		return undefined;
	}
	const stderr = lastLines(exit.stderr, 5);
	const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
	if (r) {
		return stderr ? `Claude ${how}: ${stderr}` : `Claude ${how}.`;
	}
	// No result line: the CLI crashed, was killed, or the output was cut before the end.
	return stderr ? `Claude ${how} without a result: ${stderr}` : `Claude ${how} without a result.`;
}

/** Final record from how the process ended. */
export function completeRun(run: AgentRun, exit: ClaudeExit, now: Date, timeoutMs?: number): AgentRun {
	const withSession = exit.sessionId ? { ...run, sessionId: exit.sessionId } : run;
	if (exit.reason === 'cancelled') {
		return endRun(withSession, 'CANCELLED', undefined, now);
	}
	if (exit.result?.subtype === BUDGET_SUBTYPE) {
		const cap = run.options.maxBudgetUsd;
		const spent = exit.result.totalCostUsd;
		return endRun(withSession, 'BUDGET_EXCEEDED', `Stopped at its budget${cap !== undefined ? ` of $${formatUsd(cap)}` : ''} after $${formatUsd(spent)}.`, now);
	}
	const failure = describeFailure(exit, timeoutMs);
	return failure ? endRun(withSession, 'FAILED', failure, now) : endRun(withSession, 'SUCCEEDED', undefined, now);
}

/** Dollars with enough digits for the cents of a cheap run ($0.0004). */
export function formatUsd(usd: number): string {
	return usd >= 1 ? usd.toFixed(2) : usd.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '');
}
