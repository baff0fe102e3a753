/**
 * One-line, human-readable text of a stream event, for the run transcript in the tree, the
 * dashboard and the GraphQL `AgentRunEvent.text` field.
 */
import type { StreamEvent } from './streamJson';

/** Characters of a tool input or result shown before it is cut. */
const PREVIEW_CHARS = 500;

function preview(text: string): string {
	const flat = text.trim();
	return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** The input argument most tools are known by; the JSON of the input otherwise. */
function toolSummary(name: string, input: unknown): string {
	if (typeof input === 'object' && input !== null) {
		const i = input as Record<string, unknown>;
		for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'description', 'prompt']) {
			if (typeof i[key] === 'string') {
				return `${name}: ${preview(i[key] as string)}`;
			}
		}
	}
	return `${name}: ${preview(JSON.stringify(input) ?? '')}`;
}

/** Text of an event, or `null` for events with nothing to read (stream bookkeeping, the CLI's status). */
export function describeEvent(event: StreamEvent): string | null {
	switch (event.type) {
		case 'system':
			if (event.subtype === 'status') {
				return null;
			}
			return event.subtype === 'init'
				? `Session ${event.sessionId} started (${event.model || 'default model'}) in ${event.cwd}`
				: `Retrying the API request (${event.attempt}/${event.maxRetries}${event.errorStatus ? `, HTTP ${event.errorStatus}` : ''})`;
		case 'assistant': {
			const parts = event.content.map((b) => (b.type === 'text' ? b.text : b.type === 'thinking' ? `(thinking) ${preview(b.thinking)}` : b.type === 'tool_use' ? toolSummary(b.name, b.input) : ''));
			const text = parts.filter(Boolean).join('\n');
			return text || null;
		}
		case 'user': {
			const parts = event.content.map((b) => (b.type === 'tool_result' ? `${b.isError ? 'Tool error' : 'Tool result'}: ${preview(b.content)}` : b.type === 'text' ? b.text : ''));
			const text = parts.filter(Boolean).join('\n');
			return text || null;
		}
		case 'stream_event':
			return event.textDelta ?? null;
		case 'result': {
			const cost = `$${event.totalCostUsd.toFixed(4)}, ${event.numTurns} turn${event.numTurns === 1 ? '' : 's'}, ${(event.durationMs / 1000).toFixed(1)} s`;
			const text = event.result ?? event.errors?.join('\n') ?? '';
			return `${event.isError ? 'Failed' : 'Finished'} (${cost})${text ? `: ${text}` : ''}`;
		}
		case 'raw':
			return event.line;
	}
}
