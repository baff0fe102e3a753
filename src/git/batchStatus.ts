/**
 * Reads the status of many repositories with a few processes instead of one each.
 *
 * Why: `spawn` costs us about 2 ms of main-thread time per process (it forks this large process),
 * so 100 repositories cost 100 forks. `git for-each-repo --config=<key> status …` runs the status
 * of every repository listed in a multi-valued config key, forking from a small git process. The
 * list goes in argv as `-c <key>=<path>` entries: no shell, no config file written.
 *
 * What the batch must keep from the one-process-per-repository read:
 * - The fence. Each repository is read as `git -C <path> status`; `GIT_CEILING_DIRECTORIES` lists
 *   the parent folder of every repository in the batch. Git stops discovery at the longest listed
 *   proper ancestor of the folder, and no proper ancestor is longer than the folder's own parent,
 *   so every repository gets exactly its own fence (a nested repository with a corrupt HEAD fails
 *   instead of reporting the repository around it), whatever else the list holds.
 * - Attribution. With `--branch` every status starts with a `# branch.oid` record, which nothing
 *   else starts with (except the original path of a rename, which {@link splitStatusOutputs}
 *   skips). `for-each-repo` runs the list in order and stops at the first failing repository, so
 *   the outputs belong to the first repositories of the list, one each.
 * - Per-repository errors. The failing repository is read on its own, which produces the same
 *   clear error as always; the repositories after it go in a new batch.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiscoveredRepository } from './discovery';
import type { ConfigEntry } from './gitConfig';
import { isGitError } from './errors';
import { Git, GitResult } from './git';
import { hasEscapedBytes } from '../common/pathEncoding';
import { DEFAULT_READ_TIMEOUT_MS, readRepositoryConfig, readRepositoryState, stateFromStatusOutput, STATUS_ARGS } from './statusReader';
import type { RepositoryState } from '../schema/contracts/repos';

/**
 * Fewer repositories per process are read one by one: a batch of two saves one spawn, and a
 * failure in it costs a retry, so it is not worth the extra path.
 */
export const MIN_BATCH_REPOS = 3;

/**
 * Most repositories in one process, so one failure or one slow repository holds back few others,
 * and because the list costs every status of the batch: each one inherits the whole list in
 * `GIT_CONFIG_PARAMETERS` and parses it on every config read. Measured on 20-file repositories, a
 * status cost 3.6 ms of CPU alone, 4.8 ms with 50 entries, 7.3 ms with 167 and 27 ms with 500.
 */
export const MAX_BATCH_REPOS = 50;

/**
 * Most argument bytes per process. Git hands the `-c` entries on to each status as one
 * `GIT_CONFIG_PARAMETERS` variable, and Linux limits one variable to 128 KiB; Windows limits a
 * whole command line to 32,767 characters.
 */
const MAX_BATCH_BYTES = process.platform === 'win32' ? 24 * 1024 : 64 * 1024;

/**
 * Most distinct parent folders (fence entries) per process. Every git started by the batch resolves
 * each entry of `GIT_CEILING_DIRECTORIES` when it starts: measured, 1,000 entries made each status
 * 8 ms slower. Siblings share one entry, so this only splits workspaces of scattered repositories.
 */
export const MAX_BATCH_FENCES = 16;

/** Bytes of one list entry beyond its path, in argv and in `GIT_CONFIG_PARAMETERS` (key, quotes). */
const ENTRY_OVERHEAD = 48;

/** `for-each-repo` exits with the failing status's exit code; any code is looked at, not thrown. */
const ANY_FAILURE: number[] = Array.from({ length: 255 }, (_, i) => i + 1);

const BRANCH_OID = Buffer.from('# branch.oid ', 'latin1');

/**
 * Whether `repo` can be read in a batch. Not: an uninitialised submodule (nothing to read), a path
 * holding bytes that are not UTF-8 (argv cannot carry them), or a parent folder holding the list
 * separator of `GIT_CEILING_DIRECTORIES` (its fence could not be written).
 */
export function canBatch(repo: DiscoveredRepository): boolean {
	return repo.initialized && path.isAbsolute(repo.path) && !hasEscapedBytes(repo.path) && !path.dirname(repo.path).includes(path.delimiter);
}

/**
 * Splits `repos` (in their order, so siblings share a batch and its fence list stays short) into
 * even batches, `processes` of them or a multiple of it, within {@link MAX_BATCH_REPOS},
 * {@link MAX_BATCH_FENCES} and the argument size limit. A batch shorter than {@link MIN_BATCH_REPOS} is meant to be read one by one.
 */
export function planBatches<T>(repos: readonly T[], processes: number, pathOf: (repo: T) => string): T[][] {
	const slots = Math.max(1, Math.min(processes, Math.floor(repos.length / MIN_BATCH_REPOS)));
	// More repositories than the slots' batches can hold: whole rounds of one batch per slot, so
	// the last round does not leave a slot idle (110 repositories on 2 slots: 4 batches of 28,
	// rather than 50, 50 and 10, where the last ran alone).
	const rounds = Math.ceil(repos.length / (slots * MAX_BATCH_REPOS));
	const target = Math.ceil(repos.length / (slots * rounds));
	const batches: T[][] = [];
	let current: T[] = [];
	let bytes = 0;
	let fences = new Set<string>();
	for (const repo of repos) {
		const cost = entryBytes(pathOf(repo));
		const fence = path.dirname(pathOf(repo));
		const full = current.length >= target || bytes + cost > MAX_BATCH_BYTES || (!fences.has(fence) && fences.size >= MAX_BATCH_FENCES);
		if (current.length > 0 && full) {
			batches.push(current);
			current = [];
			bytes = 0;
			fences = new Set();
		}
		current.push(repo);
		bytes += cost;
		fences.add(fence);
	}
	if (current.length > 0) {
		batches.push(current);
	}
	return batches;
}

/**
 * Splits the concatenated `status --porcelain=v2 --branch -z` outputs of several repositories at
 * each `# branch.oid` record. Returns `null` when output comes before the first such record: it
 * could not be attributed to a repository.
 */
export function splitStatusOutputs(stdout: Buffer): Buffer[] | null {
	const outputs: Buffer[] = [];
	let start = -1;
	// With -z, a rename record is followed by the original path as a field of its own, and a
	// path may well read "# branch.oid …": that field never starts an output.
	let originalPathNext = false;
	for (let pos = 0; pos < stdout.length; ) {
		let end = stdout.indexOf(0, pos);
		if (end < 0) {
			end = stdout.length;
		}
		if (originalPathNext) {
			originalPathNext = false;
		} else if (stdout[pos] === 0x23 && end - pos >= BRANCH_OID.length && stdout.compare(BRANCH_OID, 0, BRANCH_OID.length, pos, pos + BRANCH_OID.length) === 0) {
			if (start >= 0) {
				outputs.push(stdout.subarray(start, pos));
			}
			start = pos;
		} else if (start < 0) {
			return null;
		} else if (stdout[pos] === 0x32 && stdout[pos + 1] === 0x20) {
			originalPathNext = true;
		}
		pos = end + 1;
	}
	if (start >= 0) {
		outputs.push(stdout.subarray(start));
	}
	return outputs;
}

/** What one batch process produced: the outputs of the first repositories, in list order. */
interface BatchOutcome {
	outputs: Buffer[];
	/** True when every repository of the list was read. */
	complete: boolean;
}

/** Reads lists of repositories with `git for-each-repo`; see the module comment. */
export class BatchStatusReader {
	/**
	 * The config key of the list. `for-each-repo` also reads the config of the repository around
	 * its working folder (and the user's): an unguessable key keeps their entries out of our list.
	 */
	private readonly key = `metagothic.${randomBytes(6).toString('hex')}.repo`;
	/** Set once git turned out to have no `for-each-repo` (older than 2.30). */
	private unsupported = false;

	constructor(
		private readonly git: Git,
		private readonly timeoutMs = DEFAULT_READ_TIMEOUT_MS,
	) {}

	/**
	 * Reads every repository of `repos` (all {@link canBatch}), returning their states in the same
	 * order. Like `readRepositoryState`, rejects only with a `Cancelled` or `Disposed` GitError;
	 * every other failure is a state's `error`.
	 */
	async read(repos: readonly DiscoveredRepository[], signal?: AbortSignal): Promise<RepositoryState[]> {
		const states: RepositoryState[] = [];
		// The config files (remotes) are read while git runs rather than after, where 100 of them
		// took 5–10 ms; but only once the batch processes have been spawned, so as not to delay them.
		// (readRepositoryConfig never rejects.)
		const configs = new Map<DiscoveredRepository, Promise<ConfigEntry[]>>();
		setImmediate(() => repos.forEach((repo) => configs.set(repo, readRepositoryConfig(repo))));
		let rest = repos;
		while (rest.length >= MIN_BATCH_REPOS && !this.unsupported) {
			const outcome = await this.runBatch(rest, signal);
			if (!outcome) {
				break;
			}
			const { outputs, complete } = outcome;
			// After a failure, the last output may be the failing repository's partial one.
			const trusted = complete ? outputs.length : Math.max(0, outputs.length - 1);
			states.push(...(await Promise.all(rest.slice(0, trusted).map((repo, i) => stateFromStatusOutput(repo, outputs[i], configs.get(repo))))));
			if (complete) {
				return states;
			}
			// The failing repository is the one that printed the last output or the one after it.
			const suspects = rest.slice(trusted, trusted + 2);
			const suspectStates = await this.readEach(suspects, signal);
			states.push(...suspectStates);
			rest = rest.slice(trusted + suspects.length);
			if (suspectStates.every((s) => s.error === null)) {
				// Neither fails on its own: the batch failed for a reason of its own, so stop batching.
				break;
			}
		}
		states.push(...(await this.readEach(rest, signal)));
		return states;
	}

	/**
	 * One `for-each-repo` process over `repos`. `undefined` when it could not run or its output
	 * cannot be attributed: the caller then reads the repositories one by one.
	 */
	private async runBatch(repos: readonly DiscoveredRepository[], signal?: AbortSignal): Promise<BatchOutcome | undefined> {
		const args = [...repos.flatMap((repo) => ['-c', `${this.key}=${repo.path}`]), 'for-each-repo', `--config=${this.key}`, ...STATUS_ARGS];
		// Any existing folder will do as the working folder: each status changes to its own repository.
		const cwd = os.tmpdir();
		// The folder above it keeps for-each-repo from reading the config of a repository around it
		// (an unreadable one would fail every batch); an extra entry never changes a repository's fence.
		const ceilings = [...new Set([path.dirname(cwd), ...repos.map((repo) => path.dirname(repo.path))])].join(path.delimiter);
		let result: GitResult;
		try {
			result = await this.git.exec(args, {
				cwd,
				readOnly: true,
				signal,
				confineToCwd: false,
				env: { GIT_CEILING_DIRECTORIES: ceilings },
				allowedExitCodes: ANY_FAILURE,
				timeoutMs: this.timeoutMs,
			});
		} catch (err) {
			if (isGitError(err, 'Cancelled') || isGitError(err, 'Disposed')) {
				throw err;
			}
			// Git could not start at all, or one repository held the batch past its time: the reads
			// one by one report why, per repository, each with a time limit of its own.
			return undefined;
		}
		const outputs = splitStatusOutputs(result.stdout);
		if (result.exitCode === 0) {
			return outputs?.length === repos.length ? { outputs, complete: true } : undefined;
		}
		if (outputs === null || outputs.length > repos.length) {
			return undefined;
		}
		if (outputs.length === 0 && /is not a git command/.test(result.stderr)) {
			this.unsupported = true;
			return undefined;
		}
		return { outputs, complete: false };
	}

	/** One process per repository; settles only when every read has ended, even when one is cancelled. */
	private async readEach(repos: readonly DiscoveredRepository[], signal?: AbortSignal): Promise<RepositoryState[]> {
		const results = await Promise.allSettled(repos.map((repo) => readRepositoryState(this.git, repo, signal, this.timeoutMs)));
		return results.map((result) => {
			if (result.status === 'rejected') {
				throw result.reason;
			}
			return result.value;
		});
	}
}

/** Upper bound of the bytes one list entry adds (a `'` or `!` is quoted as four bytes). */
function entryBytes(repoPath: string): number {
	let special = 0;
	for (const char of repoPath) {
		if (char === "'" || char === '!') {
			special++;
		}
	}
	return Buffer.byteLength(repoPath) + 3 * special + ENTRY_OVERHEAD;
}
