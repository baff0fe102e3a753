/**
 * What happens to a WORKTREE run's worktree once the run ends: its changes and diff for review,
 * then merge, keep as a branch, or discard — and the worktrees a crash left behind. Kept apart from
 * {@link ClaudeAgentRuns}, which starts and tracks the runs.
 */
import { SourceError } from '../schema/contracts/sourceError';
import type { AgentMergeMode, AgentRunRecord, AgentWorktreeSource, StoredWorktreeRecord, WorktreeFileChangeRecord } from '../schema/contracts/agentRuns';
import { toRecord } from './agentRunRecords';
import { isTerminal, type AgentRun, type RunWorktree } from './runModel';
import type { RunQueue } from './runQueue';

/** Review of the worktrees of agent runs (see the module comment). */
export class RunWorktreeReview {
	/**
	 * @param source the git side (absent: runs cannot have worktrees)
	 * @param queue the run queue, undefined until the history is read and after shut-down
	 * @param requireQueue the run queue, once the history is read, or a coded error
	 */
	constructor(
		private readonly source: AgentWorktreeSource | undefined,
		private readonly queue: () => RunQueue | undefined,
		private readonly requireQueue: () => Promise<RunQueue>,
	) {}

	private runs(): readonly AgentRun[] {
		return this.queue()?.runs ?? [];
	}

	private worktreeOf(runId: string): { run: AgentRun; worktree: RunWorktree } | undefined {
		const run = this.queue()?.get(runId);
		return run?.worktree ? { run, worktree: run.worktree } : undefined;
	}

	private location(run: AgentRun, worktree: RunWorktree) {
		return { path: worktree.path, branch: worktree.branch, baseCommit: worktree.baseCommit, repositoryPath: run.repositoryPath };
	}

	/** The worktree's changes against its base; none once it is merged, kept or discarded. */
	async changes(runId: string): Promise<readonly WorktreeFileChangeRecord[]> {
		const found = this.worktreeOf(runId);
		if (!found || found.worktree.state !== 'ACTIVE' || !this.source) {
			return [];
		}
		return this.source.changes(this.location(found.run, found.worktree));
	}

	/** The worktree's diff against its base, new files included. */
	async diff(runId: string): Promise<string> {
		const found = this.worktreeOf(runId);
		if (!found || found.worktree.state !== 'ACTIVE' || !this.source) {
			return '';
		}
		return this.source.diff(this.location(found.run, found.worktree));
	}

	/** The run's worktree, which must still be there, of a run that has ended. */
	private async reviewable(runId: string): Promise<{ queue: RunQueue; run: AgentRun; worktree: RunWorktree; source: AgentWorktreeSource }> {
		const queue = await this.requireQueue();
		const run = queue.get(runId);
		if (!run) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent run ${runId}`);
		}
		if (!run.worktree || !this.source) {
			throw new SourceError('CLAUDE', 'CONFLICT', 'This run worked in place: it has no worktree.');
		}
		if (run.worktree.state !== 'ACTIVE') {
			throw new SourceError('CLAUDE', 'CONFLICT', `This run's worktree was already ${run.worktree.state.toLowerCase()}.`);
		}
		// A resumed run works in the same worktree: none of them may still be going.
		if (this.runs().some((r) => r.worktree?.path === run.worktree?.path && !isTerminal(r.status))) {
			throw new SourceError('CLAUDE', 'CONFLICT', 'A run is still working in this worktree: wait for it to finish or cancel it first.');
		}
		return { queue, run, worktree: run.worktree, source: this.source };
	}

	private commitMessageOf(run: AgentRun): string {
		const subject = run.prompt.split('\n').find((l) => l.trim())?.trim() ?? 'agent run';
		return `${subject.length > 60 ? `${subject.slice(0, 59)}…` : subject}\n\nMade by agent run ${run.id} on ${run.worktree?.branch ?? 'its branch'}.`;
	}

	/** Sets the worktree's new state on every run that worked in it (a run and its resumptions). */
	private markWorktree(queue: RunQueue, worktree: RunWorktree, next: RunWorktree): void {
		for (const r of this.runs().filter((x) => x.worktree?.path === worktree.path)) {
			queue.setWorktree(r.id, next);
		}
	}

	/** Merges the run's branch into the repository's current branch, then removes worktree and branch. */
	async merge(runId: string, mode: AgentMergeMode): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		const location = this.location(run, worktree);
		const mergeCommit = await source.merge(location, mode, this.commitMessageOf(run));
		// Merged: the branch is in the user's branch now, so worktree and branch can go.
		await source.discard(location);
		this.markWorktree(queue, worktree, { ...worktree, state: 'MERGED', mergeCommit });
		return toRecord(queue.get(runId) ?? run);
	}

	/** Commits the run's work on its branch and removes the folder: the branch stays to check out. */
	async keepBranch(runId: string): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		await source.keep(this.location(run, worktree), this.commitMessageOf(run));
		this.markWorktree(queue, worktree, { ...worktree, state: 'KEPT' });
		return toRecord(queue.get(runId) ?? run);
	}

	/** Removes worktree and branch. */
	async discard(runId: string): Promise<AgentRunRecord> {
		const { queue, run, worktree, source } = await this.reviewable(runId);
		await source.discard(this.location(run, worktree));
		this.markWorktree(queue, worktree, { ...worktree, state: 'DISCARDED' });
		return toRecord(queue.get(runId) ?? run);
	}

	/** The worktrees in storage, each with the run that made it (null: left by a crash). */
	async stored(): Promise<readonly StoredWorktreeRecord[]> {
		const listed = (await this.source?.list()) ?? [];
		const owner = new Map<string, string>();
		for (const r of this.runs()) {
			// The first run that made it (resumptions share it).
			if (r.worktree?.state === 'ACTIVE' && !owner.has(r.worktree.path)) {
				owner.set(r.worktree.path, r.id);
			}
		}
		return listed.map((w) => ({ ...w, runId: owner.get(w.path) ?? null }));
	}

	/** Removes the worktrees no run claims (left by a crash); resolves with how many. */
	async clean(): Promise<number> {
		const source = this.source;
		const orphans = (await this.stored()).filter((w) => w.runId === null);
		for (const w of orphans) {
			await source?.discard(w);
		}
		return orphans.length;
	}
}
