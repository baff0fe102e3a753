/**
 * Turns raw failures of commit, push and pull into errors that say what happened and what to do,
 * keeping git's own output (hook output included) in the message and in `stderr`.
 */
import { access, constants } from 'node:fs/promises';
import * as path from 'node:path';
import { GitError, isGitError } from './errors';
import { Git } from './git';

/** Hooks that can reject a commit. */
const COMMIT_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg'];

/** Same error with a new code and a clearer first line; git's output follows. */
function restate(err: GitError, code: GitError['code'], summary: string): GitError {
	const output = (err.stderr.trim() || err.stdout.trim()).slice(0, 4000);
	return new GitError({
		code,
		args: err.args,
		cwd: err.cwd,
		exitCode: err.exitCode,
		stdout: err.stdout,
		stderr: err.stderr,
		message: output ? `${summary}\n${output}` : summary,
	});
}

/**
 * A commit that failed for no reason git names itself was rejected by a hook when one is
 * installed: say so, with the hook's output. Hook discovery honours `core.hooksPath`.
 */
export async function describeCommitFailure(err: unknown, cwd: string, git: Git): Promise<unknown> {
	if (!isGitError(err) || err.code !== 'Unknown' || err.exitCode === null || !err.args.includes('commit')) {
		return err;
	}
	if (/empty commit message/i.test(err.stderr)) {
		return restate(err, 'Unknown', 'The commit message is empty.');
	}
	try {
		const hooksDir = (await git.exec(['rev-parse', '--git-path', 'hooks'], { cwd, readOnly: true })).stdout.toString('utf8').trim();
		for (const hook of COMMIT_HOOKS) {
			const file = path.resolve(cwd, hooksDir, hook);
			if (await access(file, constants.X_OK).then(() => true, () => false)) {
				return restate(err, 'HookRejected', 'A commit hook rejected the commit:');
			}
		}
	} catch {
		// Cannot tell: report git's error as it is.
	}
	return err;
}

/** Push failures: non-fast-forward, a remote-side rejection, or a pre-push hook. */
export function describePushFailure(err: unknown, branch: string): unknown {
	if (!isGitError(err)) {
		return err;
	}
	if (/\[rejected\].*\((?:non-fast-forward|fetch first)\)/.test(err.stderr)) {
		return restate(err, 'PushRejected', `Push of ${branch} was rejected: the remote has commits that are not in your branch. Pull (or rebase), then push again.`);
	}
	if (/\[remote rejected\]|\[rejected\]/.test(err.stderr)) {
		return restate(err, 'PushRejected', `The remote rejected the push of ${branch}.`);
	}
	if (err.code === 'Unknown' && /failed to push some refs/.test(err.stderr)) {
		return restate(err, 'HookRejected', `The push of ${branch} was stopped (a pre-push hook rejected it):`);
	}
	return err;
}

/** Pull failures with a next step. */
export function describePullFailure(err: unknown): unknown {
	if (!isGitError(err)) {
		return err;
	}
	switch (err.code) {
		case 'NotFastForward':
			return restate(err, 'NotFastForward', 'Cannot fast-forward: the local branch and its upstream have diverged. Merge or rebase, then try again.');
		case 'NoUpstream':
			return restate(err, 'NoUpstream', 'The branch has no upstream to pull from.');
		case 'LocalChangesOverwritten':
			return restate(err, 'LocalChangesOverwritten', 'Pulling would overwrite local changes. Commit or stash them first.');
		default:
			return err;
	}
}
