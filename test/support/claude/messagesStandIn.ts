/**
 * A local stand-in for the Anthropic Messages API, for running the real Claude CLI in tests.
 *
 * What CLI 2.1.x calls, measured against this server with the environment of `cliFixture.ts`:
 * `HEAD /` (a reachability probe) and `POST /v1/messages?beta=true` with `stream: true`. With
 * nonessential traffic allowed it also asks, on the same model, for a session title (`tools: []`,
 * structured output). After a stream is cut it repeats the request without `stream`. Anything
 * else is answered 404 with an API error body and listed in {@link MessagesStandIn.unknownRequests}.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { encodeSse, errorBody, messageEvents, textReply, type ScriptedReply } from './scriptedReplies';

export * from './scriptedReplies';

/** How the stand-in classified a request. */
export type RequestKind = 'main' | 'side' | 'countTokens' | 'probe' | 'unknown';

/** One request as the stand-in received it. */
export interface RecordedRequest {
	readonly method: string;
	readonly url: string;
	readonly headers: http.IncomingHttpHeaders;
	/** Parsed JSON body, or `undefined` when the body was empty or not JSON. */
	readonly body: MessagesRequestBody | undefined;
	readonly kind: RequestKind;
	readonly receivedAt: number;
}

/** The parts of a Messages API request body the tests look at. */
export interface MessagesRequestBody {
	readonly model?: string;
	readonly stream?: boolean;
	readonly system?: unknown;
	readonly tools?: readonly { readonly name: string }[];
	readonly messages?: readonly { readonly role: string; readonly content: unknown }[];
	readonly [key: string]: unknown;
}

/** Options of {@link MessagesStandIn}. */
export interface StandInOptions {
	/** Reply when the queue is empty; a recognisable text so a missing script shows in the output. */
	readonly defaultReply?: ScriptedReply;
	/**
	 * Tells a side request (titles, summaries, quota probes with a small model) from the main
	 * conversation. Side requests get a harmless answer and never consume a scripted reply.
	 */
	readonly isSideRequest?: (body: MessagesRequestBody) => boolean;
}

/**
 * The CLI's main conversation offers tools. Its side queries (the session title, measured with
 * 2.1.x when nonessential traffic is allowed) use the same model but send `tools: []` and ask for
 * structured output, so the model name alone cannot tell them apart. Streaming cannot either:
 * after a stream is cut the CLI repeats the main request without `stream`.
 */
export function defaultIsSideRequest(body: MessagesRequestBody): boolean {
	const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
	return !hasTools || structuredSchema(body) !== undefined;
}

function structuredSchema(body: MessagesRequestBody): Record<string, unknown> | undefined {
	const config = body.output_config as { format?: { type?: string; schema?: Record<string, unknown> } } | undefined;
	return config?.format?.type === 'json_schema' ? (config.format.schema ?? {}) : undefined;
}

/** Harmless answer to a side query: JSON that fits a requested schema, else a short text. */
function sideReply(body: MessagesRequestBody): ScriptedReply {
	const schema = structuredSchema(body);
	if (!schema) {
		return textReply('OK');
	}
	const props = (schema.properties ?? {}) as Record<string, { type?: string }>;
	const value: Record<string, unknown> = {};
	for (const [key, prop] of Object.entries(props)) {
		value[key] = prop.type === 'number' || prop.type === 'integer' ? 0 : prop.type === 'boolean' ? false : prop.type === 'array' ? [] : 'Stand-in';
	}
	return textReply(JSON.stringify(value));
}

/**
 * A local stand-in for the Anthropic Messages API on 127.0.0.1. Main-conversation requests take
 * the next scripted reply from a queue; every request is recorded.
 */
export class MessagesStandIn {
	/** Every request received, in order. */
	readonly requests: RecordedRequest[] = [];
	private readonly queue: ScriptedReply[] = [];
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
	private counter = 0;
	private readonly defaultReply: ScriptedReply;
	private readonly isSide: (body: MessagesRequestBody) => boolean;
	private responder: ((body: MessagesRequestBody) => ScriptedReply | undefined) | undefined;
	/** Gates by name: opened ones resolved, closed ones with the replies that wait on them. */
	private readonly gates = new Map<string, { opened: boolean; open: () => void; promise: Promise<void> }>();

	private constructor(options: StandInOptions) {
		this.defaultReply = options.defaultReply ?? textReply('(stand-in: no scripted reply)');
		this.isSide = options.isSideRequest ?? defaultIsSideRequest;
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	/** Starts a stand-in on an ephemeral port of 127.0.0.1. */
	static async start(options: StandInOptions = {}): Promise<MessagesStandIn> {
		const standIn = new MessagesStandIn(options);
		await new Promise<void>((resolve, reject) => {
			standIn.server.once('error', reject);
			standIn.server.listen(0, '127.0.0.1', () => resolve());
		});
		return standIn;
	}

	/** Base URL for `ANTHROPIC_BASE_URL`. */
	get baseUrl(): string {
		const { port } = this.server.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** Appends replies for the next main-conversation requests, in order. */
	enqueue(...replies: ScriptedReply[]): void {
		this.queue.push(...replies);
	}

	/**
	 * Answers main requests by their content, before the queue is consulted (`undefined` falls
	 * through to it). For runs in parallel, whose order of arrival is not fixed.
	 */
	respondWith(responder: ((body: MessagesRequestBody) => ScriptedReply | undefined) | undefined): void {
		this.responder = responder;
	}

	/** Replies not yet consumed. */
	get pending(): number {
		return this.queue.length;
	}

	/** Main-conversation requests only. */
	get mainRequests(): RecordedRequest[] {
		return this.requests.filter((r) => r.kind === 'main');
	}

	/** Requests to routes the stand-in does not know, so a test can assert there were none. */
	get unknownRequests(): RecordedRequest[] {
		return this.requests.filter((r) => r.kind === 'unknown');
	}

	/** Resolves with the first recorded (or future) request matching `predicate`. */
	waitForRequest(predicate: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
		const found = this.requests.find(predicate);
		if (found) {
			return Promise.resolve(found);
		}
		return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
	}

	/** Lets every reply held until `name` (see `heldUntil`) go on, and the ones that come later. */
	openGate(name: string): void {
		const gate = this.gate(name);
		gate.opened = true;
		gate.open();
	}

	private gate(name: string): { opened: boolean; open: () => void; promise: Promise<void> } {
		let gate = this.gates.get(name);
		if (!gate) {
			let open = (): void => undefined;
			const promise = new Promise<void>((resolve) => (open = resolve));
			gate = { opened: false, open, promise };
			this.gates.set(name, gate);
		}
		return gate;
	}

	/** Forgets recorded requests and pending replies between tests. */
	reset(): void {
		this.requests.length = 0;
		this.queue.length = 0;
		this.responder = undefined;
		this.gates.clear();
	}

	/** Stops listening and destroys open connections. */
	async close(): Promise<void> {
		for (const socket of this.sockets) {
			socket.destroy();
		}
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private record(req: http.IncomingMessage, body: MessagesRequestBody | undefined, kind: RequestKind): RecordedRequest {
		const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, kind, receivedAt: Date.now() };
		this.requests.push(rec);
		for (const waiter of [...this.waiters]) {
			if (waiter.predicate(rec)) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve(rec);
			}
		}
		return rec;
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: MessagesRequestBody | undefined;
			try {
				body = raw ? (JSON.parse(raw) as MessagesRequestBody) : undefined;
			} catch {
				body = undefined;
			}
			const path = (req.url ?? '/').split('?')[0];
			const requestId = `req_standin_${++this.counter}`;
			res.setHeader('request-id', requestId);
			if (req.method === 'POST' && path === '/v1/messages' && body) {
				const side = this.isSide(body);
				this.record(req, body, side ? 'side' : 'main');
				const reply = side ? sideReply(body) : (this.responder?.(body) ?? this.queue.shift() ?? this.defaultReply);
				void this.reply(reply, body, requestId, res);
			} else if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
				this.record(req, body, 'countTokens');
				this.json(res, 200, { input_tokens: Math.max(1, Math.ceil(raw.length / 4)) });
			} else if (req.method === 'POST' && path.startsWith('/_stand-in/gates/')) {
				// The stand-in's own control route, for a test in another process (the UI tier).
				this.openGate(decodeURIComponent(path.slice('/_stand-in/gates/'.length)));
				this.json(res, 200, { opened: true });
			} else if (req.method === 'HEAD' || (req.method === 'GET' && path === '/')) {
				// The CLI probes the base URL for reachability before its first request.
				this.record(req, body, 'probe');
				res.writeHead(200).end();
			} else {
				this.record(req, body, 'unknown');
				this.json(res, 404, errorBody('not_found_error', `stand-in: no route ${req.method} ${path}`, requestId));
			}
		});
	}

	private json(res: http.ServerResponse, status: number, payload: unknown): void {
		res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
	}

	private async reply(reply: ScriptedReply, body: MessagesRequestBody, requestId: string, res: http.ServerResponse): Promise<void> {
		if (reply.kind === 'error') {
			// No retry-after hint: the tests bound the CLI's retries through CLAUDE_CODE_MAX_RETRIES instead.
			this.json(res, reply.status, errorBody(reply.errorType, reply.message, requestId));
			return;
		}
		const n = this.counter;
		const ids = { messageId: `msg_standin_${n}`, model: body.model ?? 'claude-stand-in', nextToolId: () => `toolu_standin_${n}_${++this.counter}` };
		const events = messageEvents(reply, ids);
		if (reply.heldUntil !== undefined) {
			// Held before the status line, as a slow model is; a client that leaves ends the wait.
			const left = new Promise<void>((resolve) => res.once('close', resolve));
			await Promise.race([this.gate(reply.heldUntil).promise, left]);
			if (res.destroyed || res.socket?.destroyed) {
				return;
			}
		}
		if (body.stream !== true) {
			if (reply.cutAfterDeltas !== undefined) {
				res.socket?.destroy();
			} else {
				this.json(res, 200, collapse(events));
			}
			return;
		}
		res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
		let deltas = 0;
		for (const e of events) {
			if (e.isDelta) {
				if (reply.stallAfterDeltas !== undefined && deltas >= reply.stallAfterDeltas) {
					// Held until the CLI is killed (or close() destroys the socket).
					await new Promise((resolve) => res.once('close', resolve));
					return;
				}
				if (reply.cutAfterDeltas !== undefined && deltas >= reply.cutAfterDeltas) {
					res.socket?.destroy();
					return;
				}
				if (reply.delayMs) {
					await new Promise((r) => setTimeout(r, reply.delayMs));
				}
				deltas++;
			}
			if (res.destroyed || res.socket?.destroyed) {
				// The client went away (cancelled): stop writing rather than raise EPIPE.
				return;
			}
			// Wait for each write to reach the socket, so a cut comes after what was already sent.
			await new Promise<void>((resolve) => res.write(encodeSse(e), () => resolve()));
		}
		res.end();
	}
}

/** Folds streamed events into the non-streaming response shape, for the rare non-streaming call. */
function collapse(events: ReturnType<typeof messageEvents>): Record<string, unknown> {
	const start = events[0].data.message as Record<string, unknown>;
	const content: Record<string, unknown>[] = [];
	const json: string[] = [];
	let stop: unknown = null;
	let usage: Record<string, unknown> = {};
	for (const { data } of events) {
		if (data.type === 'content_block_start') {
			content.push({ ...(data.content_block as Record<string, unknown>) });
			json.push('');
		} else if (data.type === 'content_block_delta') {
			const i = content.length - 1;
			const delta = data.delta as Record<string, string>;
			if (delta.type === 'text_delta') {
				content[i].text = String(content[i].text) + delta.text;
			} else if (delta.type === 'thinking_delta') {
				content[i].thinking = String(content[i].thinking) + delta.thinking;
			} else if (delta.type === 'signature_delta') {
				content[i].signature = delta.signature;
			} else {
				json[i] += delta.partial_json;
			}
		} else if (data.type === 'message_delta') {
			stop = (data.delta as Record<string, unknown>).stop_reason;
			usage = data.usage as Record<string, unknown>;
		}
	}
	content.forEach((block, i) => {
		if (block.type === 'tool_use') {
			block.input = JSON.parse(json[i] || '{}');
		}
	});
	return { ...start, content, stop_reason: stop, usage: { ...(start.usage as Record<string, unknown>), ...usage } };
}
