import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { locateGitDir } from './gitDir';

/**
 * Remembers when each repository's HEAD and index last changed, so a cheap `stat` tells which
 * repositories something outside our watchers may have touched (another tool, while the window
 * was in the background). No git process is spawned.
 */
export class ChangeStamps {
	private readonly stamps = new Map<string, string>();

	/** Returns the repositories whose HEAD or index changed since the last call. */
	async changed(repoPaths: readonly string[]): Promise<string[]> {
		const results = await Promise.all(
			repoPaths.map(async (repo) => {
				const stamp = await this.read(repo);
				const previous = this.stamps.get(repo);
				this.stamps.set(repo, stamp);
				return previous !== undefined && previous !== stamp ? repo : undefined;
			}),
		);
		return results.filter((r): r is string => r !== undefined);
	}

	private async read(repo: string): Promise<string> {
		const location = await locateGitDir(repo).catch(() => null);
		if (!location) {
			return 'none';
		}
		const times = await Promise.all(
			['HEAD', 'index'].map((name) =>
				stat(path.join(location.gitDir, name)).then(
					(s) => `${s.mtimeMs}:${s.size}`,
					() => '-',
				),
			),
		);
		return times.join('|');
	}
}
