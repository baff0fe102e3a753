/**
 * Release tags for the npm adapter, from git: which of a package's candidate tags exists, and
 * how many commits since it touch the package's folder. The npm adapter must not import git, so
 * it receives this as the contract's `ReleaseHistorySource` from the composition root.
 */
import type { ReleaseHistorySource, ReleaseRecord } from '../schema/contracts/packages';
import type { Git } from './git';

const NONE: ReleaseRecord = { tag: null, commitsSince: null };

/** Tags that git would refuse as ref names are never asked for (they cannot exist). */
function isPlausibleTag(tag: string): boolean {
	return tag.length > 0 && !tag.startsWith('-') && !/[\s~^:?*[\\]|\.\.|@\{|\/\/|\.lock$|\/$|^\/|\.$/.test(tag);
}

/** See the module comment. Two read-only git processes per lookup; never rejects. */
export class GitReleaseHistory implements ReleaseHistorySource {
	constructor(private readonly git: Pick<Git, 'exec'>) {}

	async releaseTag(repositoryPath: string, candidates: readonly string[], directory: string): Promise<ReleaseRecord> {
		const wanted = candidates.filter(isPlausibleTag);
		if (wanted.length === 0) {
			return NONE;
		}
		try {
			const refs = await this.git.exec(['for-each-ref', '--format=%(refname)', ...wanted.map((t) => `refs/tags/${t}`)], { cwd: repositoryPath, readOnly: true });
			const existing = new Set(refs.stdout.toString('utf8').split('\n').filter(Boolean));
			const tag = wanted.find((t) => existing.has(`refs/tags/${t}`));
			if (!tag) {
				return NONE;
			}
			const count = await this.git.exec(['rev-list', '--count', `refs/tags/${tag}..HEAD`, '--', directory === '' ? '.' : directory], { cwd: repositoryPath, readOnly: true });
			const commitsSince = Number.parseInt(count.stdout.toString('utf8').trim(), 10);
			return { tag, commitsSince: Number.isFinite(commitsSince) ? commitsSince : null };
		} catch {
			// An unborn HEAD, a repository git cannot read: no release to count from.
			return NONE;
		}
	}
}
