/**
 * Typed builders for lines of the CLI's stream-json output, shaped like what CLI 2.1.x prints
 * (see the captured lines in the parser tests). Each returns one JSON line without newline.
 */

type Json = Record<string, unknown>;

const SESSION = '3ca876b3-89ad-43bc-8825-80feb47ef5b4';

function line(value: Json): string {
	return JSON.stringify(value);
}

/** `system`/`init`. */
export function initLine(over: { sessionId?: string; model?: string; tools?: string[]; cwd?: string } = {}): string {
	return line({
		type: 'system',
		subtype: 'init',
		cwd: over.cwd ?? '/repo',
		session_id: over.sessionId ?? SESSION,
		tools: over.tools ?? ['Bash', 'Read', 'Edit'],
		mcp_servers: [],
		model: over.model ?? 'claude-opus-4-8[1m]',
		permissionMode: 'default',
		apiKeySource: 'ANTHROPIC_API_KEY',
		uuid: 'e7c1a4f6-0000-4000-8000-000000000001',
	});
}

/** `assistant` with the given content blocks. */
export function assistantLine(content: Json[], over: { model?: string; sessionId?: string; parentToolUseId?: string | null } = {}): string {
	return line({
		type: 'assistant',
		message: {
			id: 'msg_01',
			type: 'message',
			role: 'assistant',
			model: over.model ?? 'claude-opus-4-8',
			content,
			stop_reason: null,
			stop_sequence: null,
			usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
		},
		parent_tool_use_id: over.parentToolUseId ?? null,
		session_id: over.sessionId ?? SESSION,
		uuid: 'e7c1a4f6-0000-4000-8000-000000000002',
	});
}

/** Content block builders for {@link assistantLine} and {@link userLine}. */
export const block = {
	text: (text: string): Json => ({ type: 'text', text }),
	thinking: (thinking: string): Json => ({ type: 'thinking', thinking, signature: 'c2ln' }),
	toolUse: (name: string, input: Json, id = 'toolu_01'): Json => ({ type: 'tool_use', id, name, input }),
	toolResult: (content: unknown, isError = false, id = 'toolu_01'): Json => ({ tool_use_id: id, type: 'tool_result', content, is_error: isError }),
};

/** `user` carrying tool results. */
export function userLine(content: Json[] | string, sessionId = SESSION): string {
	return line({ type: 'user', message: { role: 'user', content }, parent_tool_use_id: null, session_id: sessionId, uuid: 'e7c1a4f6-0000-4000-8000-000000000003' });
}

/** `stream_event` wrapping one API streaming event. */
export function streamEventLine(event: Json, sessionId = SESSION): string {
	return line({ type: 'stream_event', event, session_id: sessionId, parent_tool_use_id: null, uuid: 'e7c1a4f6-0000-4000-8000-000000000004' });
}

/** `result`; success unless told otherwise. */
export function resultLine(over: { subtype?: string; isError?: boolean; result?: string; apiErrorStatus?: number | null; numTurns?: number; costUsd?: number; durationMs?: number; sessionId?: string } = {}): string {
	return line({
		type: 'result',
		subtype: over.subtype ?? 'success',
		is_error: over.isError ?? false,
		api_error_status: over.apiErrorStatus ?? null,
		duration_ms: over.durationMs ?? 79,
		duration_api_ms: 23,
		num_turns: over.numTurns ?? 1,
		result: over.result ?? 'Hello world',
		stop_reason: 'end_turn',
		session_id: over.sessionId ?? SESSION,
		total_cost_usd: over.costUsd ?? 0.0005,
		usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 15 },
		permission_denials: [],
		uuid: 'e7c1a4f6-0000-4000-8000-000000000005',
	});
}

/** The session id the builders use by default. */
export const DEFAULT_SESSION_ID = SESSION;
