/**
 * The host end of the permission channel: a local socket (a Unix socket, or a named pipe on
 * Windows) that the permission prompt server of each CLI run (permissionPromptServer.ts) connects
 * to with one request per connection. Each run gets its own random token, so the socket answers
 * only the runs this host started and no other local process can ask or answer in their name.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Disposable, toDisposable, type IDisposable } from '../common/lifecycle';
import type { PermissionInbox, PermissionOutcome } from './permissionInbox';
import { PERMISSION_PROMPT_TOOL, PERMISSION_SERVER_NAME, PERMISSION_SOCKET_ENV, PERMISSION_TOKEN_ENV, type PermissionWireReply, type PermissionWireRequest } from './permissionWire';

/** Longest request line read from the socket; a tool input can be big, but not unbounded. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** How to start the permission prompt server: a Node-compatible runtime and the bundle. */
export interface PermissionServerLaunch {
	/** Executable; the extension host's own (`process.execPath`, with ELECTRON_RUN_AS_NODE). */
	readonly command: string;
	/** Arguments; the path of dist/permissionPrompt.js. */
	readonly args: readonly string[];
	/** Extra environment of the server. */
	readonly env?: Readonly<Record<string, string>>;
}

/** What one run passes to the CLI (see `ClaudeRunOptions.permissionPrompt`). */
export interface RunPermissionPrompt extends IDisposable {
	/** Path of the run's MCP configuration file (readable by this user only; it holds the token). */
	readonly mcpConfigPath: string;
	/** `mcp__<server>__<tool>`, for `--permission-prompt-tool`. */
	readonly tool: string;
}

/**
 * Serves permission requests of CLI runs into a {@link PermissionInbox}. {@link openRun} registers
 * a run; disposing that registration denies what the run still waits for.
 */
export class PermissionBridge extends Disposable {
	private readonly runs = new Map<string, { readonly runId: string; readonly repositoryPath: string }>();
	private readonly dir: string;
	private readonly server: net.Server;
	private listening: Promise<void> | undefined;
	/** Where the permission prompt servers connect. */
	readonly socketPath: string;

	constructor(
		private readonly inbox: PermissionInbox,
		private readonly launch: PermissionServerLaunch,
	) {
		super();
		// A fresh private folder: Unix socket paths are limited to ~104 bytes, so not the storage folder.
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-perm-'));
		fs.chmodSync(this.dir, 0o700);
		this.socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\meta-gothic-permissions-${randomBytes(8).toString('hex')}` : path.join(this.dir, 'sock');
		const sockets = new Set<net.Socket>();
		this.server = net.createServer((socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			this.serve(socket);
		});
		this.server.on('error', (err) => console.error('[meta-gothic] permission channel failed', err));
		this._register(
			toDisposable(() => {
				for (const s of sockets) {
					s.destroy();
				}
				this.server.close();
				fs.rmSync(this.dir, { recursive: true, force: true });
			}),
		);
	}

	/** Starts listening; runs opened before this resolves are still served once it does. */
	ready(): Promise<void> {
		this.listening ??= new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.socketPath, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		return this.listening;
	}

	/** Registers a run and writes its MCP configuration. */
	openRun(runId: string, repositoryPath: string): RunPermissionPrompt {
		void this.ready().catch(() => undefined);
		const token = randomBytes(24).toString('hex');
		this.runs.set(token, { runId, repositoryPath });
		const mcpConfigPath = path.join(this.dir, `${runId.replace(/[^\w-]/g, '_')}.json`);
		const config = {
			mcpServers: {
				[PERMISSION_SERVER_NAME]: {
					type: 'stdio',
					command: this.launch.command,
					args: [...this.launch.args],
					env: { ...this.launch.env, [PERMISSION_SOCKET_ENV]: this.socketPath, [PERMISSION_TOKEN_ENV]: token },
				},
			},
		};
		fs.writeFileSync(mcpConfigPath, JSON.stringify(config), { mode: 0o600 });
		return {
			mcpConfigPath,
			tool: `mcp__${PERMISSION_SERVER_NAME}__${PERMISSION_PROMPT_TOOL}`,
			dispose: () => {
				this.runs.delete(token);
				fs.rmSync(mcpConfigPath, { force: true });
				this.inbox.endRun(runId);
			},
		};
	}

	private serve(socket: net.Socket): void {
		let buffer = '';
		const reply = (r: PermissionWireReply) => {
			if (!socket.destroyed) {
				socket.end(`${JSON.stringify(r)}\n`);
			}
		};
		socket.setEncoding('utf8');
		socket.on('error', () => undefined);
		const onData = (chunk: string) => {
			buffer += chunk;
			if (buffer.length > MAX_REQUEST_BYTES) {
				socket.destroy();
				return;
			}
			const nl = buffer.indexOf('\n');
			if (nl < 0) {
				return;
			}
			socket.off('data', onData);
			void this.decide(buffer.slice(0, nl)).then(reply, () => reply({ behavior: 'deny', message: 'The permission request could not be read; denied.' }));
		};
		socket.on('data', onData);
	}

	private async decide(line: string): Promise<PermissionOutcome> {
		const request = JSON.parse(line) as Partial<PermissionWireRequest>;
		const run = typeof request.token === 'string' ? this.runOf(request.token) : undefined;
		if (!run || typeof request.tool !== 'string') {
			return { behavior: 'deny', message: 'The permission request did not come from a run of this VS Code window; denied.' };
		}
		return this.inbox.request(run.runId, run.repositoryPath, request.tool, request.input);
	}

	private runOf(token: string): { readonly runId: string; readonly repositoryPath: string } | undefined {
		const given = Buffer.from(token);
		for (const [known, run] of this.runs) {
			const expected = Buffer.from(known);
			// Constant time, so the socket does not tell how much of a guessed token was right.
			if (expected.length === given.length && timingSafeEqual(expected, given)) {
				return run;
			}
		}
		return undefined;
	}
}
