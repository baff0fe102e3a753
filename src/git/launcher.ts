/**
 * Starting one git process and collecting its output, behind an interface with two
 * implementations: {@link DirectLauncher} spawns from this process; `HelperLauncher` asks a small
 * helper process to spawn (see `helperLauncher.ts` for why).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { IDisposable } from '../common/lifecycle';

/** One process to start. `args` are passed as argv (never through a shell). */
export interface LaunchRequest {
	file: string;
	args: readonly string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	input?: Buffer | string;
}

/** How a process ended. `spawnError` is set when it never started (e.g. ENOENT). */
export interface LaunchResult {
	exitCode: number | null;
	stdout: Buffer;
	stderr: Buffer;
	spawnError?: { code?: string; message: string };
}

/** A started process. */
export interface LaunchHandle {
	readonly result: Promise<LaunchResult>;
	/** Signals the process and every process it started (its process group on POSIX). */
	kill(signal: NodeJS.Signals): void;
}

/** Starts processes; disposing kills every process still running. */
export interface Launcher extends IDisposable {
	launch(request: LaunchRequest): LaunchHandle;
	/** Processes started and not yet ended. */
	readonly running: number;
}

/** Kills a child and, on POSIX, its whole process group (hooks, helpers, ssh). */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
		return;
	}
	try {
		if (process.platform !== 'win32') {
			process.kill(-child.pid, signal);
			return;
		}
	} catch {
		// The group is already gone; fall through to the process itself.
	}
	child.kill(signal);
}

/** Spawns directly from this process. */
export class DirectLauncher implements Launcher {
	private readonly children = new Set<ChildProcess>();

	get running(): number {
		return this.children.size;
	}

	launch(request: LaunchRequest): LaunchHandle {
		let child: ChildProcess;
		try {
			child = spawn(request.file, [...request.args], {
				cwd: request.cwd,
				env: request.env,
				stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
				windowsHide: true,
				// Own process group on POSIX, so a kill also ends hooks and helpers git started.
				detached: process.platform !== 'win32',
			});
		} catch (err) {
			const spawnError = { code: (err as NodeJS.ErrnoException).code, message: err instanceof Error ? err.message : String(err) };
			return { result: Promise.resolve({ exitCode: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), spawnError }), kill: () => undefined };
		}
		this.children.add(child);
		const result = new Promise<LaunchResult>((resolve) => {
			const stdout: Buffer[] = [];
			const stderr: Buffer[] = [];
			let spawnError: LaunchResult['spawnError'];
			child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
			child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
			child.on('error', (err: NodeJS.ErrnoException) => {
				spawnError = { code: err.code, message: err.message };
			});
			// 'close' (not 'exit') so every byte of output has been read; it also follows 'error'.
			child.on('close', (code) => {
				this.children.delete(child);
				resolve({ exitCode: code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), spawnError });
			});
			if (request.input !== undefined && child.stdin) {
				// git may exit before reading all input (e.g. on a bad argument): not our error.
				child.stdin.on('error', () => undefined);
				child.stdin.end(request.input);
			}
		});
		return { result, kill: (signal) => killTree(child, signal) };
	}

	dispose(): void {
		for (const child of this.children) {
			killTree(child, 'SIGKILL');
		}
	}
}
