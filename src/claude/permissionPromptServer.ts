/**
 * The permission prompt server (bundled as dist/permissionPrompt.js): a minimal MCP server over
 * stdio that the Claude CLI starts for a run given `--permission-prompt-tool`. The CLI calls its
 * one tool with `{ tool_name, input, tool_use_id }` whenever the agent wants a tool it was not
 * allowed; the server asks the host over the local socket (permissionBridge.ts) and answers the
 * CLI with the JSON text the CLI expects: `{"behavior":"allow","updatedInput":…}` or
 * `{"behavior":"deny","message":…}`. Anything that goes wrong on the way is a deny.
 *
 * MCP here is JSON-RPC 2.0, one message per line: `initialize`, `notifications/initialized`,
 * `tools/list` and `tools/call` are all the CLI sends (measured with CLI 2.1.197).
 */
import * as net from 'node:net';
import {
	PERMISSION_PROMPT_TOOL, PERMISSION_SOCKET_ENV, PERMISSION_TOKEN_ENV, type PermissionWireReply, type PermissionWireRequest,
} from './permissionWire';

interface RpcMessage {
	readonly jsonrpc?: string;
	readonly id?: string | number | null;
	readonly method?: string;
	readonly params?: Record<string, unknown>;
}

const TOOL = {
	name: PERMISSION_PROMPT_TOOL,
	description: 'Asks the person in VS Code whether the agent may use a tool it was not allowed.',
	inputSchema: {
		type: 'object',
		properties: { tool_name: { type: 'string' }, input: { type: 'object' }, tool_use_id: { type: 'string' } },
		required: ['tool_name', 'input'],
	},
};

function send(message: Record<string, unknown>): void {
	process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

/** Asks the host; any failure (no socket, closed early, bad reply) is a deny. */
function askHost(request: PermissionWireRequest): Promise<PermissionWireReply> {
	const socketPath = process.env[PERMISSION_SOCKET_ENV];
	const unreachable: PermissionWireReply = { behavior: 'deny', message: 'VS Code could not be asked for permission; denied.' };
	if (!socketPath) {
		return Promise.resolve(unreachable);
	}
	return new Promise((resolve) => {
		let reply = '';
		const socket = net.connect(socketPath, () => socket.write(`${JSON.stringify(request)}\n`));
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => (reply += chunk));
		socket.on('error', () => resolve(unreachable));
		socket.on('close', () => {
			try {
				const parsed = JSON.parse(reply.trim()) as PermissionWireReply;
				resolve(parsed.behavior === 'allow' || parsed.behavior === 'deny' ? parsed : unreachable);
			} catch {
				resolve(unreachable);
			}
		});
	});
}

async function callTool(message: RpcMessage): Promise<void> {
	const args = (message.params?.arguments ?? {}) as { tool_name?: unknown; input?: unknown; tool_use_id?: unknown };
	const input = args.input && typeof args.input === 'object' ? args.input : {};
	const reply = await askHost({
		token: process.env[PERMISSION_TOKEN_ENV] ?? '',
		tool: typeof args.tool_name === 'string' ? args.tool_name : 'unknown',
		input,
		...(typeof args.tool_use_id === 'string' ? { toolUseId: args.tool_use_id } : {}),
	});
	// The CLI runs the tool with `updatedInput`; pass the input back unchanged.
	const text = JSON.stringify(reply.behavior === 'allow' ? { behavior: 'allow', updatedInput: input } : reply);
	send({ id: message.id, result: { content: [{ type: 'text', text }] } });
}

function handle(message: RpcMessage): void {
	switch (message.method) {
		case 'initialize':
			send({
				id: message.id,
				result: {
					protocolVersion: typeof message.params?.protocolVersion === 'string' ? message.params.protocolVersion : '2025-06-18',
					capabilities: { tools: {} },
					serverInfo: { name: 'meta-gothic-permissions', version: '1.0.0' },
				},
			});
			return;
		case 'tools/list':
			send({ id: message.id, result: { tools: [TOOL] } });
			return;
		case 'tools/call':
			if (message.params?.name !== PERMISSION_PROMPT_TOOL) {
				send({ id: message.id, error: { code: -32602, message: `Unknown tool: ${String(message.params?.name)}` } });
				return;
			}
			void callTool(message);
			return;
		case 'ping':
			send({ id: message.id, result: {} });
			return;
		default:
			// Notifications (no id) need no answer; unknown requests get "method not found".
			if (message.id !== undefined && message.id !== null) {
				send({ id: message.id, error: { code: -32601, message: `Method not found: ${String(message.method)}` } });
			}
	}
}

let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
	buffer += chunk;
	let nl: number;
	while ((nl = buffer.indexOf('\n')) >= 0) {
		const line = buffer.slice(0, nl).trim();
		buffer = buffer.slice(nl + 1);
		if (!line) {
			continue;
		}
		try {
			handle(JSON.parse(line) as RpcMessage);
		} catch {
			send({ id: null, error: { code: -32700, message: 'Parse error' } });
		}
	}
});
// No exit on stdin's end: a question still out to the host is answered first, and then nothing
// keeps the process alive (the CLI closes stdin when the run ends; the host denies what is left).
