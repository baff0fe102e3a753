/**
 * Errors of git processes, classified so callers can map them to a message without parsing
 * stderr themselves. Classification reads English messages: every git process runs with
 * `LC_ALL=C` (see `git.ts`).
 */

/** What went wrong, as far as it can be told from the exit code and stderr. */
export type GitErrorCode =
	/** The git executable could not be started. */
	| 'GitNotFound'
	/** The repository folder does not exist (any more). */
	| 'RepositoryNotFound'
	/** The folder is not a repository, or its `.git` is unreadable (e.g. a corrupt HEAD). */
	| 'NotARepository'
	/** Another process holds `index.lock`. */
	| 'IndexLocked'
	/** The caller aborted the operation. */
	| 'Cancelled'
	/** The runner was disposed while the operation waited or ran. */
	| 'Disposed'
	/** A hook (pre-commit, commit-msg, pre-push…) rejected the operation; the message holds its output. */
	| 'HookRejected'
	/** `git commit` found nothing to commit. */
	| 'NothingToCommit'
	/** The remote rejected a push because it is not a fast-forward (someone else pushed first). */
	| 'PushRejected'
	/** A fast-forward-only pull or merge was impossible because the branches diverged. */
	| 'NotFastForward'
	/** The branch has no upstream (or the remote branch is gone). */
	| 'NoUpstream'
	/** Unmerged paths stop the operation. */
	| 'Conflict'
	/** Local changes would be overwritten (by a pull, checkout…). */
	| 'LocalChangesOverwritten'
	/** The remote could not be reached or authentication failed. */
	| 'RemoteUnreachable'
	/** The process took longer than its `timeoutMs` and was stopped. */
	| 'TimedOut'
	/** Anything else; read `stderr`. */
	| 'Unknown';

/** Everything known about a failed git process. */
export interface GitErrorDetails {
	code: GitErrorCode;
	args: readonly string[];
	cwd: string;
	exitCode: number | null;
	stdout?: string;
	stderr?: string;
	message?: string;
}

/** Longest stderr excerpt kept in `message`; the whole text stays in `stderr`. */
const MAX_MESSAGE_OUTPUT = 4000;

/** A failed git process: exit code, stderr and a {@link GitErrorCode}. */
export class GitError extends Error {
	override readonly name = 'GitError';
	readonly code: GitErrorCode;
	/** The git arguments (without the executable). */
	readonly args: readonly string[];
	readonly cwd: string;
	/** `null` when the process never ran or was killed by a signal. */
	readonly exitCode: number | null;
	readonly stdout: string;
	readonly stderr: string;

	constructor(details: GitErrorDetails) {
		super(details.message ?? GitError.describe(details));
		this.code = details.code;
		this.args = details.args;
		this.cwd = details.cwd;
		this.exitCode = details.exitCode;
		this.stdout = details.stdout ?? '';
		this.stderr = details.stderr ?? '';
	}

	/** `git commit failed (exit 1): <output>` — the command, exit code and what git said. */
	static describe(details: GitErrorDetails): string {
		const command = `git ${details.args.find((a) => !a.startsWith('-')) ?? details.args[0] ?? ''}`.trim();
		const exit = details.exitCode === null ? '' : ` (exit ${details.exitCode})`;
		let output = (details.stderr ?? '').trim() || (details.stdout ?? '').trim();
		if (output.length > MAX_MESSAGE_OUTPUT) {
			output = `${output.slice(0, MAX_MESSAGE_OUTPUT)}…`;
		}
		return output ? `${command} failed${exit}: ${output}` : `${command} failed${exit}`;
	}
}

/** True when `err` is a {@link GitError} (optionally of the given code). */
export function isGitError(err: unknown, code?: GitErrorCode): err is GitError {
	return err instanceof GitError && (code === undefined || err.code === code);
}

const CLASSIFIERS: ReadonlyArray<[RegExp, GitErrorCode]> = [
	[/index\.lock'?: File exists|Another git process seems to be running/i, 'IndexLocked'],
	[/not a git repository|bad HEAD|invalid HEAD|HEAD.*(?:broken|corrupt)|unable to read HEAD/i, 'NotARepository'],
	[/\[rejected\]|\[remote rejected\]|Updates were rejected/i, 'PushRejected'],
	[/Not possible to fast-forward|Diverging branches can't be fast-forwarded/i, 'NotFastForward'],
	[/There is no tracking information|has no upstream branch|no such ref was fetched|couldn't find remote ref/i, 'NoUpstream'],
	[/would be overwritten by (?:merge|checkout)|Please commit your changes or stash them/i, 'LocalChangesOverwritten'],
	[/CONFLICT|needs merge|you need to resolve your current index first|unmerged files|Committing is not possible because you have unmerged files/i, 'Conflict'],
	[/Could not read from remote repository|does not appear to be a git repository|Authentication failed|unable to access '|Could not resolve host/i, 'RemoteUnreachable'],
	[/nothing to commit|nothing added to commit|no changes added to commit/i, 'NothingToCommit'],
];

/** Picks a {@link GitErrorCode} from what a failed process printed. */
export function classifyGitOutput(stderr: string, stdout = ''): GitErrorCode {
	for (const [pattern, code] of CLASSIFIERS) {
		if (pattern.test(stderr)) {
			return code;
		}
	}
	// `git commit` reports "nothing to commit" on stdout.
	for (const [pattern, code] of CLASSIFIERS) {
		if (code === 'NothingToCommit' && pattern.test(stdout)) {
			return code;
		}
	}
	return 'Unknown';
}
