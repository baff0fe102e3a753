/**
 * The git process runner: spawns `git` with argv arrays (never a shell), bounds concurrency with a
 * pool, cancels through `AbortSignal`, and kills every child it still owns on dispose.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Disposable } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { DurationWindow } from '../common/metrics';
import { classifyGitOutput, GitError } from './errors';
import { HelperLauncher } from './helperLauncher';
import { DirectLauncher, Launcher, LaunchResult } from './launcher';
import { ProcessPool } from './pool';

export { GitError, isGitError } from './errors';
export type { GitErrorCode } from './errors';

/** Options of a {@link Git} runner. */
export interface GitOptions {
	/** The executable; defaults to `git` on `PATH`. */
	gitPath?: string;
	/** Maximum processes at once; 0 or unset means the number of CPU cores. */
	concurrency?: number;
	/** Extra environment for every process (after the defaults, so it can override them). */
	env?: Record<string, string>;
	/**
	 * `direct` spawns from this process; `helper` spawns from a small helper process (fork cost does
	 * not grow with our memory; see `helperLauncher.ts`); `auto` (default) switches to the helper
	 * once this process is larger than 256 MB resident, as an extension host usually is.
	 */
	spawnMode?: 'direct' | 'helper' | 'auto';
}

/** Options of one {@link Git.exec} call. */
export interface GitExecOptions {
	/** The repository folder the command runs in. */
	cwd: string;
	/**
	 * Marks a command that must not take optional locks (`GIT_OPTIONAL_LOCKS=0`), so a background
	 * `status` never fights the user's own git for `index.lock`.
	 */
	readOnly?: boolean;
	/** Aborting kills the process (or drops it from the pool queue). */
	signal?: AbortSignal;
	/** Bytes or text written to stdin (stdin is closed otherwise, so git can never wait on it). */
	input?: Buffer | string;
	/** Extra environment for this call. */
	env?: Record<string, string>;
	/**
	 * Stop repository discovery at `cwd` (default true): a nested repository with a broken `.git`
	 * must fail, not silently report the status of the repository around it.
	 */
	confineToCwd?: boolean;
	/** Exit codes other than 0 that still count as success (e.g. 1 for `diff --quiet`). */
	allowedExitCodes?: number[];
	/**
	 * Stop the process after this long and fail with `TimedOut`. For reads: a FIFO or a hung
	 * mount inside a repository would otherwise hold its slot, and the scan, for good.
	 */
	timeoutMs?: number;
}

/** What a finished process produced. */
export interface GitResult {
	/** Raw bytes: paths in git output are not necessarily UTF-8. */
	stdout: Buffer;
	stderr: string;
	exitCode: number;
}

/** Reported after every process, for logs and tests. */
export interface GitRunEvent {
	args: readonly string[];
	cwd: string;
	exitCode: number | null;
	durationMs: number;
}

/** What this runner's processes cost so far, for the Diagnostics page. */
export interface GitProcessStats {
	/** Processes started since construction (see {@link Git.spawnCount}). */
	spawned: number;
	/** Processes alive now. */
	running: number;
	/** Median and 99th percentile duration of the latest finished processes, in ms; null before one finished. */
	p50Ms: number | null;
	p99Ms: number | null;
}

/** Resident size above which `auto` spawns through the helper process. */
const AUTO_HELPER_RSS = 256 * 1024 * 1024;

/** Grace period between SIGTERM and SIGKILL for a cancelled process. */
const KILL_GRACE_MS = 2000;

/**
 * Variables that point git at another repository. Inherited from a hook or a terminal they would
 * silently redirect every command, so they are never passed on.
 */
const REPOSITORY_LOCATING_VARIABLES = [
	'GIT_DIR',
	'GIT_WORK_TREE',
	'GIT_INDEX_FILE',
	'GIT_OBJECT_DIRECTORY',
	'GIT_ALTERNATE_OBJECT_DIRECTORIES',
	'GIT_COMMON_DIR',
	'GIT_NAMESPACE',
	'GIT_PREFIX',
	'GIT_CEILING_DIRECTORIES',
	'GIT_OPTIONAL_LOCKS',
];

/** Default pool size: one process per core. */
export function defaultConcurrency(): number {
	return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1;
}

/** Spawns git processes; see the module comment. */
export class Git extends Disposable {
	private readonly gitPath: string;
	private readonly baseEnv: NodeJS.ProcessEnv;
	private readonly pool: ProcessPool;
	private readonly spawnMode: 'direct' | 'helper' | 'auto';
	private readonly direct: DirectLauncher;
	private helper: HelperLauncher | undefined;
	private spawned = 0;
	private readonly durations = new DurationWindow();

	private readonly _onDidRun = this._register(new Emitter<GitRunEvent>());
	/** Fires after each process ends (also when it failed). */
	readonly onDidRun: Event<GitRunEvent> = this._onDidRun.event;

	constructor(options: GitOptions = {}) {
		super();
		this.gitPath = options.gitPath || 'git';
		const size = options.concurrency && options.concurrency > 0 ? options.concurrency : defaultConcurrency();
		this.pool = this._register(new ProcessPool(size, () => this.disposedError()));
		const env: NodeJS.ProcessEnv = { ...process.env };
		for (const name of REPOSITORY_LOCATING_VARIABLES) {
			delete env[name];
		}
		// Stable, untranslated output: errors are classified by their English text.
		Object.assign(env, { LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' }, options.env);
		this.baseEnv = env;
		this.spawnMode = options.spawnMode ?? 'auto';
		this.direct = this._register(new DirectLauncher());
	}

	/**
	 * Total processes this runner started since construction. Processes git starts itself (hooks,
	 * the per-repository commands of `git for-each-repo`) are not counted: they cost no fork of ours.
	 */
	get spawnCount(): number {
		return this.spawned;
	}

	/** Processes alive right now. */
	get runningCount(): number {
		return this.direct.running + (this.helper?.running ?? 0);
	}

	/** Processes started, alive, and how long the latest took. */
	get processStats(): GitProcessStats {
		const { p50Ms, p99Ms } = this.durations.summary();
		return { spawned: this.spawned, running: this.runningCount, p50Ms, p99Ms };
	}

	/** The pool size. */
	get concurrency(): number {
		return this.pool.size;
	}

	/**
	 * Runs `git <args>` in `options.cwd` once a pool slot is free.
	 * Resolves on exit code 0 (or an allowed one); otherwise rejects with a {@link GitError}.
	 */
	async exec(args: readonly string[], options: GitExecOptions): Promise<GitResult> {
		const cancelled = () => new GitError({ code: 'Cancelled', args, cwd: options.cwd, exitCode: null, message: `git ${args[0] ?? ''} was cancelled` });
		return this.pool.run(() => this.spawnAndCollect(args, options, cancelled), options.signal, cancelled);
	}

	private async spawnAndCollect(args: readonly string[], options: GitExecOptions, cancelled: () => GitError): Promise<GitResult> {
		const { cwd, signal } = options;
		if (this.isDisposed) {
			throw this.disposedError(args, cwd);
		}
		if (signal?.aborted) {
			throw cancelled();
		}
		const env: NodeJS.ProcessEnv = { ...this.baseEnv, ...options.env };
		if (options.readOnly) {
			env.GIT_OPTIONAL_LOCKS = '0';
		}
		if (options.confineToCwd !== false) {
			env.GIT_CEILING_DIRECTORIES = path.dirname(path.resolve(cwd));
		}
		const started = Date.now();
		this.spawned++;
		const handle = this.launcher().launch({ file: this.gitPath, args, cwd, env, input: options.input });
		let killTimer: NodeJS.Timeout | undefined;
		const onAbort = () => {
			handle.kill('SIGTERM');
			killTimer = setTimeout(() => handle.kill('SIGKILL'), KILL_GRACE_MS);
			killTimer.unref();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		let timedOut = false;
		const timeout = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					onAbort();
				}, options.timeoutMs)
			: undefined;
		let result: LaunchResult;
		try {
			result = await handle.result;
		} finally {
			signal?.removeEventListener('abort', onAbort);
			clearTimeout(timeout);
			if (killTimer) {
				clearTimeout(killTimer);
			}
		}
		const { exitCode } = result;
		const durationMs = Date.now() - started;
		this.durations.record(durationMs);
		this._onDidRun.fire({ args, cwd, exitCode, durationMs });
		const stderr = result.stderr.toString('utf8');
		if (signal?.aborted) {
			throw cancelled();
		}
		if (timedOut) {
			const seconds = Math.round((options.timeoutMs ?? 0) / 100) / 10;
			throw new GitError({ code: 'TimedOut', args, cwd, exitCode: null, message: `git ${args.find((a) => !a.startsWith('-')) ?? ''} did not finish within ${seconds} s and was stopped: something in ${cwd} blocks it (a FIFO or a hung mount?)` });
		}
		if (result.spawnError) {
			throw result.spawnError.code === 'EHELPER' && this.isDisposed ? this.disposedError(args, cwd) : this.spawnError(result.spawnError, args, cwd);
		}
		if (this.isDisposed && exitCode === null) {
			throw this.disposedError(args, cwd);
		}
		if (exitCode === 0 || (exitCode !== null && options.allowedExitCodes?.includes(exitCode))) {
			return { stdout: result.stdout, stderr, exitCode };
		}
		const stdout = result.stdout.toString('utf8');
		const code = exitCode === null ? 'Unknown' : classifyGitOutput(stderr, stdout);
		throw new GitError({ code, args, cwd, exitCode, stdout, stderr });
	}

	/** The launcher for the next process; see {@link GitOptions.spawnMode}. */
	private launcher(): Launcher {
		const useHelper =
			this.spawnMode === 'helper' || (this.spawnMode === 'auto' && (this.helper !== undefined || process.memoryUsage.rss() > AUTO_HELPER_RSS));
		if (useHelper) {
			this.helper ??= this._register(new HelperLauncher());
			return this.helper;
		}
		return this.direct;
	}

	private spawnError(err: { code?: string; message: string }, args: readonly string[], cwd: string): GitError {
		const errno = err.code;
		if (errno === 'ENOENT' && !existsSync(cwd)) {
			return new GitError({ code: 'RepositoryNotFound', args, cwd, exitCode: null, message: `The folder ${cwd} no longer exists` });
		}
		if (errno === 'ENOENT' || errno === 'EACCES') {
			return new GitError({ code: 'GitNotFound', args, cwd, exitCode: null, message: `Git was not found (tried "${this.gitPath}")` });
		}
		return new GitError({ code: 'Unknown', args, cwd, exitCode: null, message: `Could not start git: ${err.message}` });
	}

	private disposedError(args: readonly string[] = [], cwd = ''): GitError {
		return new GitError({ code: 'Disposed', args, cwd, exitCode: null, message: 'The git runner was disposed' });
	}
}
