/**
 * Parser for the Claude CLI's `--output-format stream-json` output: one JSON object per line,
 * each mapped to a typed {@link StreamEvent} (streamEvents.ts). A line that is not JSON, too deep
 * or too long becomes a `raw` event instead of an exception.
 */
import { StringDecoder } from 'node:string_decoder';
import { toStreamEvent, type RawEvent, type StreamEvent } from './streamEvents';

export * from './streamEvents';

/**
 * Deepest nesting a line may have. Deeper values parse, but `JSON.stringify` (the run store, the
 * tool-result flattening) overflows the stack on them at a few thousand levels; no real message
 * comes close.
 */
export const MAX_JSON_DEPTH = 256;

/** True when `value` nests arrays and objects deeper than `limit`; iterative, so it cannot overflow itself. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
	const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	for (let item = stack.pop(); item; item = stack.pop()) {
		if (typeof item.value !== 'object' || item.value === null) {
			continue;
		}
		if (item.depth >= limit) {
			return true;
		}
		for (const child of Object.values(item.value)) {
			stack.push({ value: child, depth: item.depth + 1 });
		}
	}
	return false;
}

/** Parses one line; `undefined` for a blank line. Never throws. */
export function parseStreamJsonLine(line: string): StreamEvent | undefined {
	const trimmed = line.trim();
	if (!trimmed) {
		return undefined;
	}
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		return { type: 'raw', reason: 'invalid-json', line: trimmed };
	}
	const isJsonObject = typeof value === 'object' && value !== null && !Array.isArray(value);
	return isJsonObject && !nestsDeeperThan(value, MAX_JSON_DEPTH) ? toStreamEvent(value as Record<string, unknown>, trimmed) : { type: 'raw', reason: 'invalid-shape', line: trimmed };
}

/** Parses a whole captured output at once. */
export function parseStreamJson(text: string): StreamEvent[] {
	const parser = new StreamJsonParser();
	return [...parser.push(text), ...parser.end()];
}

/** Default cap of one line (the CLI prints whole file contents in tool results). */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Incremental parser for a stdout stream. Feed chunks with {@link push}; call {@link end} at EOF
 * to flush a last line without a newline. Handles UTF-8 sequences split across chunks and CRLF.
 */
export class StreamJsonParser {
	private readonly decoder = new StringDecoder('utf8');
	private buffer = '';
	/** Set while skipping the rest of an over-long line. */
	private discarding = false;

	constructor(private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS) {}

	/** Feeds one chunk and returns the events of every line it completed. */
	push(chunk: Buffer | string): StreamEvent[] {
		const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
		return this.consume(text);
	}

	/** Flushes the final partial line, if any. */
	end(): StreamEvent[] {
		const events = this.consume(this.decoder.end());
		const rest = this.buffer;
		this.buffer = '';
		if (this.discarding) {
			this.discarding = false;
			return events;
		}
		const last = parseStreamJsonLine(rest);
		return last ? [...events, last] : events;
	}

	private consume(text: string): StreamEvent[] {
		const events: StreamEvent[] = [];
		let start = 0;
		for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
			const piece = text.slice(start, nl);
			start = nl + 1;
			if (this.discarding) {
				this.discarding = false;
				this.buffer = '';
				continue;
			}
			const line = this.buffer + piece;
			this.buffer = '';
			// The cap holds for a line that arrived whole too: how stdout was chunked must not matter.
			if (line.length > this.maxLineChars) {
				events.push(this.tooLong(line));
				continue;
			}
			// trim() in the line parser removes a trailing '\r' of CRLF output.
			const event = parseStreamJsonLine(line);
			if (event) {
				events.push(event);
			}
		}
		if (!this.discarding) {
			this.buffer += text.slice(start);
			if (this.buffer.length > this.maxLineChars) {
				events.push(this.tooLong(this.buffer));
				this.buffer = '';
				this.discarding = true;
			}
		}
		return events;
	}

	/** Keeps a prefix so the event still says what it was; the prefix is never longer than the cap, so it does not depend on the chunking either. */
	private tooLong(line: string): RawEvent {
		return { type: 'raw', reason: 'line-too-long', line: line.slice(0, Math.min(1024, this.maxLineChars)) };
	}
}
