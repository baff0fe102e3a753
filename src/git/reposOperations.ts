/**
 * {@link GitOperations} as the repos contract's `ReposOperations`: the same writes, failing only
 * with `SourceError`s and reporting progress in the contract's terms. This is where git's own
 * error classes stop.
 */
import { Emitter, type Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { CommitOutcome, CommitSpec, ReposOperations, RepositoryOperationEvent } from '../schema/contracts/repos';
import type { GitCommitOutcome, GitOperations, HierarchyCommitOptions } from './operations';
import { atReposEdge, toReposError } from './sourceErrors';

function toOutcome(outcome: GitCommitOutcome): CommitOutcome {
	return outcome.status === 'failed' ? { path: outcome.path, status: 'failed', error: toReposError(outcome.error) } : outcome;
}

/** See the module comment. Owns no process: the wrapped operations' model does. */
export class GitReposOperations extends Disposable implements ReposOperations {
	private readonly _onDidRunOperation = this._register(new Emitter<RepositoryOperationEvent>());
	readonly onDidRunOperation: Event<RepositoryOperationEvent> = this._onDidRunOperation.event;

	constructor(private readonly operations: GitOperations) {
		super();
		this._register(
			operations.onDidRunOperation((e) =>
				this._onDidRunOperation.fire({ path: e.path, operation: e.operation, phase: e.phase, ...(e.error ? { error: toReposError(e.error) } : {}) }),
			),
		);
	}

	stage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
		return atReposEdge(() => this.operations.stage(repoPath, paths, signal));
	}

	unstage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
		return atReposEdge(() => this.operations.unstage(repoPath, paths, signal));
	}

	commit(repoPath: string, message: string, options?: { paths?: readonly string[]; signal?: AbortSignal }): Promise<string | null> {
		return atReposEdge(() => this.operations.commit(repoPath, message, options));
	}

	async commitAll(commits: readonly CommitSpec[], options?: { continueOnError?: boolean; signal?: AbortSignal }): Promise<CommitOutcome[]> {
		return (await atReposEdge(() => this.operations.commitAll(commits, options))).map(toOutcome);
	}

	async commitHierarchy(commits: readonly CommitSpec[], options?: HierarchyCommitOptions): Promise<CommitOutcome[]> {
		return (await atReposEdge(() => this.operations.commitHierarchy(commits, options))).map(toOutcome);
	}

	push(repoPath: string, options?: { setUpstream?: boolean; signal?: AbortSignal }): Promise<void> {
		return atReposEdge(() => this.operations.push(repoPath, options));
	}

	pull(repoPath: string, options?: { ffOnly?: boolean; signal?: AbortSignal }): Promise<void> {
		return atReposEdge(() => this.operations.pull(repoPath, options));
	}

	fetch(repoPath: string, options?: { prune?: boolean; signal?: AbortSignal }): Promise<void> {
		return atReposEdge(() => this.operations.fetch(repoPath, options));
	}

	initializeSubmodules(parentPath: string, options?: { paths?: readonly string[]; recursive?: boolean; signal?: AbortSignal }): Promise<void> {
		return atReposEdge(() => this.operations.initializeSubmodules(parentPath, options));
	}
}
