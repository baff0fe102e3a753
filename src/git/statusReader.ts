/**
 * Reads one repository's state: a single `git status` process plus file reads (remotes from the
 * config file). Failures become a per-repository `error`, never an exception — except
 * cancellation and disposal, which the caller must see.
 */
import * as path from 'node:path';
import { DiscoveredRepository } from './discovery';
import { GitError, isGitError } from './errors';
import { Git } from './git';
import { diagnoseHead } from './gitDir';
import { ConfigEntry, readGitConfig, remotesFromConfig } from './gitConfig';
import { parsePorcelainV2, PorcelainParseError } from './porcelainV2';
import type { FileChange, RepositoryState } from '../schema/contracts/repos';
import type { ReposErrorCode } from '../schema/contracts/sourceError';
import { REPOS_CODE_OF } from './sourceErrors';

/** How long a status read may take by default (see `GitModelOptions.readTimeoutMs`). */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * The one status command. `--ignore-submodules=dirty` keeps git from running a nested `git status`
 * inside every submodule: each submodule is read on its own anyway, and the model derives its
 * "modified content" from that read (see `GitModel`). Moved submodule pointers are still reported.
 */
export const STATUS_ARGS: readonly string[] = [
	'status',
	'--porcelain=v2',
	'--branch',
	'-z',
	'--show-stash',
	'--untracked-files=all',
	'--ignore-submodules=dirty',
];

/** The state of a repository that has not been read (or cannot be: an uninitialised submodule). */
export function blankState(repo: DiscoveredRepository, updatedAt = 0, error: RepositoryFailure | null = null): RepositoryState {
	return {
		path: repo.path,
		name: repo.name,
		kind: repo.kind,
		parentPath: repo.parentPath,
		initialized: repo.initialized,
		branch: null,
		detached: false,
		headSha: null,
		upstream: null,
		ahead: 0,
		behind: 0,
		stashes: 0,
		changes: [],
		submoduleChanges: [],
		remotes: [],
		error: error?.message ?? null,
		errorCode: error?.code ?? null,
		updatedAt,
	};
}

/** Why a repository could not be read, for its state. */
export interface RepositoryFailure {
	code: ReposErrorCode;
	message: string;
}

/**
 * Reads `repo` with one `git status`. Rejects only with a `Cancelled` or `Disposed` {@link GitError};
 * every other failure is reported in the returned state's `error`.
 */
export async function readRepositoryState(git: Git, repo: DiscoveredRepository, signal?: AbortSignal, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<RepositoryState> {
	if (!repo.initialized) {
		return blankState(repo, Date.now());
	}
	let stdout: Buffer;
	try {
		({ stdout } = await git.exec(STATUS_ARGS, { cwd: repo.path, readOnly: true, signal, timeoutMs }));
	} catch (err) {
		if (isGitError(err, 'Cancelled') || isGitError(err, 'Disposed')) {
			throw err;
		}
		return blankState(repo, Date.now(), await explainFailure(repo, err));
	}
	return stateFromStatusOutput(repo, stdout);
}

/** The entries of `repo`'s config file (its remotes are read from there); never rejects. */
export function readRepositoryConfig(repo: DiscoveredRepository): Promise<ConfigEntry[]> {
	return readGitConfig(path.join(repo.location?.commonDir ?? path.join(repo.path, '.git'), 'config'));
}

/**
 * The state of `repo` from the stdout of its {@link STATUS_ARGS} run (also one slice of a batched
 * run, see `batchStatus.ts`), plus its remotes from the config file (`config`: its entries, when
 * the caller started reading them earlier). Never rejects: output that does not parse becomes the
 * state's `error`.
 */
export async function stateFromStatusOutput(repo: DiscoveredRepository, stdout: Uint8Array, config?: Promise<ConfigEntry[]>): Promise<RepositoryState> {
	try {
		const status = parsePorcelainV2(stdout);
		return {
			...blankState(repo, Date.now()),
			branch: status.branch,
			detached: status.detached,
			headSha: status.headSha,
			upstream: status.upstream,
			ahead: status.ahead,
			behind: status.behind,
			stashes: status.stashes,
			changes: status.changes,
			submoduleChanges: status.submoduleChanges,
			remotes: remotesFromConfig(await (config ?? readRepositoryConfig(repo))),
		};
	} catch (err) {
		const reason = err instanceof PorcelainParseError ? err.message : String(err);
		return blankState(repo, Date.now(), { code: 'GIT_FAILED', message: `Could not read the output of git status: ${reason}` });
	}
}

/** A sentence for the UI: what is wrong with the repository, not just what git printed. */
async function explainFailure(repo: DiscoveredRepository, err: unknown): Promise<RepositoryFailure> {
	if (!(err instanceof GitError)) {
		return { code: 'GIT_FAILED', message: err instanceof Error ? err.message : String(err) };
	}
	const code = REPOS_CODE_OF[err.code];
	switch (err.code) {
		case 'RepositoryNotFound':
			return { code, message: `The repository folder no longer exists: ${repo.path}` };
		case 'GitNotFound':
			return { code, message: err.message };
		case 'NotARepository': {
			const headProblem = repo.location ? await diagnoseHead(repo.location.gitDir) : null;
			return { code, message: headProblem ?? `Not a readable git repository: ${firstLine(err.stderr) || err.message}` };
		}
		default:
			return { code, message: firstLine(err.stderr) || err.message };
	}
}

function firstLine(text: string): string {
	return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * A change entry for a submodule whose checked-out content is modified or has untracked files,
 * as `git status` would report it without `--ignore-submodules=dirty`.
 */
export function dirtySubmoduleChange(submodulePath: string): FileChange {
	return { path: submodulePath, originalPath: null, indexStatus: 'UNMODIFIED', worktreeStatus: 'MODIFIED', conflicted: false };
}
