/**
 * The rules by which `repositoryChanged` events lie over the Overview's last read (see
 * `useRepositoryPatches`). Pure, so they are unit-tested in plain Node.
 */

/** What an event and a read have in common: the repository's path, and the fields the event brings. */
export interface Keyed {
	readonly path: string;
}

function agrees<R extends P, P extends Keyed>(repo: R, patch: P): boolean {
	return (Object.keys(patch) as (keyof P)[]).every((key) => JSON.stringify(repo[key]) === JSON.stringify(patch[key]));
}

/** `read` with each event's fields over its repository's; the same array when there is none. */
export function overlay<R extends P, P extends Keyed>(read: readonly R[], patches: ReadonlyMap<string, P>): readonly R[] {
	if (patches.size === 0) {
		return read;
	}
	return read.map((repo) => {
		const patch = patches.get(repo.path);
		return patch ? { ...repo, ...patch } : repo;
	});
}

/**
 * The events still needed over `read`: a read that agrees with an event has caught up with it,
 * and one without the repository has gone past it (it left the workspace, or the next read
 * brings it). One that disagrees may have started before the event: the event stays. Returns
 * `patches` itself when every event is still needed.
 */
export function settle<R extends P, P extends Keyed>(read: readonly R[], patches: ReadonlyMap<string, P>): ReadonlyMap<string, P> {
	if (patches.size === 0) {
		return patches;
	}
	const byPath = new Map(read.map((repo) => [repo.path, repo]));
	const kept = [...patches].filter(([path, patch]) => byPath.has(path) && !agrees(byPath.get(path)!, patch));
	return kept.length < patches.size ? new Map(kept) : patches;
}
