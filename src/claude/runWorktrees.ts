/**
 * Where a run works: in the repository itself, or in a worktree of its own on a new branch
 * (`agent/<first 8 of its id>`) made before the run is queued. A retry of a worktree run works in
 * a fresh worktree, so the old one keeps what the failed attempt left.
 */
import { randomUUID } from 'node:crypto';
import { SourceError } from '../schema/contracts/sourceError';
import type { AgentWorktreeSource } from '../schema/contracts/agentRuns';
import type { AgentRun, AgentRunOptions, RunIsolation, RunWorktree } from './runModel';
import type { RunExtras, RunQueue } from './runQueue';

/** Makes the worktrees of `WORKTREE` runs as they start and retry; refuses them without a source. */
export class RunWorktrees {
	constructor(private readonly source: AgentWorktreeSource | undefined) {}

	/** Queues one run where `isolation` says; a `WORKTREE` run gets its worktree first. */
	async start(queue: RunQueue, repo: string, prompt: string, options: AgentRunOptions, isolation: RunIsolation, extras: RunExtras): Promise<AgentRun> {
		if (isolation === 'IN_PLACE') {
			return queue.start(repo, prompt, options, { ...extras, isolation });
		}
		const id = randomUUID();
		const worktree = await this.create(repo, id);
		return queue.start(repo, prompt, options, { ...extras, id, isolation, worktree });
	}

	/** Retries a finished run: a `WORKTREE` run in a fresh worktree, any other in place. */
	async retry(queue: RunQueue, run: AgentRun): Promise<AgentRun> {
		if (run.isolation !== 'WORKTREE') {
			return queue.retry(run.id);
		}
		const newId = randomUUID();
		return queue.retry(run.id, { id: newId, worktree: await this.create(run.repositoryPath, newId) });
	}

	/** A new worktree of `repo` for the run `id`, on its own branch. */
	private async create(repo: string, id: string): Promise<RunWorktree> {
		if (!this.source) {
			throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'Worktree isolation is not available here: start the run in place.');
		}
		const made = await this.source.create(repo, `agent/${id.slice(0, 8)}`);
		return { path: made.path, branch: made.branch, baseCommit: made.baseCommit, state: 'ACTIVE' };
	}
}
