/**
 * The run queue's records as the graph's: the `AgentRunsSource` shapes (nulls for absent fields,
 * events with their text) and the graph's run options as the runner's.
 */
import { SourceError } from '../schema/contracts/sourceError';
import {
	type AgentRunEventRecord,
	type AgentRunOptions as GraphRunOptions,
	type AgentRunRecord,
} from '../schema/contracts/agentRuns';
import { describeEvent } from './eventText';
import type { AgentRun, AgentRunOptions, RunEvent } from './runModel';
import type { PermissionMode } from './runner';

const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];

/** A run as the graph reads it. */
export function toRecord(run: AgentRun): AgentRunRecord {
	return {
		id: run.id,
		repositoryPath: run.repositoryPath,
		prompt: run.prompt,
		status: run.status,
		sessionId: run.sessionId ?? null,
		costUsd: run.costUsd ?? null,
		durationMs: run.durationMs ?? null,
		numTurns: run.numTurns ?? null,
		result: run.result ?? null,
		error: run.error ?? null,
		parentId: run.parentId ?? null,
		model: run.model ?? null,
		createdAt: run.createdAt,
		startedAt: run.startedAt ?? null,
		finishedAt: run.finishedAt ?? null,
		output: run.output || null,
		isolation: run.isolation ?? 'IN_PLACE',
		worktree: run.worktree
			? { path: run.worktree.path, branch: run.worktree.branch, baseCommit: run.worktree.baseCommit, state: run.worktree.state, mergeCommit: run.worktree.mergeCommit ?? null }
			: null,
		fleetId: run.fleetId ?? null,
		maxBudgetUsd: run.options.maxBudgetUsd ?? null,
		tokensIn: run.usage ? run.usage.inputTokens + run.usage.cacheCreationInputTokens + run.usage.cacheReadInputTokens : null,
		tokensOut: run.usage ? run.usage.outputTokens : null,
	};
}

/** The record of the run `fn` makes; a plain Error the queue refuses a request with becomes code `CONFLICT`. */
export function recordOrConflict(fn: () => AgentRun): AgentRunRecord {
	try {
		return toRecord(fn());
	} catch (err) {
		throw new SourceError('CLAUDE', 'CONFLICT', err instanceof Error ? err.message : String(err));
	}
}

/** An event as the graph streams it. */
export function toEventRecord(e: RunEvent): AgentRunEventRecord {
	return { runId: e.runId, seq: e.seq, type: e.event.type, text: describeEvent(e.event), json: JSON.stringify(e.event), at: e.at };
}

/** The graph's run options (nullable fields, free-form permission mode) as the runner's. */
export function toRunOptions(options: GraphRunOptions | undefined): AgentRunOptions {
	const o = options ?? {};
	if (o.permissionMode && !PERMISSION_MODES.includes(o.permissionMode as PermissionMode)) {
		throw new SourceError('CLAUDE', 'BAD_USER_INPUT', `Unknown permission mode "${o.permissionMode}" (one of ${PERMISSION_MODES.join(', ')}).`);
	}
	if (o.maxBudgetUsd != null && !(o.maxBudgetUsd >= 0)) {
		throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'maxBudgetUsd must be 0 (no cap) or more.');
	}
	if (o.maxTurns != null && o.maxTurns < 1) {
		throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'maxTurns must be at least 1.');
	}
	return {
		...(o.model ? { model: o.model } : {}),
		...(o.maxTurns != null ? { maxTurns: o.maxTurns } : {}),
		...(o.permissionMode ? { permissionMode: o.permissionMode as PermissionMode } : {}),
		...(o.allowedTools ? { allowedTools: [...o.allowedTools] } : {}),
		...(o.appendSystemPrompt ? { appendSystemPrompt: o.appendSystemPrompt } : {}),
		...(o.maxBudgetUsd != null ? { maxBudgetUsd: o.maxBudgetUsd } : {}),
	};
}
