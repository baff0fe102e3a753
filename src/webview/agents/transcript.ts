/**
 * A run's transcript built from its events: what Claude said, each tool call with its input and
 * result, and what went wrong. Pure, so the page and its tests agree on it.
 *
 * Events come from two places that overlap: the stored transcript (read once, without the text
 * deltas) and the live stream (every event from when the page subscribed). Each event has its
 * position in the run (`seq`), so an event seen twice is dropped and a late one is put in its
 * place. Items the next events do not change keep their identity, so a memoised item is not drawn
 * again while the stream goes on.
 */

/** An event as the graph sends it: its position, its type and the event as JSON. */
export interface TranscriptEvent {
	readonly seq: number;
	readonly type: string;
	readonly text?: string | null;
	readonly json: string;
}

/** What a tool answered. */
export interface ToolResult {
	readonly text: string;
	readonly isError: boolean;
}

/** One thing a transcript shows. `key` is stable for the life of the transcript. */
export type TranscriptItem =
	| { readonly kind: 'text'; readonly key: string; readonly text: string }
	| { readonly kind: 'thinking'; readonly key: string; readonly text: string }
	| { readonly kind: 'tool'; readonly key: string; readonly id: string; readonly name: string; readonly summary: string; readonly input: unknown; readonly result?: ToolResult }
	| { readonly kind: 'error'; readonly key: string; readonly text: string }
	| { readonly kind: 'note'; readonly key: string; readonly text: string }
	| { readonly kind: 'finished'; readonly key: string; readonly text: string };

/** What the block being streamed is: Claude's text, its thinking, or a tool call's input (with the tool's name). */
export type DraftKind = { readonly kind: 'text' } | { readonly kind: 'thinking' } | { readonly kind: 'tool'; readonly name: string };

/** A transcript: its items in order, and the block still streaming in as deltas. */
export interface Transcript {
	readonly items: readonly TranscriptItem[];
	/** What of the block being streamed has arrived (text, thinking or tool input JSON), until its complete event replaces it. */
	readonly draft: string;
	/** What the streamed block is. */
	readonly drafting: DraftKind;
	/** Every event taken, by position. */
	readonly events: readonly TranscriptEvent[];
	readonly seen: ReadonlySet<number>;
	/** Where each tool call is in `items`, by the call's id, so its result lands on it. */
	readonly tools: ReadonlyMap<string, number>;
	/** Results that came before their call (a call cut from a capped log). */
	readonly orphans: ReadonlyMap<string, ToolResult>;
}

/** The transcript of a run no event has arrived for. */
export const EMPTY_TRANSCRIPT: Transcript = { items: [], draft: '', drafting: { kind: 'text' }, events: [], seen: new Set(), tools: new Map(), orphans: new Map() };

const TEXT: DraftKind = { kind: 'text' };
const THINKING: DraftKind = { kind: 'thinking' };

/** Characters of a tool input summary: one line, so the folded call reads as one. */
const SUMMARY_CHARS = 120;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS - 1)}…` : flat;
}

/** The input fields a tool is known by, in the order they are looked for. */
const KNOWN_BY = ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt'];

/** The argument a tool is known by (the command, the file, the pattern…), else its input as JSON, on one line. */
export function toolInputSummary(input: unknown): string {
	if (isObject(input)) {
		for (const key of KNOWN_BY) {
			const value = input[key];
			if (typeof value === 'string' && value.trim()) {
				return oneLine(value);
			}
		}
	}
	return oneLine(JSON.stringify(input) ?? '');
}

/**
 * The summary of a tool input still streaming in as JSON fragments (`{"command": "npm te`): the
 * argument it is known by as far as it has come, else the fragments on one line.
 */
export function partialToolInputSummary(json: string): string {
	try {
		return toolInputSummary(JSON.parse(json));
	} catch {
		// Not whole yet: read the known argument's string up to where it has come.
	}
	for (const key of KNOWN_BY) {
		const found = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)`).exec(json);
		if (found?.[1]) {
			return oneLine(found[1].replace(/\\(["\\/])/g, '$1').replace(/\\n/g, ' ').replace(/\\t/g, ' '));
		}
	}
	return oneLine(json);
}

function parse(json: string): Json | undefined {
	try {
		const value: unknown = JSON.parse(json);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function money(usd: unknown): string {
	return typeof usd === 'number' ? `$${usd.toFixed(4)}` : '';
}

/** The mutable working copy one batch of events is applied to. */
interface Draft {
	items: TranscriptItem[];
	draft: string;
	drafting: DraftKind;
	tools: Map<string, number>;
	orphans: Map<string, ToolResult>;
}

function push(d: Draft, item: TranscriptItem): void {
	d.items.push(item);
}

function applyAssistant(d: Draft, seq: number, event: Json): void {
	const content = Array.isArray(event.content) ? event.content : [];
	// The CLI makes up an assistant message of its own to report an API error.
	if (event.synthetic === true) {
		const text = content.map((b: unknown) => (isObject(b) && typeof b.text === 'string' ? b.text : '')).join('\n').trim();
		d.draft = '';
		push(d, { kind: 'error', key: `${seq}`, text: text || 'The request to Claude failed.' });
		return;
	}
	content.forEach((block: unknown, i: number) => {
		if (!isObject(block)) {
			return;
		}
		const key = `${seq}.${i}`;
		if (block.type === 'text' && typeof block.text === 'string' && block.text) {
			d.draft = '';
			push(d, { kind: 'text', key, text: block.text });
		} else if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking) {
			d.draft = '';
			push(d, { kind: 'thinking', key, text: block.thinking });
		} else if (block.type === 'tool_use') {
			const id = typeof block.id === 'string' ? block.id : key;
			const name = typeof block.name === 'string' ? block.name : 'tool';
			d.draft = '';
			d.tools.set(id, d.items.length);
			const result = d.orphans.get(id);
			d.orphans.delete(id);
			push(d, { kind: 'tool', key, id, name, summary: toolInputSummary(block.input), input: block.input, ...(result ? { result } : {}) });
		}
	});
}

function applyUser(d: Draft, event: Json): void {
	const content = Array.isArray(event.content) ? event.content : [];
	for (const block of content) {
		if (!isObject(block) || block.type !== 'tool_result') {
			continue;
		}
		const id = typeof block.toolUseId === 'string' ? block.toolUseId : '';
		const result: ToolResult = { text: typeof block.content === 'string' ? block.content : JSON.stringify(block.content ?? ''), isError: block.isError === true };
		const at = d.tools.get(id);
		const call = at === undefined ? undefined : d.items[at];
		if (call?.kind === 'tool') {
			// A new object for this call only: the other items keep theirs.
			d.items[at!] = { ...call, result };
		} else {
			d.orphans.set(id, result);
		}
	}
}

function applyResult(d: Draft, seq: number, event: Json): void {
	d.draft = '';
	const facts = [money(event.totalCostUsd), typeof event.numTurns === 'number' ? `${event.numTurns} turn${event.numTurns === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
	if (event.isError === true) {
		const errors = Array.isArray(event.errors) ? event.errors.filter((e): e is string => typeof e === 'string') : [];
		const why = errors.join('\n') || (typeof event.result === 'string' && event.result) || String(event.subtype ?? 'error').replace(/_/g, ' ');
		const text = facts ? `${why} (${facts})` : why;
		const last = d.items.at(-1);
		// The CLI reports an API error twice, as its own assistant message and in the result: say it once.
		if (last?.kind === 'error' && last.text === why) {
			d.items[d.items.length - 1] = { ...last, text };
		} else {
			push(d, { kind: 'error', key: `${seq}`, text });
		}
	} else {
		push(d, { kind: 'finished', key: `${seq}`, text: facts ? `Finished (${facts})` : 'Finished' });
	}
}

/** What a `content_block_start` opens: text, thinking, or a tool call (by its name). */
function blockKind(event: unknown): DraftKind {
	const block = isObject(event) && isObject(event.content_block) ? event.content_block : undefined;
	if (block?.type === 'thinking') {
		return THINKING;
	}
	if (block?.type === 'tool_use') {
		return { kind: 'tool', name: typeof block.name === 'string' ? block.name : 'tool' };
	}
	return TEXT;
}

/** Adds a delta to the draft; a delta of another kind than the draft's starts a new one. */
function addToDraft(d: Draft, kind: DraftKind, delta: string): void {
	if (d.drafting.kind !== kind.kind) {
		d.draft = '';
		d.drafting = kind;
	}
	d.draft += delta;
}

function applyEvent(d: Draft, event: TranscriptEvent): void {
	const body = parse(event.json);
	switch (event.type) {
		case 'stream_event': {
			// A new message or block with a draft still open: the stream was cut and is being sent again.
			if (body?.eventType === 'content_block_start' || body?.eventType === 'message_start') {
				d.draft = '';
				d.drafting = body.eventType === 'content_block_start' ? blockKind(body.event) : TEXT;
			}
			if (typeof body?.textDelta === 'string') {
				addToDraft(d, TEXT, body.textDelta);
			} else if (typeof body?.thinkingDelta === 'string') {
				addToDraft(d, THINKING, body.thinkingDelta);
			} else if (typeof body?.jsonDelta === 'string') {
				addToDraft(d, d.drafting.kind === 'tool' ? d.drafting : { kind: 'tool', name: 'tool' }, body.jsonDelta);
			}
			return;
		}
		case 'assistant':
			return body ? applyAssistant(d, event.seq, body) : undefined;
		case 'user':
			return body ? applyUser(d, body) : undefined;
		case 'result':
			return body ? applyResult(d, event.seq, body) : undefined;
		case 'system':
			if (body?.subtype === 'api_retry') {
				push(d, { kind: 'note', key: `${event.seq}`, text: event.text ?? 'Retrying the request to Claude' });
			}
			return;
		case 'stderr':
			return push(d, { kind: 'error', key: `${event.seq}`, text: event.text ?? '' });
		default:
			// A line the CLI printed that is not a known event (or the note of a capped log).
			if (event.text) {
				push(d, { kind: 'note', key: `${event.seq}`, text: event.text });
			}
	}
}

function build(base: Transcript, events: readonly TranscriptEvent[], seen: ReadonlySet<number>, from: Transcript): Transcript {
	const d: Draft = { items: from.items.slice(), draft: from.draft, drafting: from.drafting, tools: new Map(from.tools), orphans: new Map(from.orphans) };
	for (const event of events) {
		applyEvent(d, event);
	}
	return { ...base, items: d.items, draft: d.draft, drafting: d.drafting, tools: d.tools, orphans: d.orphans, seen };
}

/**
 * The transcript with `incoming` taken in: events already seen are dropped, new ones after the
 * last are applied to it as they are, and one that belongs before an event already taken (the
 * stored transcript arriving after the first live events) rebuilds it in order. Returns `state`
 * itself when nothing new came.
 */
export function addEvents(state: Transcript, incoming: readonly TranscriptEvent[]): Transcript {
	const seen = new Set(state.seen);
	const fresh = incoming.filter((e) => !seen.has(e.seq) && (seen.add(e.seq), true)).sort((a, b) => a.seq - b.seq);
	if (fresh.length === 0) {
		return state;
	}
	const last = state.events.at(-1)?.seq ?? -1;
	if (fresh[0]!.seq > last) {
		return build({ ...state, events: [...state.events, ...fresh] }, fresh, seen, state);
	}
	const events = [...state.events, ...fresh].sort((a, b) => a.seq - b.seq);
	const rebuilt = build({ ...EMPTY_TRANSCRIPT, events }, events, seen, EMPTY_TRANSCRIPT);
	// Items that came out the same keep the identity they had, so their rows are not drawn again.
	const before = new Map(state.items.map((item) => [item.key, item]));
	const items = rebuilt.items.map((item) => {
		const old = before.get(item.key);
		return old && sameItem(old, item) ? old : item;
	});
	return { ...rebuilt, items };
}

function sameItem(a: TranscriptItem, b: TranscriptItem): boolean {
	if (a.kind === 'tool' || b.kind === 'tool') {
		return a.kind === 'tool' && b.kind === 'tool' && a.summary === b.summary && a.result?.text === b.result?.text && a.result?.isError === b.result?.isError;
	}
	return a.kind === b.kind && a.text === b.text;
}
