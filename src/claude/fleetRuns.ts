/**
 * Fleets as the graph drives them: one run per repository started under one fleet id, cancelled
 * and retried together. The runs are the queue's; a fleet is only the id they share (fleets.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AgentFleetRecord, AgentPromptInput, AgentRunOptions as GraphRunOptions } from '../schema/contracts/agentRuns';
import { SourceError } from '../schema/contracts/sourceError';
import { toRunOptions } from './agentRunRecords';
import { fleetRecord, fleetsOf, latestAttempts } from './fleets';
import { isTerminal, type AgentRun } from './runModel';
import type { RunExtras, RunQueue } from './runQueue';

/** What fleets need of the agent runs they belong to. */
export interface FleetHost {
	/** Every run, oldest first. */
	readonly runs: () => readonly AgentRun[];
	/** The queue, once the history is read. */
	readonly queue: () => Promise<RunQueue>;
	/** The queue, refusing with the availability's code when runs cannot start. */
	readonly runnableQueue: () => Promise<RunQueue>;
	/** The absolute path of a repository runs may start in (`NOT_FOUND` otherwise). */
	readonly repository: (repositoryPath: string) => string;
	/** The prompt for `repo` from the given text or template. */
	readonly promptFor: (repo: string, input: AgentPromptInput) => Promise<string>;
	/** Queues one run where its options say (in place, in a worktree). */
	readonly start: (queue: RunQueue, repo: string, prompt: string, options: GraphRunOptions | undefined, extras: RunExtras) => Promise<AgentRun>;
	/** Retries one finished run (a worktree run in a fresh worktree). */
	readonly retry: (queue: RunQueue, run: AgentRun) => Promise<AgentRun>;
}

/** The fleets of the agent runs: their records, and starting, cancelling and retrying them. */
export class FleetRuns {
	constructor(private readonly host: FleetHost) {}

	/** Every fleet, newest first, at most `first`. */
	list(first: number): readonly AgentFleetRecord[] {
		return fleetsOf(this.host.runs()).slice(0, first);
	}

	/** One fleet's roll-up, if any run has its id. */
	get(id: string): AgentFleetRecord | undefined {
		const runs = this.runsOf(id);
		return runs.length ? fleetRecord(id, runs) : undefined;
	}

	/**
	 * One run per repository under a new fleet. A repository that cannot start (its worktree, its
	 * template) must not stop the others: it shows as a failed run, unless it is the only one.
	 */
	async start(repositoryPaths: readonly string[], input: AgentPromptInput, options?: GraphRunOptions): Promise<AgentFleetRecord> {
		const queue = await this.host.runnableQueue();
		const repos = [...new Set(repositoryPaths.map((p) => this.host.repository(p)))];
		if (repos.length === 0) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'A fleet needs at least one repository');
		}
		if (!input.template && !input.prompt?.trim()) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'The prompt is empty');
		}
		const fleetId = randomUUID();
		for (const repo of repos) {
			let prompt = input.prompt ?? input.template ?? '';
			try {
				prompt = await this.host.promptFor(repo, input);
				await this.host.start(queue, repo, prompt, options, { fleetId });
			} catch (err) {
				if (repos.length === 1) {
					throw err;
				}
				queue.recordFailure(repo, prompt, toRunOptions(options), { fleetId }, err instanceof Error ? err.message : String(err));
			}
		}
		return this.require(fleetId);
	}

	/** Cancels the fleet's waiting and running runs of this process and resolves once they have ended. */
	async cancel(id: string): Promise<AgentFleetRecord> {
		const queue = await this.host.queue();
		// Runs going in another process are left to it: waiting for them could take as long as they run.
		const runs = this.require(id) && this.runsOf(id).filter((r) => !isTerminal(r.status) && !queue.isForeign(r.id));
		// Waiting runs first, so none of them takes a slot freed by a cancelled one.
		for (const r of [...runs].sort((a, b) => (a.status === 'QUEUED' ? -1 : 0) - (b.status === 'QUEUED' ? -1 : 0))) {
			queue.cancel(r.id);
		}
		await Promise.all(runs.map((r) => queue.whenFinished(r.id)));
		return this.require(id);
	}

	/** Retries the fleet's failed runs (their latest attempts). */
	async retry(id: string): Promise<AgentFleetRecord> {
		const queue = await this.host.runnableQueue();
		this.require(id);
		for (const run of latestAttempts(this.runsOf(id)).filter((r) => r.status === 'FAILED')) {
			await this.host.retry(queue, run);
		}
		return this.require(id);
	}

	private runsOf(id: string): AgentRun[] {
		return this.host.runs().filter((r) => r.fleetId === id);
	}

	private require(id: string): AgentFleetRecord {
		const runs = this.runsOf(id);
		if (runs.length === 0) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent fleet ${id}`);
		}
		return fleetRecord(id, runs);
	}
}
