/**
 * The contract's `AgentWorktreeSource` over {@link createWorktree} and friends: agent runs get
 * their worktrees from here (the Claude adapter never imports git).
 */
import type { AgentMergeMode, AgentWorktreeLocation, AgentWorktreeSource, WorktreeFileChangeRecord } from '../schema/contracts/agentRuns';
import type { Git } from './git';
import { commitWorktree, createWorktree, discardWorktree, listWorktrees, mergeWorktree, worktreeChanges, worktreeDiff } from './worktrees';

/** Options of {@link GitAgentWorktrees}. */
export interface GitAgentWorktreesOptions {
	/** The runner (share the model's pool). */
	readonly git: Pick<Git, 'exec'>;
	/** The storage folder of the worktrees. */
	readonly parentDir: string;
	/** The repositories of the workspace, whose worktrees {@link GitAgentWorktrees.list} reads. */
	readonly repositories: () => readonly string[];
}

/** See the module comment. */
export class GitAgentWorktrees implements AgentWorktreeSource {
	constructor(private readonly options: GitAgentWorktreesOptions) {}

	create(repositoryPath: string, branch: string, signal?: AbortSignal): Promise<AgentWorktreeLocation> {
		return createWorktree({ repositoryPath, branch, parentDir: this.options.parentDir }, { git: this.options.git, signal });
	}

	async list(): Promise<AgentWorktreeLocation[]> {
		const lists = await Promise.all(
			this.options.repositories().map((repo) => listWorktrees(repo, this.options.parentDir, { git: this.options.git }).catch(() => [])),
		);
		return lists.flat();
	}

	async changes(worktree: AgentWorktreeLocation): Promise<WorktreeFileChangeRecord[]> {
		return (await worktreeChanges(worktree, { git: this.options.git })).files;
	}

	diff(worktree: AgentWorktreeLocation): Promise<string> {
		return worktreeDiff(worktree, { git: this.options.git });
	}

	async merge(worktree: AgentWorktreeLocation, mode: AgentMergeMode, commitMessage: string): Promise<string> {
		const { commit } = await mergeWorktree(worktree, mode === 'FAST_FORWARD' ? 'fast-forward' : 'merge-commit', { git: this.options.git, commitMessage });
		return commit;
	}

	async keep(worktree: AgentWorktreeLocation, commitMessage: string): Promise<void> {
		await commitWorktree(worktree, commitMessage, { git: this.options.git });
		await discardWorktree(worktree, { git: this.options.git, keepBranch: true });
	}

	discard(worktree: AgentWorktreeLocation): Promise<void> {
		return discardWorktree(worktree, { git: this.options.git });
	}
}
