/**
 * The typed events of the Claude CLI's stream-json output and the mapping of one parsed JSON
 * object to them, with camelCase fields. An object the mapping does not understand becomes a `raw`
 * event instead of an exception, because a newer CLI may add types.
 */

/** Token usage as the API reports it; extra counters are kept as they come. */
export interface Usage {
	readonly inputTokens: number;
	readonly outputTokens: number;
	readonly cacheCreationInputTokens: number;
	readonly cacheReadInputTokens: number;
}

/** A content block of an assistant message. */
export type AssistantBlock =
	| { readonly type: 'text'; readonly text: string }
	| { readonly type: 'thinking'; readonly thinking: string }
	| { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: unknown }
	| { readonly type: 'other'; readonly originalType: string; readonly value: unknown };

/** A content block of a user message (in practice, tool results). */
export type UserBlock =
	| { readonly type: 'tool_result'; readonly toolUseId: string; readonly content: string; readonly isError: boolean }
	| { readonly type: 'text'; readonly text: string }
	| { readonly type: 'other'; readonly originalType: string; readonly value: unknown };

/** First line of every run: the session the CLI opened. */
export interface SystemInitEvent {
	readonly type: 'system';
	readonly subtype: 'init';
	readonly sessionId: string;
	readonly model: string;
	readonly tools: readonly string[];
	readonly cwd: string;
	readonly permissionMode?: string;
}

/** The CLI is waiting to retry a failed API request (429, 529, dropped connection). */
export interface SystemApiRetryEvent {
	readonly type: 'system';
	readonly subtype: 'api_retry';
	readonly sessionId: string;
	readonly attempt: number;
	readonly maxRetries: number;
	readonly retryDelayMs: number;
	readonly errorStatus: number | null;
	readonly error: string;
}

/**
 * What the CLI is doing between messages (`requesting` the API, `compacting` the conversation);
 * `null` once it is back to idle. Printed alongside partial messages; bookkeeping, not output.
 */
export interface SystemStatusEvent {
	readonly type: 'system';
	readonly subtype: 'status';
	readonly sessionId: string;
	readonly status: string | null;
}

/** One content block of an assistant message, complete. */
export interface AssistantEvent {
	readonly type: 'assistant';
	readonly sessionId: string;
	readonly messageId: string;
	readonly model: string;
	readonly parentToolUseId: string | null;
	readonly content: readonly AssistantBlock[];
	/** True for messages the CLI makes up itself to report an error (model `<synthetic>`). */
	readonly synthetic: boolean;
}

/** A user turn the CLI sends back, usually tool results. */
export interface UserEvent {
	readonly type: 'user';
	readonly sessionId: string;
	readonly parentToolUseId: string | null;
	readonly content: readonly UserBlock[];
}

/** A raw Messages API streaming event (only with `--include-partial-messages`). */
export interface PartialEvent {
	readonly type: 'stream_event';
	readonly sessionId: string;
	readonly parentToolUseId: string | null;
	/** API event type, e.g. `content_block_delta`. */
	readonly eventType: string;
	/** Content block the event is about (`content_block_start`, `_delta`, `_stop`). */
	readonly index?: number;
	/** Text of a `text_delta`, so consumers need not dig into `event`. */
	readonly textDelta?: string;
	/** JSON fragment of a tool input's `input_json_delta`. */
	readonly jsonDelta?: string;
	/** Text of a `thinking_delta`. */
	readonly thinkingDelta?: string;
	readonly event: Readonly<Record<string, unknown>>;
}

/** Last line of a run. */
export interface ResultEvent {
	readonly type: 'result';
	/** `success`, `error_max_turns`, `error_during_execution`, … */
	readonly subtype: string;
	readonly isError: boolean;
	readonly result?: string;
	readonly sessionId: string;
	readonly totalCostUsd: number;
	readonly durationMs: number;
	readonly durationApiMs?: number;
	readonly numTurns: number;
	readonly usage?: Usage;
	/** HTTP status of the API error that ended the run, when there was one. */
	readonly apiErrorStatus?: number;
	/** Tool uses refused for lack of permission. */
	readonly permissionDenials: number;
	/** Error messages of a run that failed before or outside the conversation (bad `--resume` id). */
	readonly errors?: readonly string[];
}

/** Why a line became a {@link RawEvent}. */
export type RawReason = 'invalid-json' | 'unknown-type' | 'invalid-shape' | 'line-too-long' | 'truncated';

/** A line kept verbatim because it could not be typed (or, `truncated`, the marker of a capped log). */
export interface RawEvent {
	readonly type: 'raw';
	readonly reason: RawReason;
	readonly line: string;
}

/** Everything one stdout line can become. */
export type StreamEvent =
	| SystemInitEvent
	| SystemApiRetryEvent
	| SystemStatusEvent
	| AssistantEvent
	| UserEvent
	| PartialEvent
	| ResultEvent
	| RawEvent;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, fallback = ''): string {
	return typeof v === 'string' ? v : fallback;
}
function num(v: unknown, fallback = 0): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
function parentId(v: unknown): string | null {
	return typeof v === 'string' ? v : null;
}

function parseUsage(v: unknown): Usage | undefined {
	if (!isObject(v)) {
		return undefined;
	}
	return {
		inputTokens: num(v.input_tokens),
		outputTokens: num(v.output_tokens),
		cacheCreationInputTokens: num(v.cache_creation_input_tokens),
		cacheReadInputTokens: num(v.cache_read_input_tokens),
	};
}

/**
 * A result's usage. A run the CLI stopped early (at its budget) reports zeros in `usage` while
 * `modelUsage` (per model, camelCase) still counts what was spent: take the sum of that then.
 */
function resultUsage(usage: unknown, modelUsage: unknown): Usage | undefined {
	const reported = parseUsage(usage);
	if ((reported && reported.inputTokens + reported.outputTokens > 0) || !isObject(modelUsage)) {
		return reported;
	}
	const sum = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
	for (const m of Object.values(modelUsage)) {
		if (isObject(m)) {
			sum.inputTokens += num(m.inputTokens);
			sum.outputTokens += num(m.outputTokens);
			sum.cacheCreationInputTokens += num(m.cacheCreationInputTokens);
			sum.cacheReadInputTokens += num(m.cacheReadInputTokens);
		}
	}
	return sum.inputTokens + sum.outputTokens > 0 ? sum : reported;
}

function assistantBlock(b: unknown): AssistantBlock {
	if (isObject(b)) {
		if (b.type === 'text' && typeof b.text === 'string') {
			return { type: 'text', text: b.text };
		}
		if (b.type === 'thinking' && typeof b.thinking === 'string') {
			return { type: 'thinking', thinking: b.thinking };
		}
		if (b.type === 'tool_use' && typeof b.name === 'string') {
			return { type: 'tool_use', id: str(b.id), name: b.name, input: b.input };
		}
	}
	return { type: 'other', originalType: isObject(b) ? str(b.type, 'unknown') : typeof b, value: b };
}

/** Tool results carry a string or a list of blocks; flatten to text for display and storage. */
function flattenToolContent(c: unknown): string {
	if (typeof c === 'string') {
		return c;
	}
	if (Array.isArray(c)) {
		return c.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : isObject(part) ? `[${str(part.type, 'content')}]` : '')).join('\n');
	}
	return c === undefined || c === null ? '' : JSON.stringify(c);
}

function userBlock(b: unknown): UserBlock {
	if (isObject(b)) {
		if (b.type === 'tool_result') {
			return { type: 'tool_result', toolUseId: str(b.tool_use_id), content: flattenToolContent(b.content), isError: b.is_error === true };
		}
		if (b.type === 'text' && typeof b.text === 'string') {
			return { type: 'text', text: b.text };
		}
	}
	return { type: 'other', originalType: isObject(b) ? str(b.type, 'unknown') : typeof b, value: b };
}

/** The text of a content block delta, in the field of its kind; none for other deltas (`signature_delta`). */
function deltaFields(delta: unknown): Pick<PartialEvent, 'textDelta' | 'jsonDelta' | 'thinkingDelta'> {
	if (!isObject(delta)) {
		return {};
	}
	if (delta.type === 'text_delta' && typeof delta.text === 'string') {
		return { textDelta: delta.text };
	}
	if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
		return { jsonDelta: delta.partial_json };
	}
	if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') {
		return { thinkingDelta: delta.thinking };
	}
	return {};
}

/**
 * The event one JSON object of a line stands for; `line` is the line itself, kept verbatim in a
 * `raw` event when the object is not a known event.
 */
export function toStreamEvent(o: Readonly<Record<string, unknown>>, line: string): StreamEvent {
	const raw = (reason: RawReason): RawEvent => ({ type: 'raw', reason, line });
	const sessionId = str(o.session_id);
	switch (o.type) {
		case 'system':
			if (o.subtype === 'init') {
				if (!sessionId) {
					return raw('invalid-shape');
				}
				const tools = Array.isArray(o.tools) ? o.tools.filter((t): t is string => typeof t === 'string') : [];
				const init: SystemInitEvent = { type: 'system', subtype: 'init', sessionId, model: str(o.model), tools, cwd: str(o.cwd) };
				return typeof o.permissionMode === 'string' ? { ...init, permissionMode: o.permissionMode } : init;
			}
			if (o.subtype === 'api_retry') {
				return {
					type: 'system',
					subtype: 'api_retry',
					sessionId,
					attempt: num(o.attempt),
					maxRetries: num(o.max_retries),
					retryDelayMs: num(o.retry_delay_ms),
					errorStatus: typeof o.error_status === 'number' ? o.error_status : null,
					error: str(o.error),
				};
			}
			if (o.subtype === 'status') {
				return { type: 'system', subtype: 'status', sessionId, status: typeof o.status === 'string' ? o.status : null };
			}
			return raw('unknown-type');
		case 'assistant': {
			const m = o.message;
			if (!isObject(m) || !Array.isArray(m.content)) {
				return raw('invalid-shape');
			}
			const model = str(m.model);
			return {
				type: 'assistant',
				sessionId,
				messageId: str(m.id),
				model,
				parentToolUseId: parentId(o.parent_tool_use_id),
				content: m.content.map(assistantBlock),
				synthetic: model === '<synthetic>',
			};
		}
		case 'user': {
			const m = o.message;
			if (!isObject(m)) {
				return raw('invalid-shape');
			}
			// A plain string is how a replayed prompt arrives; treat it as one text block.
			const content = typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : Array.isArray(m.content) ? m.content.map(userBlock) : undefined;
			if (!content) {
				return raw('invalid-shape');
			}
			return { type: 'user', sessionId, parentToolUseId: parentId(o.parent_tool_use_id), content };
		}
		case 'stream_event': {
			const e = o.event;
			if (!isObject(e) || typeof e.type !== 'string') {
				return raw('invalid-shape');
			}
			const partial: PartialEvent = {
				type: 'stream_event',
				sessionId,
				parentToolUseId: parentId(o.parent_tool_use_id),
				eventType: e.type,
				...(typeof e.index === 'number' && Number.isInteger(e.index) ? { index: e.index } : {}),
				event: e,
			};
			return { ...partial, ...deltaFields(e.delta) };
		}
		case 'result': {
			if (typeof o.subtype !== 'string') {
				return raw('invalid-shape');
			}
			const usage = resultUsage(o.usage, o.modelUsage);
			return {
				type: 'result',
				subtype: o.subtype,
				// Older CLIs left `is_error` out of error subtypes; the subtype still says it.
				isError: typeof o.is_error === 'boolean' ? o.is_error : o.subtype !== 'success',
				...(typeof o.result === 'string' ? { result: o.result } : {}),
				sessionId,
				totalCostUsd: num(o.total_cost_usd),
				durationMs: num(o.duration_ms),
				...(typeof o.duration_api_ms === 'number' ? { durationApiMs: o.duration_api_ms } : {}),
				numTurns: num(o.num_turns),
				...(usage ? { usage } : {}),
				...(typeof o.api_error_status === 'number' ? { apiErrorStatus: o.api_error_status } : {}),
				permissionDenials: Array.isArray(o.permission_denials) ? o.permission_denials.length : 0,
				...(Array.isArray(o.errors) ? { errors: o.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) } : {}),
			};
		}
		default:
			return raw('unknown-type');
	}
}
