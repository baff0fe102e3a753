import type { Event } from '../../common/event';
import type { RepositoryState } from '../../git/types';

/**
 * What the repos subschema reads: the git model's cache and its change events. `GitModel`
 * satisfies it; resolvers never spawn git themselves, so a warm query costs no process.
 */
export interface ReposSource {
	readonly repositories: readonly RepositoryState[];
	get(path: string): RepositoryState | undefined;
	readonly onDidChangeRepository: Event<RepositoryState>;
	scan(signal?: AbortSignal): Promise<void>;
	refresh(path: string, signal?: AbortSignal): Promise<RepositoryState | undefined>;
}
