/**
 * The host side of the stamps (see `unchangedStampWalk.ts`): a worker thread, started on first
 * use, takes them with synchronous file-system calls, so a re-scan of 1,000 unchanged repositories
 * costs the extension host a few messages instead of some 50,000 thread-pool round trips. A stamp
 * that does not come back in time (a hung mount) is no stamp, and the worker is replaced.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Disposable } from '../common/lifecycle';
import type { DiscoveredRepository } from './discovery';
import type { NoStamp } from './unchangedStampWalk';
import type { StampReply, StampRequest, WalkRequest } from './unchangedStampWorker';

/** How long one request may take before its repositories count as unprovable. */
const STAMP_TIMEOUT_MS = 10_000;

/** Repositories per request: small enough that the first batch's stamps come back soon. */
const TARGETS_PER_REQUEST = 25;

/** How long a re-scan's walk in the worker may take before the host walks instead. */
const WALK_TIMEOUT_MS = 30_000;

type Pending = { resolve(reply: StampReply | undefined): void; timer: NodeJS.Timeout };

/**
 * The worker: its own bundle beside this one, or, run from the sources (tests, benchmarks), the
 * TypeScript module through tsx, whose loader a worker thread does not inherit.
 */
function startWorker(): Worker {
	const bundled = path.join(__dirname, 'stampWorker.js');
	if (existsSync(bundled)) {
		return new Worker(bundled);
	}
	const source = JSON.stringify(path.join(__dirname, 'unchangedStampWorker.ts'));
	return new Worker(`require('tsx/cjs/api').register(); require(${source});`, { eval: true });
}

/** Takes stamps in a worker thread; dispose to end it. */
export class UnchangedStamps extends Disposable {
	private worker: Worker | undefined;
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();

	/** One stamp (or why there is none) per repository, in order. Never rejects. */
	async stamp(repos: readonly DiscoveredRepository[]): Promise<(string | NoStamp)[]> {
		const results: (string | NoStamp)[] = [];
		const requests: Promise<(string | null)[]>[] = [];
		for (let i = 0; i < repos.length; i += TARGETS_PER_REQUEST) {
			const targets = repos.slice(i, i + TARGETS_PER_REQUEST).map((repo) => (repo.initialized && repo.location ? { path: repo.path, gitDir: repo.location.gitDir, commonDir: repo.location.commonDir } : null));
			const asked = targets.filter((t) => t !== null);
			requests.push(
				(asked.length > 0 ? this.request({ id: 0, targets: asked }) : Promise.resolve([])).then((stamps) => {
					let next = 0;
					return targets.map((t) => (t === null ? 'UNPROVABLE' : (stamps[next++] ?? 'UNPROVABLE')));
				}),
			);
		}
		for (const stamps of await Promise.all(requests)) {
			results.push(...(stamps as (string | NoStamp)[]));
		}
		return results;
	}

	/** The stamp of the configuration git runs with under `env`, or `null` (see `stampEnvironment`). */
	async environment(env: Record<string, string | undefined>): Promise<string | null> {
		return (await this.request({ id: 0, env }))[0] ?? null;
	}

	/**
	 * The repositories below `walk.roots`, found in the worker with synchronous reads; `undefined`
	 * when the worker could not (the caller then walks itself). Never rejects.
	 */
	async discover(walk: WalkRequest): Promise<DiscoveredRepository[] | undefined> {
		const reply = await this.send({ id: 0, walk }, WALK_TIMEOUT_MS);
		return reply && 'found' in reply && reply.found ? reply.found : undefined;
	}

	private async request(request: StampRequest): Promise<(string | null)[]> {
		const reply = await this.send(request, STAMP_TIMEOUT_MS);
		return reply && 'stamps' in reply ? reply.stamps : [];
	}

	private send(request: StampRequest, timeoutMs: number): Promise<StampReply | undefined> {
		if (this.isDisposed) {
			return Promise.resolve(undefined);
		}
		const worker = this.start();
		const id = this.nextId++;
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				// Stuck in a file-system call: a new worker serves what comes next.
				this.restart();
			}, timeoutMs);
			this.pending.set(id, { resolve, timer });
			worker.postMessage({ ...request, id });
		});
	}

	private start(): Worker {
		if (this.worker) {
			return this.worker;
		}
		const worker = startWorker();
		// It must never keep a process alive: a pending stamp is answered by its timeout.
		worker.unref();
		worker.on('message', (reply: StampReply) => {
			const pending = this.pending.get(reply.id);
			if (pending) {
				this.pending.delete(reply.id);
				clearTimeout(pending.timer);
				pending.resolve(reply);
			}
		});
		worker.on('error', () => this.restart());
		worker.on('exit', () => {
			if (this.worker === worker) {
				this.restart();
			}
		});
		this.worker = worker;
		return worker;
	}

	/**
	 * Ends the worker once nothing is pending; the next request starts another. Called after each
	 * scan: a worker costs some 30 ms to start, while its heap and allocator arenas, kept between
	 * re-scans minutes apart, would hold tens of MB of the extension host.
	 */
	release(): void {
		if (this.pending.size === 0) {
			this.restart();
		}
	}

	/** Ends the worker; everything pending gets no stamp. */
	private restart(): void {
		const worker = this.worker;
		this.worker = undefined;
		void worker?.terminate();
		for (const [id, pending] of this.pending) {
			this.pending.delete(id);
			clearTimeout(pending.timer);
			pending.resolve(undefined);
		}
	}

	override dispose(): void {
		this.restart();
		super.dispose();
	}
}
