/**
 * Whether agent runs can start here: the workspace is trusted, the `claude` CLI is found, and it
 * runs (`claude --version`). Looked up lazily and again after a while when missing, since the CLI
 * may get installed while the extension runs.
 */
import { execFile } from 'node:child_process';
import { Emitter, type Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { ClaudeStatusRecord } from '../schema/contracts/agentRuns';
import type { ClaudeErrorCode, UnavailableRecord } from '../schema/contracts/sourceError';
import { claudeSignIn } from './authentication';
import { findExecutable } from './claudeBinary';
import { ClaudeNotFoundError } from './runner';

/** Why runs cannot start in an untrusted workspace. */
export const UNTRUSTED_REASON = 'Agent runs are disabled in an untrusted workspace: trust the workspace to run Claude on its repositories.';

/** A found binary stays found; a missing one is looked for again after this long (it may get installed). */
const RECHECK_MISSING_MS = 5000;

/** Where to look for the CLI and with which environment; read at each lookup (settings change). */
export interface ClaudeLookup {
	readonly claudePath?: string;
	readonly env?: NodeJS.ProcessEnv;
}

/** The CLI's availability, with an event when the reason it cannot run changes. */
export class ClaudeAvailability extends Disposable {
	private readonly _onDidChange = this._register(new Emitter<string | null>());
	/** Fires with the new {@link unavailableReason} when it changes (trust granted, CLI found or lost, version answered). */
	readonly onDidChange: Event<string | null> = this._onDidChange.event;

	private binary: { path: string | undefined; checkedAt: number } | undefined;
	/** `claude --version` of the binary found, once asked (by {@link status}); `failure` when it could not run. */
	private version: { path: string; text: string | null; failure?: string } | undefined;
	private lastReason: string | null;

	constructor(
		private readonly lookup: () => ClaudeLookup,
		private trusted: boolean,
	) {
		super();
		this.lastReason = this.unavailableReason;
	}

	/** Why runs cannot start (untrusted workspace, no CLI), or null when they can. */
	get unavailableReason(): string | null {
		return this.unavailable()?.reason ?? null;
	}

	/** The code and reason runs cannot start, or null when they can. */
	unavailable(): UnavailableRecord<ClaudeErrorCode> | null {
		if (!this.trusted) {
			return { code: 'UNTRUSTED', reason: UNTRUSTED_REASON };
		}
		const found = this.findBinary();
		if (!found) {
			return { code: 'CLI_MISSING', reason: new ClaudeNotFoundError(this.claudePath).message };
		}
		// The binary is there but does not run (a broken install, the wrong architecture).
		return this.version?.path === found && this.version.failure ? { code: 'CLI_FAILED', reason: this.version.failure } : null;
	}

	/**
	 * Availability with its code and the CLI found. The CLI's version is asked once per binary,
	 * in the background (only in a trusted workspace: it starts the CLI); until it answers,
	 * `version` is null and {@link onDidChange} fires when it does.
	 */
	status(): ClaudeStatusRecord {
		const unavailable = this.unavailable();
		const found = this.trusted ? this.findBinary() : undefined;
		if (found && this.version?.path !== found) {
			this.askVersion(found);
		}
		const env = this.lookup().env ?? process.env;
		return {
			available: unavailable === null,
			code: unavailable?.code ?? null,
			reason: unavailable?.reason ?? null,
			path: found ?? null,
			version: found && this.version?.path === found ? this.version.text : null,
			signIn: found ? claudeSignIn(env) : null,
		};
	}

	/** Workspace trust was granted (or revoked). */
	setTrusted(trusted: boolean): void {
		this.trusted = trusted;
		this.check();
	}

	/** Forgets where the CLI was (settings changed, or a run found none) and tells of any change. */
	lookAgain(): void {
		this.binary = undefined;
		this.check();
	}

	private get claudePath(): string {
		return this.lookup().claudePath || 'claude';
	}

	/** Where the CLI is; looked up again a while after it was missing (it may get installed). */
	private findBinary(): string | undefined {
		const now = Date.now();
		if (!this.binary || (!this.binary.path && now - this.binary.checkedAt > RECHECK_MISSING_MS)) {
			this.binary = { path: findExecutable(this.claudePath, this.lookup().env ?? process.env), checkedAt: now };
			// Someone asked and the answer changed (the CLI got installed): tell the listeners, after this read.
			queueMicrotask(() => this.check());
		}
		return this.binary.path;
	}

	private askVersion(binary: string): void {
		this.version = { path: binary, text: null };
		execFile(binary, ['--version'], { env: this.lookup().env ?? process.env, timeout: 15_000, windowsHide: true }, (err, stdout) => {
			if (this.isDisposed || this.version?.path !== binary) {
				return;
			}
			this.version = err
				? { path: binary, text: null, failure: `${binary} --version failed: ${err.message.split('\n')[0]}` }
				: { path: binary, text: stdout.toString().trim().split('\n')[0] || null };
			// The status changed (a version, or a failure) even where the reason did not: tell the faces once.
			this.lastReason = this.unavailableReason;
			this._onDidChange.fire(this.lastReason);
		});
	}

	private check(): void {
		if (this.isDisposed) {
			return;
		}
		const reason = this.unavailableReason;
		if (reason !== this.lastReason) {
			this._onDidChange.fire(reason);
		}
		this.lastReason = reason;
	}
}
