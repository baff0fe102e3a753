/**
 * Reads what a commit message is written from: the staged diff, or every change when nothing is
 * staged (untracked files by name), and the subjects of recent commits.
 */
import { decodePath } from '../common/pathEncoding';

/** The one git call this module needs; `Git` (src/git/git.ts) provides it. */
export interface CommitMessageGit {
	exec(
		args: readonly string[],
		options: { cwd: string; readOnly?: boolean; allowedExitCodes?: number[] },
	): Promise<{ stdout: Buffer; exitCode: number }>;
}

/** The changes of one repository, ready for `buildCommitMessagePrompt`. */
export interface CommitMessageInput {
	readonly diff: string;
	readonly untracked: readonly string[];
	/** Staged files (both sides of a rename) when the diff is the staged one; null for every change. */
	readonly paths: readonly string[] | null;
	/** Newest first. */
	readonly recentSubjects: readonly string[];
}

/** Subjects of recent commits asked for; the prompt builder keeps at most this many too. */
const SUBJECTS = 10;

/**
 * A repository's configuration can name external diff programs and text converters; a diff read
 * for a prompt must never run them.
 */
const DIFF = ['diff', '--no-ext-diff', '--no-textconv', '--no-color'];

function nulSeparated(stdout: Buffer): string[] {
	const out: string[] = [];
	let start = 0;
	for (let i = stdout.indexOf(0); i !== -1; i = stdout.indexOf(0, start)) {
		out.push(decodePath(stdout.subarray(start, i)));
		start = i + 1;
	}
	return out;
}

/** Reads the input for a commit message of the repository at `cwd`; null when there is nothing to commit. */
export async function readCommitMessageInput(git: CommitMessageGit, cwd: string): Promise<CommitMessageInput | null> {
	const read = (args: string[]) => git.exec(args, { cwd, readOnly: true });
	const subjects = git
		.exec(['log', `-n${SUBJECTS}`, '--format=%s'], { cwd, readOnly: true, allowedExitCodes: [128] })
		// An unborn branch has no log (exit 128); that is no reason to fail the suggestion.
		.then((r) => (r.exitCode === 0 ? r.stdout.toString('utf8').split('\n').filter(Boolean) : []), () => []);
	const staged = (await read([...DIFF, '--cached'])).stdout.toString('utf8');
	if (staged.trim()) {
		// Both sides of a rename, so committing exactly these paths also removes the old name.
		const names = await read(['diff', '--cached', '--name-only', '--no-renames', '-z']);
		return { diff: staged, untracked: [], paths: nulSeparated(names.stdout), recentSubjects: await subjects };
	}
	const [worktree, others] = await Promise.all([read(DIFF), read(['ls-files', '--others', '--exclude-standard', '-z'])]);
	const diff = worktree.stdout.toString('utf8');
	const untracked = nulSeparated(others.stdout);
	if (!diff.trim() && untracked.length === 0) {
		await subjects;
		return null;
	}
	return { diff, untracked, paths: null, recentSubjects: await subjects };
}
