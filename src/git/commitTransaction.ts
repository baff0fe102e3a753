/**
 * Commits without risking the user's staging area. The commit is prepared in a temporary index
 * (`GIT_INDEX_FILE`) while we hold `.git/index.lock`, exactly as `git commit` itself holds it; only
 * when the commit succeeds does the temporary index replace the real one. A commit that fails —
 * a rejecting hook, nothing to commit, a cancelled process — leaves index and working tree
 * byte-identical to before.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { GitError } from './errors';
import { Git } from './git';
import { locateGitDir } from './gitDir';
import { headFingerprint } from './headOnDisk';
import { decodePath, encodePath } from '../common/pathEncoding';

/** What to commit. */
export interface CommitRequest {
	cwd: string;
	message: string;
	/** Commit only these paths (repository-relative, untracked ones included); all changes when absent. */
	paths?: readonly string[];
	signal?: AbortSignal;
}

/** Global options placed before every subcommand: paths are literal, never glob or magic. */
const LITERAL = ['--literal-pathspecs'];

/** NUL-separated raw path bytes for `--pathspec-from-file=- --pathspec-file-nul`. */
export function pathspecInput(paths: readonly string[]): Buffer {
	return Buffer.concat(paths.flatMap((p) => [encodePath(p), Buffer.of(0)]));
}

/** `git add -A` of exactly `paths` (via stdin, so any byte in a name survives). */
export function addPathsArgs(): string[] {
	return [...LITERAL, 'add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'];
}

/**
 * Runs the commit described above. Resolves when committed; rejects with the {@link GitError} of the
 * failing step (its message holds hook output when a hook rejected).
 */
export async function commitWithTemporaryIndex(git: Git, request: CommitRequest): Promise<void> {
	const { cwd, signal } = request;
	const location = await locateGitDir(cwd);
	if (!location) {
		throw new GitError({ code: 'NotARepository', args: ['commit'], cwd, exitCode: null, message: `Not a git repository: ${cwd}` });
	}
	const realIndex = path.join(location.gitDir, 'index');
	const lockFile = `${realIndex}.lock`;
	const lock = await takeLock(lockFile, cwd);
	const suffix = randomBytes(6).toString('hex');
	const commitIndex = path.join(location.gitDir, `meta-gothic-commit-${suffix}.index`);
	const nextIndex = path.join(location.gitDir, `meta-gothic-next-${suffix}.index`);
	const inIndex = (file: string) => ({ cwd, signal, env: { GIT_INDEX_FILE: file } });
	try {
		// Read under the lock: no other commit can move HEAD until we let go.
		const head = await headFingerprint(location);
		const unborn = (await git.exec(['rev-parse', '--verify', '-q', 'HEAD'], { cwd, signal, readOnly: true, allowedExitCodes: [1] })).exitCode !== 0;
		await refuseDuringConflicts(git, { cwd, signal, gitDir: location.gitDir, partial: request.paths !== undefined });
		// Both indexes are ready before `git commit` runs, so after a successful commit only a rename is left.
		await copyIfExists(realIndex, nextIndex);
		let commitFrom = nextIndex;
		if (request.paths) {
			if (request.paths.length === 0) {
				throw new GitError({ code: 'NothingToCommit', args: ['commit'], cwd, exitCode: null, message: 'No files were selected to commit' });
			}
			// Like `git commit --only`: HEAD plus the selected paths, so other staged changes stay staged, uncommitted.
			// `-i` because this index is not the working tree's: a file staged and then edited again must
			// not stop the merge ("not uptodate"). `-m` on a copy keeps cached stat data, so git need not
			// re-hash the whole tree.
			await copyIfExists(realIndex, commitIndex);
			await git.exec(unborn ? ['read-tree', '--empty'] : ['read-tree', '-i', '-m', 'HEAD'], inIndex(commitIndex));
			await git.exec(addPathsArgs(), { ...inIndex(commitIndex), input: pathspecInput(request.paths) });
			// The real index gets the same paths staged, everything else as it was.
			await git.exec(addPathsArgs(), { ...inIndex(nextIndex), input: pathspecInput(request.paths) });
			commitFrom = commitIndex;
		} else {
			await git.exec([...LITERAL, 'add', '-A'], inIndex(nextIndex));
		}
		try {
			await git.exec(['commit', '--no-edit', '-m', request.message], inIndex(commitFrom));
		} catch (err) {
			// Cancelled or killed once HEAD had moved (a slow post-commit hook, say), the commit was
			// made: keeping the old index now would stage its reverse.
			if ((await headFingerprint(location)) === head) {
				throw err;
			}
		}
		// Still holding index.lock: nobody else can have written the index meanwhile.
		await rename(nextIndex, realIndex);
	} finally {
		await Promise.all([removeQuietly(commitIndex), removeQuietly(nextIndex), removeQuietly(`${commitIndex}.lock`), removeQuietly(`${nextIndex}.lock`)]);
		await lock.close();
		await removeQuietly(lockFile);
	}
}

/**
 * Stops where `git commit` stops. `add -A` would take a file with conflict markers in it as its
 * resolution and the commit would conclude the merge with them; and a commit of some paths only
 * would conclude a merge with part of its result ("cannot do a partial commit during a merge").
 */
async function refuseDuringConflicts(git: Git, where: { cwd: string; signal?: AbortSignal; gitDir: string; partial: boolean }): Promise<void> {
	const { cwd, signal } = where;
	const listed = await git.exec([...LITERAL, 'ls-files', '-u', '-z'], { cwd, signal, readOnly: true });
	// Entries are "<mode> <object> <stage>\t<path>", one per stage of each unmerged path.
	const unmerged = [...new Set(splitNul(listed.stdout).map((entry) => decodePath(entry.subarray(entry.indexOf(0x09) + 1))))];
	if (unmerged.length > 0) {
		const named = unmerged.slice(0, 3).join(', ') + (unmerged.length > 3 ? ` and ${unmerged.length - 3} more` : '');
		throw new GitError({ code: 'Conflict', args: ['commit'], cwd, exitCode: null, message: `Resolve the merge conflicts in ${named} first: a commit now would record the conflict markers.` });
	}
	if (where.partial && (await isRegularFile(path.join(where.gitDir, 'MERGE_HEAD')))) {
		throw new GitError({ code: 'Conflict', args: ['commit'], cwd, exitCode: null, message: 'A merge is in progress: commit all of its changes to conclude it, or abort it, before committing some files only.' });
	}
}

function splitNul(bytes: Buffer): Buffer[] {
	const out: Buffer[] = [];
	for (let start = 0; start < bytes.length; ) {
		const end = bytes.indexOf(0, start);
		out.push(bytes.subarray(start, end === -1 ? bytes.length : end));
		start = end === -1 ? bytes.length : end + 1;
	}
	return out;
}

async function isRegularFile(file: string): Promise<boolean> {
	return stat(file).then(
		(s) => s.isFile(),
		() => false,
	);
}

async function takeLock(lockFile: string, cwd: string) {
	try {
		return await open(lockFile, 'wx');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
			throw new GitError({
				code: 'IndexLocked',
				args: ['commit'],
				cwd,
				exitCode: null,
				message: `Another git process is running in ${cwd} (${lockFile} exists). If none is, delete that file and try again.`,
			});
		}
		throw err;
	}
}

async function copyIfExists(from: string, to: string): Promise<void> {
	try {
		await copyFile(from, to);
	} catch (err) {
		// No index yet (nothing ever staged): git treats a missing index file as empty.
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw err;
		}
	}
}

async function removeQuietly(file: string): Promise<void> {
	await unlink(file).catch(() => undefined);
}
