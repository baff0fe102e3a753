/**
 * The client and poller of one credential, made on first use. The promise of the client is kept
 * and reset on failure (so the next use asks again), a rejected token stops polling, and what
 * views asked for (watched repositories, a pause) carries over to the next client.
 */
import { Emitter } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { SourceError, type GitHubErrorCode, type UnavailableRecord } from '../schema/contracts/sourceError';
import { GitHubError, toGitHubError } from './errors';
import type { GitHubClient } from './octokit';
import { GitHubPoller, type PollerOptions, type PollTarget } from './poller';
import type { RunStore } from './runStore';
import { GITHUB_CODE_OF } from './sourceErrors';

/** Where the connection stands. */
export type ConnectionState = 'pending' | 'connected' | 'none' | 'rejected';

/** See the module comment. */
export class GitHubConnection extends Disposable {
	private readonly _onDidChange = this._register(new Emitter<void>());
	/** The state changed, or a poll cycle ended. */
	readonly onDidChange = this._onDidChange.event;
	private connecting: Promise<GitHubClient | undefined> | undefined;
	private _client: GitHubClient | undefined;
	private _poller: GitHubPoller | undefined;
	private _state: ConnectionState = 'pending';
	private _error: UnavailableRecord<GitHubErrorCode> | undefined;
	private _paused = false;
	private readonly watches = new Map<string, number>();

	constructor(
		private readonly createClient: () => Promise<GitHubClient | undefined>,
		private readonly store: RunStore,
		private readonly targets: () => readonly PollTarget[],
		private readonly poll: PollerOptions | undefined,
	) {
		super();
		this._register(toDisposable(() => this.disconnect()));
	}

	get state(): ConnectionState {
		return this._state;
	}

	/** Why connecting failed (the factory threw), if it did. */
	get error(): UnavailableRecord<GitHubErrorCode> | undefined {
		return this._error;
	}

	get client(): GitHubClient | undefined {
		return this._client;
	}

	get poller(): GitHubPoller | undefined {
		return this._poller;
	}

	get paused(): boolean {
		return this._paused;
	}

	/** The client, made on first call; undefined without a credential. Never rejects. */
	connect(): Promise<GitHubClient | undefined> {
		if (this.connecting) {
			return this.connecting;
		}
		const connecting: Promise<GitHubClient | undefined> = this.createClient().then(
			(client) => {
				if (this.isDisposed) {
					client?.dispose();
					return undefined;
				}
				if (this.connecting !== connecting) {
					// Disconnected while the client was made (two reconnects in a row): a newer
					// connection owns the client and poller; this one would replace or leak them.
					client?.dispose();
					return this.connect();
				}
				this._client = client;
				this._state = client ? 'connected' : 'none';
				this._error = undefined;
				this._poller = client && this.startPoller(client);
				this._onDidChange.fire();
				return client;
			},
			(err: unknown) => {
				if (this.isDisposed) {
					return undefined;
				}
				if (this.connecting !== connecting) {
					return this.connect();
				}
				this.connecting = undefined;
				this._state = 'none';
				const error = toGitHubError(err, { action: 'Connecting to GitHub' });
				this._error = { code: GITHUB_CODE_OF[error.kind], reason: error.message };
				this._onDidChange.fire();
				return undefined;
			},
		);
		this.connecting = connecting;
		return connecting;
	}

	/** Drops the client and poller; the next {@link connect} makes new ones. */
	disconnect(): void {
		this._poller?.dispose();
		this._poller = undefined;
		this._client?.dispose();
		this._client = undefined;
		this.connecting = undefined;
		this._state = 'pending';
	}

	/** Runs `fn` with the client; a rejected token marks the connection so and stops polling. */
	async use<T>(fn: (client: GitHubClient) => Promise<T>, unavailable: () => UnavailableRecord<GitHubErrorCode>): Promise<T> {
		const client = await this.connect();
		if (!client) {
			const { code, reason } = unavailable();
			throw new SourceError('GITHUB', code, reason);
		}
		try {
			return await fn(client);
		} catch (err) {
			if (err instanceof GitHubError && err.kind === 'auth') {
				this.rejected();
			}
			throw err;
		}
	}

	pause(): void {
		this._paused = true;
		this._poller?.pause();
		this._onDidChange.fire();
	}

	resume(): void {
		this._paused = false;
		this._poller?.resume();
		this._onDidChange.fire();
	}

	watch(pathOrSlug: string): void {
		this.watches.set(pathOrSlug, (this.watches.get(pathOrSlug) ?? 0) + 1);
		this._poller?.watch(pathOrSlug);
	}

	unwatch(pathOrSlug: string): void {
		const count = this.watches.get(pathOrSlug) ?? 0;
		if (count === 0) {
			return;
		}
		if (count === 1) {
			this.watches.delete(pathOrSlug);
		} else {
			this.watches.set(pathOrSlug, count - 1);
		}
		this._poller?.unwatch(pathOrSlug);
	}

	private rejected(): void {
		this._state = 'rejected';
		// Asking again with the same token cannot help; a new session (reconnect) can.
		this._poller?.pause();
		this._onDidChange.fire();
	}

	private startPoller(client: GitHubClient): GitHubPoller {
		const poller = new GitHubPoller(client, this.store, this.targets, this.poll);
		for (const [path, count] of this.watches) {
			for (let i = 0; i < count; i++) {
				poller.watch(path);
			}
		}
		if (this._paused) {
			poller.pause();
		}
		poller.onDidCompleteCycle((stats) => {
			if (stats.error === 'auth') {
				this.rejected();
			} else {
				this._onDidChange.fire();
			}
		});
		return poller;
	}
}
