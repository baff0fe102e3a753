/**
 * The queue of agent runs: at most `concurrency` CLI processes at once, the rest wait in order.
 * Every run goes through one place ({@link RunQueue.execute}) that fires change events and
 * settles the record in `finally`, so no path can leave a run stuck in RUNNING.
 */
import { randomUUID } from 'node:crypto';
import { Emitter, type Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import {
	applyEvent, completeRun, createRun, endRun, formatUsd, isTerminal, markRunning, recoverInterrupted,
	type AgentRun, type AgentRunOptions, type NewRun, type RunEvent, type RunWorktree,
} from './runModel';
import { ActiveRun, spawnOptionsOf } from './activeRun';
import { ForeignRuns } from './foreignRuns';
import { trackOwner } from './hostExit';
import { claimRuns, isOwnerAlive, type RunOwner } from './runOwner';
import { budgetOf, usageOn } from './usage';
import type { ClaudeExit } from './runner';
import { DEFAULT_CONCURRENCY, type RunExtras, type RunQueueOptions } from './runQueueOptions';
import type { RunStore } from './runStore';

export { DEFAULT_CONCURRENCY, type RunExtras, type RunQueueOptions } from './runQueueOptions';

/** Runs Claude on repositories, keeps their records and history. */
export class RunQueue extends Disposable {
	private readonly _onDidChangeRun = this._register(new Emitter<AgentRun>());
	/** Fires with the new record whenever a run changes. */
	readonly onDidChangeRun: Event<AgentRun> = this._onDidChangeRun.event;

	private readonly _onDidReceiveEvent = this._register(new Emitter<RunEvent>());
	/** Fires for every stream event of every run. */
	readonly onDidReceiveEvent: Event<RunEvent> = this._onDidReceiveEvent.event;

	private readonly runsById = new Map<string, AgentRun>();
	private readonly waiting: string[] = [];
	private readonly active = new Map<string, ActiveRun>();
	private readonly finished = new Map<string, { promise: Promise<AgentRun>; resolve: (run: AgentRun) => void }>();
	private readonly exits = new Set<Promise<unknown>>();
	private limit: number;
	private readonly now: () => Date;
	/** Recorded with this queue's unfinished runs. */
	private readonly owner: RunOwner;
	/** Unfinished runs of other live processes, as read from the history. */
	private readonly foreign: ForeignRuns;

	constructor(private options: RunQueueOptions = {}) {
		super();
		this.limit = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
		this.now = options.now ?? (() => new Date());
		this.owner = this._register(claimRuns()).owner;
		const ownerAlive = options.isOwnerAlive ?? isOwnerAlive;
		// A signal the host does not handle stops this queue's runs and writes them before the host exits.
		this._register(trackOwner(this));
		const foreign: string[] = [];
		for (const run of options.initialRuns ?? []) {
			const recovered = recoverInterrupted(run, this.now(), ownerAlive);
			this.runsById.set(run.id, recovered);
			if (!isTerminal(recovered.status)) {
				foreign.push(run.id);
			}
		}
		this.foreign = this._register(new ForeignRuns({
			isOwnerAlive: ownerAlive,
			now: this.now,
			load: async () => (this.options.store ? (await this.options.store.load()).runs : []),
			get: (id) => this.runsById.get(id),
			settle: (run) => this.settle(run),
			refresh: (run) => this.update(run, false),
		}, foreign));
	}

	/** A queue that starts from the store's history; unfinished runs whose process is gone are marked FAILED. */
	static async open(options: RunQueueOptions & { readonly store: RunStore }): Promise<RunQueue> {
		const { runs } = await options.store.load();
		return new RunQueue({ ...options, initialRuns: runs });
	}

	/** Whether the run is going in another process: this queue can read it but not stop it. */
	isForeign(id: string): boolean {
		return this.foreign.has(id);
	}

	/**
	 * Looks again at the unfinished runs of other processes: each takes its stored record, which its
	 * owner keeps up to date, and one whose owner is gone without ending it is FAILED
	 * ("Interrupted"). Runs on a timer (see foreignRuns.ts); callable at any time.
	 */
	checkForeignRuns(): Promise<void> {
		return this.foreign.check();
	}

	/** All runs, oldest first. */
	get runs(): readonly AgentRun[] {
		return [...this.runsById.values()];
	}

	/**
	 * CLI processes of this queue not yet gone: from the spawn until the process, and after a
	 * cancel every process group it started, has exited.
	 */
	get processesAlive(): number {
		return this.active.size;
	}

	/** One run by id. */
	get(id: string): AgentRun | undefined {
		return this.runsById.get(id);
	}

	/** How many runs may run at once; a raised limit starts waiting runs at once. */
	get concurrency(): number {
		return this.limit;
	}

	set concurrency(value: number) {
		this.limit = Math.max(1, Math.floor(value));
		this.pump();
	}

	/**
	 * Changes how later runs start (the CLI, its environment, the timeout, default options).
	 * Runs already going keep what they started with.
	 */
	configure(changes: Pick<RunQueueOptions, 'claudePath' | 'env' | 'timeoutMs' | 'defaults' | 'dailyBudgetUsd'>): void {
		this.options = { ...this.options, ...changes };
	}

	/** Queues a new run of `prompt` in the repository (in its worktree, when `extras` give one). */
	start(repositoryPath: string, prompt: string, options: AgentRunOptions = {}, extras: RunExtras = {}): AgentRun {
		return this.enqueue({ ...extras, id: extras.id ?? '', repositoryPath, prompt, options });
	}

	/** Records a run that could not even be queued (its worktree could not be made), as FAILED. */
	recordFailure(repositoryPath: string, prompt: string, options: AgentRunOptions, extras: RunExtras, error: string): AgentRun {
		const run = createRun({ ...extras, id: extras.id ?? randomUUID(), repositoryPath, prompt, options: { ...this.options.defaults, ...options } }, this.now());
		this.settle(endRun(run, 'FAILED', error, this.now()));
		return this.runsById.get(run.id) ?? run;
	}

	/** Changes the worktree of a run (merged, kept, discarded); the record is saved. */
	setWorktree(id: string, worktree: RunWorktree): AgentRun {
		const run = this.runsById.get(id);
		if (!run) {
			throw new Error(`No run ${id}`);
		}
		const next = { ...run, worktree };
		this.update(next);
		return next;
	}

	/** What runs have cost today (local time), finished and running. */
	spentToday(): number {
		return usageOn(this.runs, this.now()).costUsd;
	}

	/** Stops a run. A waiting run ends at once; a running one once its processes are gone. */
	cancel(id: string): boolean {
		const run = this.runsById.get(id);
		if (!run || isTerminal(run.status)) {
			return false;
		}
		const active = this.active.get(id);
		if (active) {
			active.process.cancel();
		} else if (this.foreign.has(id)) {
			// Its process is another one's; only its owner can stop it.
			return false;
		} else {
			this.waiting.splice(this.waiting.indexOf(id), 1);
			this.settle(endRun(run, 'CANCELLED', undefined, this.now()));
		}
		return true;
	}

	/** Runs a finished run again from scratch, as a new run linked to it (in the fresh worktree `extras` give). */
	retry(id: string, extras: RunExtras = {}): AgentRun {
		const parent = this.finishedRun(id);
		return this.enqueue({
			isolation: parent.isolation,
			fleetId: parent.fleetId,
			...extras,
			id: extras.id ?? '',
			repositoryPath: parent.repositoryPath,
			prompt: parent.prompt,
			options: parent.options,
			origin: 'retry',
			parentId: parent.id,
		});
	}

	/** Continues a finished run's conversation with a new prompt (same session, `--resume`). */
	resume(id: string, prompt: string): AgentRun {
		const parent = this.finishedRun(id);
		if (!parent.sessionId) {
			throw new Error('This run has no session to resume: the CLI ended before it opened one.');
		}
		if (parent.worktree && parent.worktree.state !== 'ACTIVE') {
			// The session lives in the worktree's folder: it cannot go on once that is gone.
			throw new Error(`This run's worktree was ${parent.worktree.state.toLowerCase()}: its session cannot be resumed.`);
		}
		return this.enqueue({
			id: '',
			repositoryPath: parent.repositoryPath,
			prompt,
			options: parent.options,
			origin: 'resume',
			parentId: parent.id,
			sessionId: parent.sessionId,
			isolation: parent.isolation,
			worktree: parent.worktree,
			fleetId: parent.fleetId,
		});
	}

	/** Resolves with the run's final record. */
	whenFinished(id: string): Promise<AgentRun> {
		const run = this.runsById.get(id);
		if (!run) {
			return Promise.reject(new Error(`No run ${id}`));
		}
		if (isTerminal(run.status)) {
			return Promise.resolve(run);
		}
		return this.finishedEntry(id).promise;
	}

	/** Stops every run and waits until their processes are gone and the history is written. */
	async shutdown(): Promise<void> {
		this.dispose();
		await Promise.allSettled([...this.exits]);
		await this.options.store?.flush().catch(() => undefined);
	}

	/** Cancels waiting runs and stops running ones; their processes are killed. */
	override dispose(): void {
		if (this.isDisposed) {
			return;
		}
		for (const id of [...this.waiting]) {
			this.cancel(id);
		}
		for (const { process: proc } of this.active.values()) {
			proc.cancel();
		}
		super.dispose();
	}

	private finishedRun(id: string): AgentRun {
		const run = this.runsById.get(id);
		if (!run) {
			throw new Error(`No run ${id}`);
		}
		if (!isTerminal(run.status)) {
			throw new Error('The run is still going; wait for it to finish or cancel it first.');
		}
		return run;
	}

	private finishedEntry(id: string) {
		let entry = this.finished.get(id);
		if (!entry) {
			let resolve!: (run: AgentRun) => void;
			const promise = new Promise<AgentRun>((r) => (resolve = r));
			entry = { promise, resolve };
			this.finished.set(id, entry);
		}
		return entry;
	}

	private enqueue(init: NewRun): AgentRun {
		if (this.isDisposed) {
			throw new Error('The run queue has been shut down.');
		}
		const run = { ...createRun({ ...init, id: init.id || randomUUID(), options: { ...this.options.defaults, ...init.options } }, this.now()), owner: this.owner };
		this.update(run);
		this.waiting.push(run.id);
		this.pump();
		return this.runsById.get(run.id) ?? run;
	}

	/** Starts waiting runs while slots are free. */
	private pump(): void {
		while (!this.isDisposed && this.active.size < this.limit && this.waiting.length > 0) {
			const id = this.waiting.shift() as string;
			const run = this.runsById.get(id);
			if (run && run.status === 'QUEUED') {
				this.execute(run);
			}
		}
	}

	/** The one path a run takes from QUEUED to a final status. */
	private execute(queued: AgentRun): void {
		const o = this.options;
		const maxBudgetUsd = budgetOf(queued, o.dailyBudgetUsd, () => this.spentToday());
		if (maxBudgetUsd === 0) {
			this.settle(endRun(queued, 'BUDGET_EXCEEDED', `Not started: today's budget of $${formatUsd(o.dailyBudgetUsd ?? 0)} is spent.`, this.now()));
			return;
		}
		const permissions = o.permissions?.openRun(queued.id, queued.repositoryPath);
		const active = new ActiveRun(queued.id, queued.prompt, spawnOptionsOf(queued, o, permissions, maxBudgetUsd), this.now, (event, changed) => this.onEvent(active, event, changed));
		const proc = active.process;
		this.active.set(queued.id, active);
		this.update(markRunning(queued, this.now()));
		let final: AgentRun | undefined;
		const exit = proc.exited
			// The last deltas held back go first: a cancelled run keeps all the text it got.
			.finally(() => active.flush())
			.then(
				(e: ClaudeExit) => (final = completeRun(this.current(queued), e, this.now(), o.timeoutMs)),
				(err: Error) => (final = endRun(this.current(queued), 'FAILED', err.message, this.now())),
			)
			.finally(() => {
				this.active.delete(queued.id);
				active.dispose();
				proc.dispose();
				// Denies whatever the run still waited for, so no request outlives its run.
				permissions?.dispose();
				this.settle(final ?? endRun(this.current(queued), 'FAILED', 'The run ended unexpectedly.', this.now()));
				this.exits.delete(exit);
				this.pump();
			});
		this.exits.add(exit);
	}

	private current(run: AgentRun): AgentRun {
		return this.runsById.get(run.id) ?? run;
	}

	private onEvent(active: ActiveRun, runEvent: RunEvent, outputChanged: boolean): void {
		const run = this.runsById.get(active.runId);
		if (!run) {
			return;
		}
		const event = runEvent.event;
		// Deltas are repeated by the complete `assistant` events; storing both would double the log.
		// The CLI's status lines only say what it is doing meanwhile: they go with the live stream too.
		if (event.type !== 'stream_event' && !(event.type === 'system' && event.subtype === 'status')) {
			this.options.store?.appendEvent(runEvent);
		}
		let next = applyEvent(run, event);
		if (outputChanged) {
			next = { ...next, output: active.output };
		}
		if (next !== run) {
			// Persist the session id as soon as it is known, so a run cut off by a crash can be resumed.
			this.update(next, next.sessionId !== run.sessionId);
		}
		this._onDidReceiveEvent.fire(runEvent);
	}

	private settle(run: AgentRun): void {
		this.update(run);
		this.finished.get(run.id)?.resolve(run);
		this.finished.delete(run.id);
		this.forgetOldRuns();
	}

	/** Drops the oldest finished runs past the limit, so a long session does not grow without end. */
	private forgetOldRuns(): void {
		let excess = this.runsById.size - (this.options.maxRuns ?? 200);
		// Map order is insertion order, which is creation order: the oldest come first.
		for (const [id, run] of this.runsById) {
			if (excess <= 0) {
				break;
			}
			if (isTerminal(run.status)) {
				this.runsById.delete(id);
				excess--;
			}
		}
	}

	private update(run: AgentRun, persist = true): void {
		this.runsById.set(run.id, run);
		if (persist) {
			this.options.store?.eventuallySave(this.runs);
		}
		this._onDidChangeRun.fire(run);
	}
}
