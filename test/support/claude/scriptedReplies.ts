/**
 * Scripted replies for the Messages API stand-in, and the server-sent events they turn into.
 * Event shapes follow the real streaming API: `message_start`, `content_block_start`,
 * `content_block_delta` (`text_delta`, `input_json_delta`, `thinking_delta`, `signature_delta`),
 * `content_block_stop`, `message_delta` (stop reason and usage), `message_stop`, plus `ping`.
 */

/** One content block the stand-in streams. */
export type ScriptedBlock =
	| { readonly type: 'text'; readonly text: string }
	| { readonly type: 'thinking'; readonly thinking: string }
	| { readonly type: 'tool_use'; readonly name: string; readonly input: Record<string, unknown>; readonly id?: string };

/** Pacing and failure options of a streamed reply. */
export interface StreamOptions {
	/** Milliseconds to wait before each delta, so a test can cancel mid-stream. */
	readonly delayMs?: number;
	/** Characters per `text_delta`/`thinking_delta`; a word per delta when absent. */
	readonly chunkSize?: number;
	/** Destroy the socket after this many deltas have been written (a cut stream). */
	readonly cutAfterDeltas?: number;
	/**
	 * Stop writing after this many deltas and hold the connection open until the client leaves:
	 * a run that stays RUNNING for as long as a test needs, without depending on time.
	 */
	readonly stallAfterDeltas?: number;
	/**
	 * Send nothing until the stand-in's gate of this name opens (`openGate`, or a POST to
	 * `/_stand-in/gates/<name>`): a test holds a run between two turns while it looks at the first.
	 */
	readonly heldUntil?: string;
	readonly inputTokens?: number;
	readonly outputTokens?: number;
}

/** What the stand-in answers to the next main-conversation request. */
export type ScriptedReply =
	| ({ readonly kind: 'message'; readonly blocks: readonly ScriptedBlock[] } & StreamOptions)
	| { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly message: string };

/** A reply with one text block. */
export function textReply(text: string, options: StreamOptions = {}): ScriptedReply {
	return { kind: 'message', blocks: [{ type: 'text', text }], ...options };
}

/** A reply with several blocks, in order. */
export function blocksReply(blocks: readonly ScriptedBlock[], options: StreamOptions = {}): ScriptedReply {
	return { kind: 'message', blocks, ...options };
}

/** A reply asking the CLI to run one tool; its stop reason is `tool_use`. */
export function toolUseReply(name: string, input: Record<string, unknown>, preface?: string): ScriptedReply {
	const blocks: ScriptedBlock[] = preface ? [{ type: 'text', text: preface }] : [];
	blocks.push({ type: 'tool_use', name, input });
	return { kind: 'message', blocks };
}

/** A text reply streamed slowly in small deltas, for cancel tests. */
export function slowReply(text: string, delayMs: number, chunkSize = 4): ScriptedReply {
	return textReply(text, { delayMs, chunkSize });
}

/** A text reply whose socket is destroyed after `afterDeltas` deltas. */
export function cutReply(text: string, afterDeltas: number, chunkSize = 4): ScriptedReply {
	return textReply(text, { cutAfterDeltas: afterDeltas, chunkSize });
}

/** A reply that sends its first delta and then nothing more, until the CLI goes away. */
export function stalledReply(text = 'Working on it'): ScriptedReply {
	return textReply(text, { stallAfterDeltas: 1, chunkSize: 4 });
}

/** HTTP 529 with the API's `overloaded_error` body. */
export function overloadedReply(): ScriptedReply {
	return { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' };
}

/** HTTP 401 with the API's `authentication_error` body. */
export function unauthorizedReply(): ScriptedReply {
	return { kind: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' };
}

/** One server-sent event: its name and JSON payload. */
export interface SseEvent {
	readonly event: string;
	readonly data: Record<string, unknown>;
	/** True for deltas, which count towards `cutAfterDeltas` and wait `delayMs`. */
	readonly isDelta: boolean;
}

/** The API's JSON error body. */
export function errorBody(errorType: string, message: string, requestId: string): Record<string, unknown> {
	return { type: 'error', error: { type: errorType, message }, request_id: requestId };
}

/**
 * The deltas of a block's text: `size` characters each, or, without a size, a word each with the
 * space after it, as the real API streams a few tokens at a time.
 */
function chunks(text: string, size: number | undefined): string[] {
	if (!size || size <= 0) {
		const words = text.match(/\s*\S+\s*/g);
		return words && words.join('') === text ? words : [text];
	}
	if (text.length <= size) {
		return [text];
	}
	const out: string[] = [];
	for (let i = 0; i < text.length; i += size) {
		out.push(text.slice(i, i + size));
	}
	return out;
}

/** Builds the complete event sequence of a streamed message reply. */
export function messageEvents(
	reply: Extract<ScriptedReply, { kind: 'message' }>,
	ids: { readonly messageId: string; readonly model: string; readonly nextToolId: () => string },
): SseEvent[] {
	const inputTokens = reply.inputTokens ?? 25;
	const events: SseEvent[] = [];
	const push = (event: string, data: Record<string, unknown>, isDelta = false) => events.push({ event, data: { type: event, ...data }, isDelta });
	push('message_start', {
		message: {
			id: ids.messageId,
			type: 'message',
			role: 'assistant',
			model: ids.model,
			content: [],
			stop_reason: null,
			stop_sequence: null,
			usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
		},
	});
	let outputTokens = 0;
	reply.blocks.forEach((block, index) => {
		if (index === 0) {
			push('ping', {});
		}
		if (block.type === 'text') {
			push('content_block_start', { index, content_block: { type: 'text', text: '' } });
			for (const text of chunks(block.text, reply.chunkSize)) {
				push('content_block_delta', { index, delta: { type: 'text_delta', text } }, true);
			}
			outputTokens += Math.ceil(block.text.length / 4);
		} else if (block.type === 'thinking') {
			push('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
			for (const thinking of chunks(block.thinking, reply.chunkSize)) {
				push('content_block_delta', { index, delta: { type: 'thinking_delta', thinking } }, true);
			}
			push('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'c3RhbmQtaW4tc2lnbmF0dXJl' } }, true);
			outputTokens += Math.ceil(block.thinking.length / 4);
		} else {
			const json = JSON.stringify(block.input);
			push('content_block_start', { index, content_block: { type: 'tool_use', id: block.id ?? ids.nextToolId(), name: block.name, input: {} } });
			// The real API opens every tool input with an empty partial and then streams JSON fragments.
			push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }, true);
			for (const partial of chunks(json, reply.chunkSize ?? 16)) {
				push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } }, true);
			}
			outputTokens += Math.ceil(json.length / 4);
		}
		push('content_block_stop', { index });
	});
	const stopReason = reply.blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
	push('message_delta', {
		delta: { stop_reason: stopReason, stop_sequence: null },
		usage: { output_tokens: reply.outputTokens ?? Math.max(1, outputTokens) },
	});
	push('message_stop', {});
	return events;
}

/** Encodes one event in the `text/event-stream` wire format. */
export function encodeSse(e: SseEvent): string {
	return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
