/**
 * The unfinished runs of other live processes in a queue's history. Their owners run them and
 * write their records; the queue only shows them, and looks again now and then: for the
 * owner's latest record, and for an owner gone without ending its run (that run is interrupted).
 */
import { Disposable, toDisposable } from '../common/lifecycle';
import { endRun, INTERRUPTED_ERROR, isTerminal, type AgentRun } from './runModel';
import type { RunOwner } from './runOwner';

/** How often the runs are looked at again. */
export const FOREIGN_CHECK_MS = 30_000;

/** What {@link ForeignRuns} needs of its queue. */
export interface ForeignRunsHost {
	readonly isOwnerAlive: (owner: RunOwner | undefined) => boolean;
	readonly now: () => Date;
	/** The stored history (the owners' records); empty when nothing is stored. */
	readonly load: () => Promise<readonly AgentRun[]>;
	/** The queue's record of a run. */
	readonly get: (id: string) => AgentRun | undefined;
	/** A run has ended: record and save it. */
	readonly settle: (run: AgentRun) => void;
	/** A run's owner wrote a newer record: show it, without saving (that could only make it older). */
	readonly refresh: (run: AgentRun) => void;
}

/** The set of runs other processes hold, with the timer that looks at them again. */
export class ForeignRuns extends Disposable {
	private readonly ids = new Set<string>();
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly host: ForeignRunsHost, ids: Iterable<string>) {
		super();
		for (const id of ids) {
			this.ids.add(id);
		}
		this._register(toDisposable(() => clearInterval(this.timer)));
		if (this.ids.size > 0) {
			this.timer = setInterval(() => void this.check(), FOREIGN_CHECK_MS);
			// Watching another process's runs is no reason to keep this one alive.
			this.timer.unref?.();
		}
	}

	/** Whether another process runs `id`. */
	has(id: string): boolean {
		return this.ids.has(id);
	}

	/** Takes each run's stored record; a run whose owner is gone without ending it is FAILED ("Interrupted"). */
	async check(): Promise<void> {
		if (this.ids.size === 0 || this.isDisposed) {
			return;
		}
		const stored = new Map((await this.host.load()).map((r) => [r.id, r]));
		for (const id of [...this.ids]) {
			const run = this.host.get(id);
			if (!run || this.isDisposed) {
				this.ids.delete(id);
				continue;
			}
			const latest = stored.get(id) ?? run;
			const next = isTerminal(latest.status) || this.host.isOwnerAlive(latest.owner) ? latest : endRun(latest, 'FAILED', INTERRUPTED_ERROR, this.host.now());
			if (isTerminal(next.status)) {
				this.ids.delete(id);
				this.host.settle(next);
			} else if (next !== run) {
				this.host.refresh(next);
			}
		}
		if (this.ids.size === 0) {
			clearInterval(this.timer);
		}
	}
}
