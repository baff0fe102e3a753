/**
 * Side-effecting git operations: stage, unstage, commit (one, many, or a submodule hierarchy),
 * push, pull, fetch, and reading a file at a revision. Every write runs on the repository's write
 * queue (see `GitModel.run`), is announced by start/end events, and refreshes the repository after.
 */
import * as path from 'node:path';
import { Disposable } from '../common/lifecycle';
import type { CommitSpec, RepositoryOperationKind } from '../schema/contracts/repos';
import { Emitter, Event } from '../common/event';
import { pushTarget } from './pushTarget';
import { addPathsArgs, commitWithTemporaryIndex, pathspecInput } from './commitTransaction';
import { classifyGitOutput, GitError, isGitError } from './errors';
import { hasEscapedBytes, encodePath } from '../common/pathEncoding';
import { GitModel } from './model';
import { OperationMode } from './queue';
import { planCommitHierarchy } from './hierarchy';
import { describeCommitFailure, describePullFailure, describePushFailure } from './operationErrors';

/** Names of the operations, as reported in events. */
export type OperationKind = RepositoryOperationKind;

/** Fired when an operation starts and again when it ends (`error` set on failure). */
export interface OperationEvent {
	path: string;
	operation: OperationKind;
	phase: 'start' | 'end';
	error?: GitError | Error;
}

/** What happened to one repository in a batch commit, in git's terms (the contract's `CommitOutcome` carries a `SourceError`). */
export type GitCommitOutcome =
	| { path: string; status: 'committed'; sha: string | null }
	| { path: string; status: 'failed'; error: GitError }
	/** Not attempted: an earlier commit failed and `continueOnError` was false. */
	| { path: string; status: 'skipped' };

/** Options of the batch commits. */
export interface BatchCommitOptions {
	/** Keep committing the other repositories after one fails (default false: stop). */
	continueOnError?: boolean;
	signal?: AbortSignal;
}

/** Options of {@link GitOperations.commitHierarchy}. */
export interface HierarchyCommitOptions extends BatchCommitOptions {
	/** Message for a parent that only records new submodule pointers (it had no spec of its own). */
	pointerMessage?: (parentPath: string, submodules: string[]) => string;
}

/** Options of {@link GitOperations.push}. */
export interface PushOptions {
	/** When the branch has no upstream, push to `origin` and set it (`--set-upstream origin <branch>`). */
	setUpstream?: boolean;
	signal?: AbortSignal;
}

/** What `cat-file` says when the path or revision does not exist (a new file, an unborn branch). */
const MISSING_OBJECT = /does not exist in|exists on disk, but not in|invalid object name|Not a valid object name|bad revision/i;

/** See the module comment. Holds no processes of its own: the model's runner does. */
export class GitOperations extends Disposable {
	private readonly _onDidRunOperation = this._register(new Emitter<OperationEvent>());
	/** Start and end of every operation, for progress UI and logs. */
	readonly onDidRunOperation: Event<OperationEvent> = this._onDidRunOperation.event;

	constructor(private readonly model: GitModel) {
		super();
	}

	/** Stages `paths` (new, modified and deleted files alike). */
	async stage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
		if (paths.length === 0) {
			return;
		}
		await this.run(repoPath, 'stage', 'write', signal, async () => {
			await this.model.git.exec(addPathsArgs(), { cwd: repoPath, signal, input: pathspecInput(paths) });
		});
	}

	/** Unstages `paths`, keeping the working tree as it is. Works on an unborn branch too. */
	async unstage(repoPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
		if (paths.length === 0) {
			return;
		}
		await this.run(repoPath, 'unstage', 'write', signal, async () => {
			const git = this.model.git;
			const hasHead = await git.exec(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repoPath, signal, readOnly: true, allowedExitCodes: [1] });
			const args =
				hasHead.exitCode === 0
					? ['--literal-pathspecs', 'reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul']
					: ['--literal-pathspecs', 'rm', '--cached', '-r', '-q', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'];
			await git.exec(args, { cwd: repoPath, signal, input: pathspecInput(paths) });
		});
	}

	/**
	 * Commits all changes (untracked files included) or only `paths`. Hooks run. If the commit fails
	 * the index and working tree are exactly as before; a rejecting hook yields a `HookRejected`
	 * {@link GitError} whose message holds the hook's output. Resolves with the new HEAD.
	 */
	async commit(repoPath: string, message: string, options: { paths?: readonly string[]; signal?: AbortSignal } = {}): Promise<string | null> {
		await this.run(repoPath, 'commit', 'write', options.signal, async () => {
			try {
				await commitWithTemporaryIndex(this.model.git, { cwd: repoPath, message, paths: options.paths, signal: options.signal });
			} catch (err) {
				throw await describeCommitFailure(err, repoPath, this.model.git);
			}
		});
		const known = this.model.get(repoPath);
		if (known) {
			return known.headSha;
		}
		// A repository the model does not track: ask git (the refresh above did nothing for it).
		const head = await this.model.git.exec(['rev-parse', '-q', '--verify', 'HEAD'], { cwd: repoPath, readOnly: true, allowedExitCodes: [1] });
		return head.stdout.toString('utf8').trim() || null;
	}

	/**
	 * Commits several repositories, each on its own queue. With `continueOnError` they run in
	 * parallel (bounded by the process pool) and every one is attempted, except that a repository
	 * commits after the ones of the batch inside it (its submodules, nested repositories): then
	 * what it records of them is their new commit, every time, instead of whatever the race left.
	 * Without `continueOnError` they run in order and the rest are skipped after the first failure.
	 */
	async commitAll(commits: readonly CommitSpec[], options: BatchCommitOptions = {}): Promise<GitCommitOutcome[]> {
		if (options.continueOnError) {
			const inside = nearestInside(commits);
			const started = new Map<CommitSpec, Promise<GitCommitOutcome>>();
			const start = (spec: CommitSpec): Promise<GitCommitOutcome> => {
				let outcome = started.get(spec);
				if (!outcome) {
					outcome = Promise.all((inside.get(spec) ?? []).map(start)).then(() => this.commitOne(spec, options.signal));
					started.set(spec, outcome);
				}
				return outcome;
			};
			return Promise.all(commits.map(start));
		}
		const outcomes: GitCommitOutcome[] = [];
		let stopped = false;
		for (const spec of commits) {
			if (stopped) {
				outcomes.push({ path: spec.path, status: 'skipped' });
				continue;
			}
			const outcome = await this.commitOne(spec, options.signal);
			stopped = outcome.status === 'failed';
			outcomes.push(outcome);
		}
		return outcomes;
	}

	/**
	 * Commits a submodule hierarchy bottom-up: deepest submodules first, then each parent, which
	 * then also records its submodules' new commits. A parent without a spec of its own still gets
	 * a commit of just the moved submodule pointers. Outcomes are in commit order.
	 */
	async commitHierarchy(commits: readonly CommitSpec[], options: HierarchyCommitOptions = {}): Promise<GitCommitOutcome[]> {
		const levels = planCommitHierarchy(this.model, commits, options.pointerMessage);
		const outcomes: GitCommitOutcome[] = [];
		let stopped = false;
		for (const level of levels) {
			const specs = level.map((step) => step.resolve(outcomes)).filter((spec): spec is CommitSpec => spec !== null);
			if (stopped) {
				outcomes.push(...specs.map((spec): GitCommitOutcome => ({ path: spec.path, status: 'skipped' })));
				continue;
			}
			const results = await this.commitAll(specs, options);
			outcomes.push(...results);
			stopped = !options.continueOnError && results.some((r) => r.status !== 'committed');
		}
		return outcomes;
	}

	/**
	 * Pushes the current branch to where a plain `git push` would (its push remote, else its
	 * upstream's remote and branch); never forces. Without an upstream it fails with `NoUpstream`
	 * unless `setUpstream`, which pushes with `--set-upstream origin <branch>`. A non-fast-forward
	 * rejection fails with `PushRejected` and says to pull first.
	 */
	async push(repoPath: string, options: PushOptions = {}): Promise<void> {
		await this.run(repoPath, 'push', 'write', options.signal, async () => {
			const git = this.model.git;
			const cwd = repoPath;
			const branch = (await git.exec(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd, readOnly: true, signal: options.signal, allowedExitCodes: [1] })).stdout
				.toString('utf8')
				.trim();
			if (!branch) {
				throw new GitError({ code: 'Unknown', args: ['push'], cwd, exitCode: null, message: 'Cannot push a detached HEAD: check out a branch first' });
			}
			const target = await pushTarget(git, cwd, branch, options.signal);
			if (!target && !options.setUpstream) {
				throw new GitError({ code: 'NoUpstream', args: ['push'], cwd, exitCode: null, message: `The branch ${branch} has no upstream branch. Publish it to set one.` });
			}
			const remote = target?.remote ?? 'origin';
			// An explicit refspec without `+`, and the remote's mirror setting off for this push: a bare
			// `git push` would honour a `+` refspec in `remote.<name>.push` (or a mirror) and force.
			const args = ['-c', `remote.${remote}.mirror=false`, 'push', ...(target ? [] : ['--set-upstream']), remote, `refs/heads/${branch}:${target?.ref ?? `refs/heads/${branch}`}`];
			try {
				await git.exec(args, { cwd, signal: options.signal });
			} catch (err) {
				throw describePushFailure(err, branch);
			}
		});
	}

	/** Pulls the upstream; fast-forward only unless `ffOnly` is false. */
	async pull(repoPath: string, options: { ffOnly?: boolean; signal?: AbortSignal } = {}): Promise<void> {
		await this.run(repoPath, 'pull', 'write', options.signal, async () => {
			const args = ['pull', '--no-recurse-submodules', options.ffOnly === false ? '--no-edit' : '--ff-only'];
			try {
				await this.model.git.exec(args, { cwd: repoPath, signal: options.signal });
			} catch (err) {
				throw describePullFailure(err);
			}
		});
	}

	/**
	 * Fetches (pruning deleted remote branches unless `prune` is false). Submodules are not fetched
	 * recursively: each is a repository of its own and is fetched by its own call.
	 */
	async fetch(repoPath: string, options: { prune?: boolean; allRemotes?: boolean; signal?: AbortSignal } = {}): Promise<void> {
		await this.run(repoPath, 'fetch', 'write', options.signal, async () => {
			const args = ['fetch', '--recurse-submodules=no'];
			if (options.prune !== false) {
				args.push('--prune');
			}
			if (options.allRemotes) {
				args.push('--all');
			}
			await this.model.git.exec(args, { cwd: repoPath, signal: options.signal });
		});
	}

	/**
	 * Checks out registered submodules of `parentPath` (`git submodule update --init`), the given
	 * ones or all, and with `recursive` the submodules inside them too. Clones come from each
	 * submodule's configured URL; nothing else in the parent changes. The model is scanned again
	 * afterwards, so the new repositories (and their own submodules) appear.
	 */
	async initializeSubmodules(parentPath: string, options: { paths?: readonly string[]; recursive?: boolean; signal?: AbortSignal } = {}): Promise<void> {
		await this.run(parentPath, 'initialize', 'write', options.signal, async () => {
			const args = ['submodule', 'update', '--init'];
			if (options.recursive) {
				args.push('--recursive');
			}
			args.push('--', ...(options.paths ?? []));
			await this.model.git.exec(args, { cwd: parentPath, signal: options.signal });
		});
		await this.model.scan(options.signal);
	}

	/**
	 * The content of `filePath` at `ref` (default HEAD), for a diff view. Resolves `null` when the
	 * file does not exist there (a new file, or an unborn branch).
	 */
	async show(repoPath: string, filePath: string, ref = 'HEAD', signal?: AbortSignal): Promise<Buffer | null> {
		return this.model.run(repoPath, 'read', async () => {
			const git = this.model.git;
			const object = `${ref}:${filePath}`;
			if (!hasEscapedBytes(filePath)) {
				const result = await git.exec(['cat-file', 'blob', object], { cwd: repoPath, readOnly: true, signal, allowedExitCodes: [128] });
				if (result.exitCode === 0) {
					return result.stdout;
				}
				if (MISSING_OBJECT.test(result.stderr)) {
					return null;
				}
				throw new GitError({ code: classifyGitOutput(result.stderr), args: ['cat-file', 'blob', object], cwd: repoPath, exitCode: result.exitCode, stderr: result.stderr });
			}
			// Non-UTF-8 names cannot travel in argv: ask `cat-file --batch` on stdin, in raw bytes.
			const input = Buffer.concat([Buffer.from(`${ref}:`), encodePath(filePath), Buffer.from('\n')]);
			const { stdout } = await git.exec(['cat-file', '--batch'], { cwd: repoPath, readOnly: true, signal, input });
			const header = stdout.subarray(0, stdout.indexOf(0x0a)).toString('latin1');
			const match = /^\S+ blob (\d+)$/.exec(header);
			return match ? stdout.subarray(header.length + 1, header.length + 1 + Number(match[1])) : null;
		}, signal);
	}

	private async commitOne(spec: CommitSpec, signal?: AbortSignal): Promise<GitCommitOutcome> {
		try {
			const sha = await this.commit(spec.path, spec.message, { paths: spec.paths, signal });
			return { path: spec.path, status: 'committed', sha };
		} catch (err) {
			const error = isGitError(err) ? err : new GitError({ code: 'Unknown', args: ['commit'], cwd: spec.path, exitCode: null, message: String(err) });
			return { path: spec.path, status: 'failed', error };
		}
	}

	/** The one path every operation takes: queue, events in `finally`, refresh after. */
	private async run<T>(repoPath: string, operation: OperationKind, mode: OperationMode, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
		this._onDidRunOperation.fire({ path: repoPath, operation, phase: 'start' });
		let error: Error | undefined;
		try {
			return await this.model.run(repoPath, mode, fn, signal);
		} catch (err) {
			error = err instanceof Error ? err : new Error(String(err));
			throw err;
		} finally {
			if (mode === 'write') {
				// Even a failed write may have changed something (a partial pull): re-read either way.
				await this.model.refresh(repoPath).catch(() => undefined);
			}
			this._onDidRunOperation.fire({ path: repoPath, operation, phase: 'end', error });
		}
	}
}

/**
 * For each spec, the specs whose nearest enclosing spec it is (a submodule's parent, a nested
 * repository's). Waiting on those is enough: each of them waits on its own. One map lookup per
 * folder level, so a batch of 1,000 costs no 1,000 × 1,000 path comparisons.
 */
function nearestInside(commits: readonly CommitSpec[]): Map<CommitSpec, CommitSpec[]> {
	const byPath = new Map(commits.map((spec) => [path.resolve(spec.path), spec]));
	const inside = new Map<CommitSpec, CommitSpec[]>();
	for (const spec of commits) {
		for (let dir = path.resolve(spec.path); path.dirname(dir) !== dir; ) {
			dir = path.dirname(dir);
			const outer = byPath.get(dir);
			if (outer) {
				const list = inside.get(outer) ?? [];
				list.push(spec);
				inside.set(outer, list);
				break;
			}
		}
	}
	return inside;
}
