/**
 * The agent runs contract: Claude run records and the source the agent runs subschema reads and
 * drives. The Claude adapter implements it and fails only with a `SourceError` of domain `CLAUDE`.
 */
import type { Event } from '../../common/event';
import type { ClaudeErrorCode } from './sourceError';

/** Lifecycle of an agent run. */
export type AgentRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** One Claude run as the run queue records it. */
export interface AgentRunRecord {
	id: string;
	repositoryPath: string;
	prompt: string;
	status: AgentRunStatus;
	sessionId: string | null;
	costUsd: number | null;
	durationMs: number | null;
	numTurns: number | null;
	result: string | null;
	error: string | null;
	/** The run this one retried or resumed. */
	parentId: string | null;
	/** Assistant text so far (its tail), for live progress; absent where the source keeps none. */
	output?: string | null;
	model: string | null;
	createdAt: number;
	startedAt: number | null;
	finishedAt: number | null;
}

/** One event of a run's stream, flattened for transport. */
export interface AgentRunEventRecord {
	runId: string;
	/** Position in the run's stream, from 0. */
	seq: number;
	/** `system`, `assistant`, `user`, `stream_event`, `result`, `stderr` or `raw`. */
	type: string;
	/** Human-readable text of the event, when it has any. */
	text: string | null;
	/** The event as the CLI printed it, JSON-encoded. */
	json: string;
	at: number;
}

/** Options a caller may set on a new run; unset ones come from the user's settings. */
export interface AgentRunOptions {
	model?: string | null;
	maxTurns?: number | null;
	permissionMode?: string | null;
	allowedTools?: string[] | null;
	appendSystemPrompt?: string | null;
}

/** A commit message suggested for one repository; exactly one of `message` and `error` is set. */
export interface CommitMessageSuggestionRecord {
	repositoryPath: string;
	/** The cleaned message, ready to edit and commit. */
	message: string | null;
	/** Why there is no message (nothing to commit, the run failed, Claude answered nothing). */
	error: string | null;
	/** The files the message describes (the staged ones); null when it describes every change. */
	paths: string[] | null;
	/** The run that wrote the message; null when none was started. */
	runId: string | null;
}

/** Why `generateCommitMessages` rejects when its signal aborts. */
export const CANCELLED_MESSAGE = 'Cancelled: no commit message was written.';

/** Whether agent runs can start, as `claudeStatus` reports it. */
export interface ClaudeStatusRecord {
	available: boolean;
	/** Why not: `CLI_MISSING`, `CLI_FAILED`, `UNTRUSTED`; null when runs can start. */
	code: ClaudeErrorCode | null;
	reason: string | null;
	/** The CLI that runs would use, when it was found. */
	path: string | null;
	/** What `claude --version` printed, when it was asked. */
	version: string | null;
	/** How the CLI would sign in (`API_KEY`, `AUTH_TOKEN`, `OAUTH_TOKEN`, `CREDENTIALS`); null when it found no way, or was not found. */
	signIn: string | null;
}

/** What the agent runs subschema reads and drives: the Claude run queue. Mutations reject with a `SourceError` of domain `CLAUDE`. */
export interface AgentRunsSource {
	/** Why runs cannot start (no `claude` binary, untrusted workspace…), or null when they can. */
	readonly unavailableReason: string | null;
	/** Availability with its code, and the CLI found; never fails. */
	status(): ClaudeStatusRecord;
	list(first: number): readonly AgentRunRecord[];
	get(id: string): AgentRunRecord | undefined;
	forRepository(path: string): readonly AgentRunRecord[];
	events(id: string): Promise<readonly AgentRunEventRecord[]>;
	start(repositoryPath: string, prompt: string, options?: AgentRunOptions): Promise<AgentRunRecord>;
	cancel(id: string): Promise<AgentRunRecord>;
	retry(id: string): Promise<AgentRunRecord>;
	resume(id: string, prompt: string): Promise<AgentRunRecord>;
	/**
	 * One suggestion per repository, in the order given; a failure is reported in its row, never dropped.
	 * When `signal` aborts, every run it started is cancelled, none is started after, and once their
	 * processes are gone it rejects with code `CANCELLED` (partial suggestions are not returned).
	 */
	generateCommitMessages(repositoryPaths: readonly string[], signal?: AbortSignal): Promise<readonly CommitMessageSuggestionRecord[]>;
	readonly onDidChangeRun: Event<AgentRunRecord>;
	readonly onDidReceiveEvent: Event<AgentRunEventRecord>;
}
