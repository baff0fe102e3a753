/**
 * Runs the Claude CLI headless in one repository and streams its parsed output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { trackProcess } from './hostExit';
import { liveGroups, readProcessTable, runGroups, signalGroup } from './processTree';
import { StreamJsonParser, type ResultEvent, type StreamEvent } from './streamJson';

/** Values of `--permission-mode`. */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions';

/** What a run asks of the CLI; all optional, absent means the CLI's default. */
export interface ClaudeRunOptions {
	readonly model?: string;
	readonly maxTurns?: number;
	readonly permissionMode?: PermissionMode;
	readonly allowedTools?: readonly string[];
	readonly appendSystemPrompt?: string;
	/** The run stops once it has cost this much (`--max-budget-usd`). */
	readonly maxBudgetUsd?: number;
	/** Continue this session (`--resume`). */
	readonly resumeSessionId?: string;
	/** Stream API deltas as `stream_event` lines (`--include-partial-messages`). */
	readonly includePartialMessages?: boolean;
	/**
	 * Ask a person for tools the run was not allowed, through the permission prompt server of
	 * permissionBridge.ts (`--mcp-config`, `--permission-prompt-tool`), instead of refusing them.
	 */
	readonly permissionPrompt?: { readonly mcpConfigPath: string; readonly tool: string };
}

/** How to start the process. */
export interface ClaudeSpawnOptions extends ClaudeRunOptions {
	/** Repository folder; the CLI's working directory. */
	readonly cwd: string;
	/** Path of the CLI; `claude` on `PATH` when absent. */
	readonly claudePath?: string;
	/** Complete environment of the process; `process.env` when absent. */
	readonly env?: NodeJS.ProcessEnv;
	/** End the run after this long (SIGTERM, then SIGKILL). No limit when absent. */
	readonly timeoutMs?: number;
	/** Time between SIGTERM and SIGKILL. */
	readonly killGraceMs?: number;
}

/**
 * Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN); longer prompts go through
 * stdin, which `claude -p` reads when no prompt argument is given.
 */
export const MAX_ARGV_PROMPT_BYTES = 100 * 1024;

/** Default time between SIGTERM and SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 3000;

/** Lines of stderr kept for the error message; the CLI can be chatty. */
const STDERR_LIMIT = 64 * 1024;

/** The CLI executable was not found. */
export class ClaudeNotFoundError extends Error {
	constructor(readonly claudePath: string) {
		super(`The Claude Code CLI was not found (${claudePath}). Install it with "npm install -g @anthropic-ai/claude-code" or set metaGothic.claude.path.`);
		this.name = 'ClaudeNotFoundError';
	}
}

/** The CLI could not be started for another reason (permissions, missing folder). */
export class ClaudeSpawnError extends Error {
	constructor(message: string, override readonly cause?: unknown) {
		super(message);
		this.name = 'ClaudeSpawnError';
	}
}

/** Argument vector and optional stdin for one run. */
export interface ClaudeInvocation {
	readonly args: readonly string[];
	/** Prompt to write to stdin when it is too long for argv. */
	readonly stdin?: string;
}

/**
 * Builds the CLI arguments. The prompt goes last after `--`, so a prompt that starts with a dash
 * is not read as an option and a variadic option like `--allowedTools` cannot swallow it.
 */
export function buildClaudeArgs(prompt: string, options: ClaudeRunOptions = {}): ClaudeInvocation {
	const args = ['-p', '--output-format', 'stream-json', '--verbose'];
	if (options.model) {
		args.push('--model', options.model);
	}
	if (options.maxTurns !== undefined) {
		args.push('--max-turns', String(options.maxTurns));
	}
	if (options.permissionMode) {
		args.push('--permission-mode', options.permissionMode);
	}
	if (options.allowedTools && options.allowedTools.length > 0) {
		args.push('--allowedTools', options.allowedTools.join(','));
	}
	if (options.appendSystemPrompt) {
		args.push('--append-system-prompt', options.appendSystemPrompt);
	}
	if (options.maxBudgetUsd !== undefined && options.maxBudgetUsd > 0) {
		args.push('--max-budget-usd', String(options.maxBudgetUsd));
	}
	if (options.resumeSessionId) {
		args.push('--resume', options.resumeSessionId);
	}
	if (options.includePartialMessages) {
		args.push('--include-partial-messages');
	}
	if (options.permissionPrompt) {
		// A file rather than inline JSON: the configuration holds the run's token, and argv is public.
		args.push('--mcp-config', options.permissionPrompt.mcpConfigPath, '--permission-prompt-tool', options.permissionPrompt.tool);
	}
	if (Buffer.byteLength(prompt, 'utf8') > MAX_ARGV_PROMPT_BYTES) {
		return { args, stdin: prompt };
	}
	args.push('--', prompt);
	return { args };
}

/** Why the process ended. */
export type ClaudeExitReason = 'exited' | 'cancelled' | 'timedOut';

/** How a CLI process ended. */
export interface ClaudeExit {
	readonly reason: ClaudeExitReason;
	readonly exitCode: number | null;
	readonly signal: NodeJS.Signals | null;
	/** Captured stderr (its last 64 KiB). */
	readonly stderr: string;
	/** The `result` line, when the CLI printed one. */
	readonly result?: ResultEvent;
	/** Session id from the `init` line, when the CLI got that far. */
	readonly sessionId?: string;
}

/**
 * One running CLI process. Events fire as lines arrive; {@link exited} settles once the process
 * and, after a cancel, every process group it started are gone. It rejects only when the process
 * could not start ({@link ClaudeNotFoundError}, {@link ClaudeSpawnError}).
 */
export class ClaudeProcess extends Disposable {
	private readonly _onDidReceiveEvent = this._register(new Emitter<StreamEvent>());
	/** Fires for every parsed stdout line. */
	readonly onDidReceiveEvent: Event<StreamEvent> = this._onDidReceiveEvent.event;

	/** Settles when the run is over; see the class comment. */
	readonly exited: Promise<ClaudeExit>;

	private child: ChildProcess | undefined;
	private readonly parser = new StreamJsonParser();
	private stderr = '';
	private result: ResultEvent | undefined;
	private sessionId: string | undefined;
	private stopReason: ClaudeExitReason | undefined;
	/** Process groups seen below the CLI when a stop began. */
	private stopGroups: Promise<Set<number>> | undefined;
	private closed = false;
	private killTimer: NodeJS.Timeout | undefined;
	private timeoutTimer: NodeJS.Timeout | undefined;
	private readonly killGraceMs: number;

	constructor(prompt: string, options: ClaudeSpawnOptions) {
		super();
		this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
		const claudePath = options.claudePath || 'claude';
		const invocation = buildClaudeArgs(prompt, options);
		if (!fs.existsSync(options.cwd)) {
			// Node reports a missing cwd as ENOENT of the binary; say what is really missing.
			this.exited = Promise.reject(new ClaudeSpawnError(`Repository folder not found: ${options.cwd}`));
			this.exited.catch(() => undefined);
			return;
		}
		let settle!: (exit: ClaudeExit) => void;
		let fail!: (err: Error) => void;
		this.exited = new Promise<ClaudeExit>((resolve, reject) => {
			settle = resolve;
			fail = reject;
		});
		// Callers may only look at `exited` later; an unobserved rejection must not crash the host.
		this.exited.catch(() => undefined);
		let child: ChildProcess;
		try {
			child = spawn(claudePath, invocation.args, {
				cwd: options.cwd,
				env: options.env ?? process.env,
				// Own process group, so a stop reaches the CLI and every tool process it spawned.
				detached: true,
				stdio: [invocation.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
				windowsHide: true,
			});
		} catch (err) {
			// spawn throws synchronously for arguments it cannot pass, e.g. a prompt with a NUL byte.
			this.closed = true;
			fail(new ClaudeSpawnError(`Could not start ${claudePath}: ${(err as Error).message}`, err));
			return;
		}
		this.child = child;
		// Until its groups are gone, the host's exit and signals must not leave it behind (hostExit.ts).
		const tracked = child.pid !== undefined ? trackProcess(this) : undefined;
		child.on('error', (err: NodeJS.ErrnoException) => {
			// An error after a successful start (a failed kill) changes nothing: 'close' still comes.
			if (child.pid === undefined) {
				this.closed = true;
				fail(err.code === 'ENOENT' ? new ClaudeNotFoundError(claudePath) : new ClaudeSpawnError(`Could not start ${claudePath}: ${err.message}`, err));
			}
		});
		if (invocation.stdin !== undefined) {
			child.stdin?.on('error', () => undefined);
			child.stdin?.end(invocation.stdin);
		}
		child.stdout?.on('data', (chunk: Buffer) => this.emit(this.parser.push(chunk)));
		child.stderr?.on('data', (chunk: Buffer) => {
			this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
		});
		child.on('close', (exitCode, signal) => {
			if (this.closed) {
				return;
			}
			this.closed = true;
			// A pending timeout would keep a plain Node host alive for nothing.
			clearTimeout(this.timeoutTimer);
			this.emit(this.parser.end());
			void this.finish(exitCode, signal)
				.then(settle, fail)
				.finally(() => tracked?.dispose());
		});
		if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
			this.timeoutTimer = setTimeout(() => this.stop('timedOut'), options.timeoutMs);
			this._register(toDisposable(() => clearTimeout(this.timeoutTimer)));
		}
	}

	/** Process id of the CLI (also its process group id). */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** Stops the run: SIGTERM to every process group of the run, SIGKILL after the grace period. */
	cancel(): void {
		this.stop('cancelled');
	}

	/** Cancels a run still going; the process tree is not left behind. */
	override dispose(): void {
		this.cancel();
		super.dispose();
	}

	private emit(events: StreamEvent[]): void {
		for (const event of events) {
			if (event.type === 'system' && event.subtype === 'init') {
				this.sessionId = event.sessionId;
			} else if (event.type === 'result') {
				this.result = event;
				this.sessionId = event.sessionId || this.sessionId;
			}
			this._onDidReceiveEvent.fire(event);
		}
	}

	private stop(reason: ClaudeExitReason): void {
		const pid = this.child?.pid;
		if (this.stopReason || this.closed || pid === undefined) {
			return;
		}
		this.stopReason = reason;
		this.stopGroups = readProcessTable().then((rows) => {
			const groups = runGroups(pid, rows);
			for (const g of groups) {
				signalGroup(g, 'SIGTERM');
			}
			// Not registered with the disposables: dispose() stops the run and must not stop the kill.
			this.killTimer = setTimeout(() => {
				for (const g of groups) {
					signalGroup(g, 'SIGKILL');
				}
			}, this.killGraceMs);
			return groups;
		});
	}

	/** After a stop, waits for the groups to leave and SIGKILLs what stays past the grace period. */
	private async finish(exitCode: number | null, signal: NodeJS.Signals | null): Promise<ClaudeExit> {
		if (this.stopGroups) {
			const groups = await this.stopGroups;
			const deadline = Date.now() + this.killGraceMs;
			let alive = await liveGroups(groups);
			while (alive.length > 0 && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 50));
				alive = await liveGroups(alive);
			}
			for (const g of alive) {
				signalGroup(g, 'SIGKILL');
			}
			clearTimeout(this.killTimer);
		}
		return {
			reason: this.stopReason ?? 'exited',
			exitCode,
			signal,
			stderr: this.stderr,
			...(this.result ? { result: this.result } : {}),
			...(this.sessionId ? { sessionId: this.sessionId } : {}),
		};
	}
}

/** Starts the CLI; see {@link ClaudeProcess}. */
export function spawnClaude(prompt: string, options: ClaudeSpawnOptions): ClaudeProcess {
	return new ClaudeProcess(prompt, options);
}
