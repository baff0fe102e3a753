/**
 * A post-receive hook for a local remote that tells the GitHub stand-in what was pushed, as
 * GitHub learns of a push: the stand-in then moves the branch and starts the push runs on the
 * commit (`POST /_stand-in/pushed`). A stand-in that is gone never fails the push: the hook says
 * so on the pusher's terminal and exits 0.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Where the hook reports to. */
export interface PushHookTarget {
	/** The stand-in's REST root (its `url`). */
	readonly url: string;
	/** The stand-in repository the remote stands for, `owner/name`. */
	readonly repository: string;
}

const HOOK = (target: PushHookTarget) => `#!${process.execPath}
// Written by the test support of Meta GOTHIC: reports pushes to the GitHub stand-in.
const target = ${JSON.stringify(target)};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
	const updates = input.split('\\n').filter(Boolean).map((line) => {
		const [, sha, ref] = line.split(' ');
		return { ref, sha };
	});
	try {
		const res = await fetch(new URL('/_stand-in/pushed', target.url), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ repository: target.repository, updates }),
			signal: AbortSignal.timeout(10000),
		});
		if (!res.ok) console.error('GitHub stand-in: the push was not recorded (' + res.status + ')');
	} catch (err) {
		console.error('GitHub stand-in: the push was not recorded (' + (err && err.message) + ')');
	}
	// fetch keeps its connection alive for seconds, and git waits for the hook to exit.
	process.exit(0);
});
`;

/**
 * Installs the hook in the repository at `repo` (a bare repository or a checkout that accepts
 * pushes), replacing any post-receive hook it had.
 */
export function installPushHook(repo: string, target: PushHookTarget): void {
	const relative = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: repo, encoding: 'utf8' }).trim();
	const hooks = isAbsolute(relative) ? relative : join(repo, relative);
	mkdirSync(hooks, { recursive: true });
	const file = join(hooks, 'post-receive');
	writeFileSync(file, HOOK(target));
	chmodSync(file, 0o755);
}
