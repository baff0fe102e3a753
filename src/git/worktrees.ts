/**
 * Linked git worktrees as private workspaces: a new branch checked out in a folder of our own
 * storage, so work done there (an agent run, a fix) never touches the user's working tree until
 * the user merges it. Submodules inside are cloned from the user's own checkouts, never the
 * network. Every failure leaves as a `SourceError` of domain `REPOS` (see `sourceErrors.ts`).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, realpath, rm, rmdir, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceError } from '../schema/contracts/sourceError';
import { GitError } from './errors';
import { Git } from './git';
import { hasDotGit, locateGitDir } from './gitDir';
import { atReposEdge } from './sourceErrors';
import { readRegularFile } from '../common/regularFile';

/** What to create. */
export interface WorktreeSpec {
	/** The repository (its working tree) the worktree is made from. */
	repositoryPath: string;
	/** The new branch, e.g. `agent/3f2a9c1d`; it must not exist yet. */
	branch: string;
	/** The ref the branch starts at; default `HEAD`. */
	base?: string;
	/** The storage folder that holds our worktrees (one subfolder per repository). */
	parentDir: string;
}

/** A worktree made by {@link createWorktree}. */
export interface Worktree {
	/** Its folder. */
	path: string;
	branch: string;
	/** The commit the branch started at: changes and merges are measured from here. */
	baseCommit: string;
	repositoryPath: string;
}

/** One changed path of a worktree against its base. */
export interface WorktreeFileChange {
	/** Repository-relative, `/`-separated. */
	path: string;
	/** `ADDED`, `MODIFIED`, `DELETED`, `TYPE_CHANGED` or `UNTRACKED`. */
	status: string;
}

/** How each call reaches git. */
export interface WorktreeOptions {
	/** A runner to use, or the git executable (a private runner is made and disposed); default `git`. */
	git?: string | Pick<Git, 'exec'>;
	/** Extra environment, for a private runner only. */
	env?: Record<string, string>;
	signal?: AbortSignal;
}

/** Options of {@link mergeWorktree}. */
export interface MergeWorktreeOptions extends WorktreeOptions {
	/** Message of the commit that records uncommitted work in the worktree first. */
	commitMessage?: string;
	/** Message of the merge commit (`merge-commit` mode). */
	mergeMessage?: string;
}

/** Options of {@link discardWorktree}. */
export interface DiscardWorktreeOptions extends WorktreeOptions {
	/** Remove only the folder and keep the branch (to check it out as a branch of its own). */
	keepBranch?: boolean;
}

/** Kept in the worktree's own git directory, so it goes when the worktree goes. */
const BASE_FILE = 'meta-gothic-base';

/** Where `spec`'s worktree goes: one folder per repository, one per branch below it. */
export function worktreeFolder(spec: Pick<WorktreeSpec, 'repositoryPath' | 'branch' | 'parentDir'>): string {
	return path.join(repositoryFolder(spec.parentDir, spec.repositoryPath), spec.branch.replace(/[^A-Za-z0-9._-]+/g, '-'));
}

function repositoryFolder(parentDir: string, repositoryPath: string): string {
	const resolved = path.resolve(repositoryPath);
	const id = createHash('sha1').update(resolved).digest('hex').slice(0, 8);
	return path.join(path.resolve(parentDir), `${path.basename(resolved).replace(/[^A-Za-z0-9._-]+/g, '-')}-${id}`);
}

/**
 * Creates branch `spec.branch` at `spec.base` and checks it out in a new folder under
 * `spec.parentDir`. Initialised submodules are cloned from the user's checkouts of them
 * (recursively); ones the user has not initialised stay uninitialised. On any failure nothing
 * is left behind.
 */
export function createWorktree(spec: WorktreeSpec, options: WorktreeOptions = {}): Promise<Worktree> {
	return withGit(options, async (git) => {
		const { signal } = options;
		const repositoryPath = path.resolve(spec.repositoryPath);
		const cwd = repositoryPath;
		const valid = await git.exec(['check-ref-format', '--branch', spec.branch], { cwd, signal, allowedExitCodes: [128] });
		if (valid.exitCode !== 0 || spec.branch.startsWith('-')) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', `"${spec.branch}" is not a valid branch name`);
		}
		const base = spec.base ?? 'HEAD';
		const resolved = await git.exec(['rev-parse', '--verify', '-q', '--end-of-options', `${base}^{commit}`], { cwd, signal, readOnly: true, allowedExitCodes: [1] });
		const baseCommit = resolved.stdout.toString('utf8').trim();
		if (resolved.exitCode !== 0 || !baseCommit) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', `${base} is not a commit of ${repositoryPath}`);
		}
		const exists = await git.exec(['show-ref', '--verify', '-q', `refs/heads/${spec.branch}`], { cwd, signal, readOnly: true, allowedExitCodes: [1] });
		if (exists.exitCode === 0) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', `The branch ${spec.branch} already exists in ${repositoryPath}`);
		}
		const folder = worktreeFolder({ ...spec, repositoryPath });
		await mkdir(path.dirname(folder), { recursive: true });
		await git.exec(['worktree', 'add', '--quiet', '--no-track', '-b', spec.branch, folder, baseCommit], { cwd, signal });
		const worktree: Worktree = { path: await realpath(folder), branch: spec.branch, baseCommit, repositoryPath };
		try {
			const location = await locateGitDir(worktree.path);
			if (location) {
				await writeFile(path.join(location.gitDir, BASE_FILE), `${baseCommit}\n`);
			}
			await initSubmodulesFromLocal(git, worktree.path, repositoryPath, signal);
		} catch (err) {
			// Cancelled or failed half-way: the caller must not inherit a half-made worktree.
			await removeWorktree(git, worktree, false).catch(() => undefined);
			throw err;
		}
		return worktree;
	});
}

/**
 * The worktrees of `repositoryPath` kept under `parentDir`, whether their run ended or crashed;
 * a worktree whose folder was deleted is listed too, so it can be discarded.
 */
export function listWorktrees(repositoryPath: string, parentDir: string, options: WorktreeOptions = {}): Promise<Worktree[]> {
	return withGit(options, async (git) => {
		const cwd = path.resolve(repositoryPath);
		const roots = await variants(repositoryFolder(parentDir, cwd));
		const { stdout } = await git.exec(['worktree', 'list', '--porcelain', '-z'], { cwd, signal: options.signal, readOnly: true });
		const found: Worktree[] = [];
		for (const entry of parseWorktreeList(stdout.toString('utf8'))) {
			if (!entry.branch || !roots.some((root) => entry.path.startsWith(root + path.sep))) {
				continue;
			}
			const baseCommit = (await readBase(entry.path)) ?? (await mergeBase(git, cwd, entry.branch, options.signal)) ?? entry.head;
			found.push({ path: entry.path, branch: entry.branch, baseCommit, repositoryPath: cwd });
		}
		return found;
	});
}

/**
 * What differs in the worktree from its base commit: its commits and its uncommitted edits
 * (untracked files included), as the user would merge them.
 */
export function worktreeChanges(worktree: Worktree, options: WorktreeOptions = {}): Promise<{ files: WorktreeFileChange[] }> {
	return withGit(options, async (git) => {
		const cwd = worktree.path;
		const { signal } = options;
		const diff = await git.exec(['diff', '--name-status', '--no-renames', '-z', '--ignore-submodules=dirty', worktree.baseCommit, '--'], { cwd, signal, readOnly: true });
		const files: WorktreeFileChange[] = [];
		const fields = diff.stdout.toString('utf8').split('\0');
		for (let i = 0; i + 1 < fields.length; i += 2) {
			files.push({ path: fields[i + 1], status: STATUS_OF[fields[i][0]] ?? 'MODIFIED' });
		}
		const untracked = await git.exec(['ls-files', '--others', '--exclude-standard', '-z'], { cwd, signal, readOnly: true });
		for (const file of untracked.stdout.toString('utf8').split('\0').filter(Boolean)) {
			files.push({ path: file, status: 'UNTRACKED' });
		}
		return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
	});
}

/** The unified diff of the worktree against its base (commits and uncommitted edits, new files included). */
export function worktreeDiff(worktree: Worktree, options: WorktreeOptions = {}): Promise<string> {
	return withGit(options, async (git) => {
		const cwd = worktree.path;
		const { signal } = options;
		const untracked = await git.exec(['ls-files', '--others', '--exclude-standard', '-z'], { cwd, signal, readOnly: true });
		const paths = untracked.stdout.toString('utf8').split('\0').filter(Boolean);
		const diffArgs = ['diff', '--no-color', '--no-ext-diff', '--ignore-submodules=dirty', worktree.baseCommit, '--'];
		if (paths.length === 0) {
			return (await git.exec(diffArgs, { cwd, signal, readOnly: true })).stdout.toString('utf8');
		}
		// `add -N` makes new files visible to `diff` without staging their content. It goes into a
		// copy of the index: the worktree's own index stays as it was, so a `worktreeChanges` read at
		// the same moment still sees those files as untracked, and nothing of the agent's is staged.
		const indexPath = path.resolve(cwd, (await git.exec(['rev-parse', '--git-path', 'index'], { cwd, signal, readOnly: true })).stdout.toString('utf8').trim());
		const scratch = await mkdtemp(path.join(os.tmpdir(), 'meta-gothic-diff-'));
		try {
			const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
			await copyFile(indexPath, env.GIT_INDEX_FILE);
			await git.exec(['--literal-pathspecs', 'add', '-N', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd, signal, env, input: `${paths.join('\0')}\0` });
			return (await git.exec(diffArgs, { cwd, signal, env, readOnly: true })).stdout.toString('utf8');
		} finally {
			await rm(scratch, { recursive: true, force: true });
		}
	});
}

/**
 * Commits whatever the worktree holds uncommitted (untracked files included) on its branch.
 * Resolves with the branch's head, also when there was nothing to commit.
 */
export function commitWorktree(worktree: Worktree, message: string, options: WorktreeOptions = {}): Promise<{ commit: string }> {
	return withGit(options, async (git) => {
		await commitPending(git, worktree, message, options.signal);
		return { commit: await revParse(git, worktree.path, 'HEAD', options.signal) };
	});
}

/**
 * Brings the worktree's branch into the branch checked out in the repository: uncommitted work in
 * the worktree is committed first, then `fast-forward` moves the branch (failing with
 * `NOT_FAST_FORWARD` when it has moved on) or `merge-commit` records a merge (refused with
 * `CONFLICT`, before touching anything, when the two would conflict). Never a force: when the
 * user's uncommitted changes are in the way it fails with `LOCAL_CHANGES_OVERWRITTEN` and
 * changes nothing. Resolves with the repository's new HEAD.
 */
export function mergeWorktree(worktree: Worktree, mode: 'fast-forward' | 'merge-commit', options: MergeWorktreeOptions = {}): Promise<{ commit: string }> {
	return withGit(options, async (git) => {
		const { signal } = options;
		const cwd = worktree.repositoryPath;
		await commitPending(git, worktree, options.commitMessage ?? `Changes made on ${worktree.branch}`, signal);
		const current = (await git.exec(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd, signal, readOnly: true, allowedExitCodes: [1] })).stdout.toString('utf8').trim();
		if (!current) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', `${cwd} has no branch checked out (detached HEAD): check out the branch to merge into first`);
		}
		if (current === worktree.branch) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', `${worktree.branch} is the branch checked out in ${cwd}`);
		}
		if (mode === 'fast-forward') {
			await git.exec(['merge', '--ff-only', '--no-edit', '--end-of-options', `refs/heads/${worktree.branch}`], { cwd, signal });
		} else {
			const probe = await git.exec(['merge-tree', '--write-tree', '--name-only', '--no-messages', 'HEAD', `refs/heads/${worktree.branch}`], {
				cwd,
				signal,
				readOnly: true,
				allowedExitCodes: [1],
			});
			if (probe.exitCode === 1) {
				const files = probe.stdout.toString('utf8').split('\n').slice(1).filter(Boolean);
				throw new SourceError('REPOS', 'CONFLICT', `${worktree.branch} conflicts with ${current}${files.length ? ` in ${files.join(', ')}` : ''}: nothing was merged`);
			}
			const message = options.mergeMessage ?? `Merge ${worktree.branch} into ${current}`;
			await git.exec(['merge', '--no-ff', '--no-edit', '-m', message, '--end-of-options', `refs/heads/${worktree.branch}`], { cwd, signal });
		}
		return { commit: await revParse(git, cwd, 'HEAD', signal) };
	});
}

/** Removes the worktree's folder and (unless `keepBranch`) its branch, whatever they hold. */
export function discardWorktree(worktree: Worktree, options: DiscardWorktreeOptions = {}): Promise<void> {
	return withGit(options, (git) => removeWorktree(git, worktree, options.keepBranch === true, options.signal));
}

async function removeWorktree(git: Pick<Git, 'exec'>, worktree: Worktree, keepBranch: boolean, signal?: AbortSignal): Promise<void> {
	const cwd = worktree.repositoryPath;
	if (await hasDotGit(worktree.path)) {
		// `--force` twice: a worktree with edits, submodules or a lock is still ours to remove.
		await git.exec(['worktree', 'remove', '--force', '--force', worktree.path], { cwd, signal });
	}
	await rm(worktree.path, { recursive: true, force: true });
	await git.exec(['worktree', 'prune'], { cwd, signal });
	if (!keepBranch) {
		await git.exec(['branch', '-D', '--end-of-options', worktree.branch], { cwd, signal, allowedExitCodes: [1] });
	}
	// The repository's folder under the storage goes with its last worktree.
	await rmdir(path.dirname(worktree.path)).catch(() => undefined);
}

async function commitPending(git: Pick<Git, 'exec'>, worktree: Worktree, message: string, signal?: AbortSignal): Promise<void> {
	const cwd = worktree.path;
	await git.exec(['add', '-A'], { cwd, signal });
	const staged = await git.exec(['diff', '--cached', '--quiet', '--ignore-submodules=dirty'], { cwd, signal, readOnly: true, allowedExitCodes: [1] });
	if (staged.exitCode === 1) {
		await git.exec(['commit', '--no-edit', '-q', '-m', message], { cwd, signal });
	}
}

/**
 * Clones each submodule of `worktreeDir` that the user has checked out in `localDir` from that
 * checkout (`-c submodule.<name>.url=<local>` overrides the URL for this command only, so the
 * shared config keeps the user's URL), then does the same inside each one.
 */
async function initSubmodulesFromLocal(git: Pick<Git, 'exec'>, worktreeDir: string, localDir: string, signal?: AbortSignal): Promise<void> {
	const listed = await git.exec(['config', '--file', '.gitmodules', '--null', '--get-regexp', '^submodule\\..*\\.path$'], {
		cwd: worktreeDir,
		signal,
		readOnly: true,
		allowedExitCodes: [1],
	});
	for (const entry of listed.stdout.toString('utf8').split('\0').filter(Boolean)) {
		const newline = entry.indexOf('\n');
		const key = entry.slice(0, newline);
		const subPath = entry.slice(newline + 1);
		const name = key.slice('submodule.'.length, -'.path'.length);
		const local = path.join(localDir, subPath);
		if (!subPath || path.isAbsolute(subPath) || subPath.split(/[\\/]/).includes('..') || !(await hasDotGit(local))) {
			continue;
		}
		await git.exec(
			['-c', 'protocol.file.allow=always', '-c', `submodule.${name}.url=${local}`, 'submodule', 'update', '--init', '--no-fetch', '--checkout', '--', subPath],
			{ cwd: worktreeDir, signal },
		).catch(async (err) => {
			// `--no-fetch` fails when the recorded commit is not in the fresh clone's refs; the local checkout has it.
			if (!(err instanceof GitError) || err.code === 'Cancelled' || err.code === 'Disposed') {
				throw err;
			}
			await git.exec(['-c', 'protocol.file.allow=always', '-c', `submodule.${name}.url=${local}`, 'submodule', 'update', '--init', '--checkout', '--', subPath], {
				cwd: worktreeDir,
				signal,
			});
		});
		await initSubmodulesFromLocal(git, path.join(worktreeDir, subPath), local, signal);
	}
}

interface WorktreeListEntry {
	path: string;
	head: string;
	branch: string | null;
}

/** Parses `git worktree list --porcelain -z`. */
function parseWorktreeList(text: string): WorktreeListEntry[] {
	const entries: WorktreeListEntry[] = [];
	let current: WorktreeListEntry | null = null;
	for (const field of text.split('\0')) {
		if (field.startsWith('worktree ')) {
			current = { path: field.slice('worktree '.length), head: '', branch: null };
			entries.push(current);
		} else if (current && field.startsWith('HEAD ')) {
			current.head = field.slice('HEAD '.length);
		} else if (current && field.startsWith('branch refs/heads/')) {
			current.branch = field.slice('branch refs/heads/'.length);
		}
	}
	return entries;
}

const STATUS_OF: Readonly<Record<string, string>> = { A: 'ADDED', M: 'MODIFIED', D: 'DELETED', T: 'TYPE_CHANGED' };

async function readBase(worktreePath: string): Promise<string | null> {
	const location = await locateGitDir(worktreePath);
	if (!location) {
		return null;
	}
	const text = await readRegularFile(path.join(location.gitDir, BASE_FILE)).catch(() => '');
	return /^[0-9a-f]{40,64}$/.test(text.trim()) ? text.trim() : null;
}

async function mergeBase(git: Pick<Git, 'exec'>, cwd: string, branch: string, signal?: AbortSignal): Promise<string | null> {
	const result = await git.exec(['merge-base', 'HEAD', `refs/heads/${branch}`], { cwd, signal, readOnly: true, allowedExitCodes: [1, 128] });
	return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : null;
}

async function revParse(git: Pick<Git, 'exec'>, cwd: string, ref: string, signal?: AbortSignal): Promise<string> {
	return (await git.exec(['rev-parse', '--verify', '--end-of-options', ref], { cwd, signal, readOnly: true })).stdout.toString('utf8').trim();
}

/** The folder as given and as resolved (a symlinked temp or storage folder). */
async function variants(folder: string): Promise<string[]> {
	const real = await realpath(folder).catch(() => folder);
	return real === folder ? [folder] : [folder, real];
}

/** Runs `fn` with the caller's runner or a private one, at the repos edge. */
async function withGit<T>(options: WorktreeOptions, fn: (git: Pick<Git, 'exec'>) => Promise<T>): Promise<T> {
	return atReposEdge(async () => {
		if (options.git !== undefined && typeof options.git !== 'string') {
			return fn(options.git);
		}
		const git = new Git({ gitPath: options.git, env: options.env, spawnMode: 'direct', concurrency: 2 });
		try {
			return await fn(git);
		} finally {
			git.dispose();
		}
	});
}
