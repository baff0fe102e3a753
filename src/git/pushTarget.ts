/**
 * Where pushing a branch goes, read from its configuration so the push can name it explicitly.
 * A bare `git push` would also take the remote's `push` refspecs as they are, `+` (force) included.
 */
import type { Git } from './git';

/** A remote and the ref on it that a branch is pushed to. */
export interface PushTarget {
	remote: string;
	ref: string;
}

/**
 * The remote and remote ref `git push` would update for `branch`: its push remote
 * (`branch.<name>.pushRemote`, `remote.pushDefault`) else its upstream's remote; there, the ref a
 * configured push refspec maps it to, else its upstream branch (same remote) or its own name.
 * `undefined` when the branch has no upstream.
 */
export async function pushTarget(git: Git, cwd: string, branch: string, signal?: AbortSignal): Promise<PushTarget | undefined> {
	const format = ['%(upstream:remotename)', '%(upstream:remoteref)', '%(push:remotename)', '%(push:remoteref)'].join('%00');
	const { stdout } = await git.exec(['for-each-ref', `--format=${format}`, `refs/heads/${branch}`], { cwd, signal, readOnly: true });
	const [upstreamRemote = '', upstreamRef = '', pushRemote = '', pushRef = ''] = stdout.toString('utf8').split('\n')[0]?.split('\0') ?? [];
	if (!upstreamRemote || !upstreamRef) {
		return undefined;
	}
	const remote = pushRemote || upstreamRemote;
	const ref = pushRef || (remote === upstreamRemote ? upstreamRef : `refs/heads/${branch}`);
	return { remote, ref };
}
