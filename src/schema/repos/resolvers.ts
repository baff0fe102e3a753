import type { RepositoryGroup } from '../../common/repositoryGroups';
import { Emitter } from '../../common/event';
import { isUnread, type GitStatusRecord, type ReposSource, type RepositoryOperationEvent, type RepositoryState } from '../contracts/repos';
import { SourceError } from '../contracts/sourceError';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, RepositoryGroupsSource } from '../repositoryGroupsSource';
import { createReposMutations, OperationResultRecord } from './mutations';
import { operationsGetter, type ReposOperationsProvider } from './reposOperations';

function isDirty(repo: RepositoryState): boolean {
	return repo.changes.length > 0 || repo.submoduleChanges.length > 0;
}

function requireRepository(source: ReposSource, path: string): RepositoryState {
	const repo = source.get(path);
	if (!repo) {
		throw new SourceError('REPOS', 'NOT_FOUND', `No repository at ${path}`);
	}
	return repo;
}

const NO_OPERATIONS = new Emitter<RepositoryOperationEvent>();

/** Resolvers of the repos subschema over a {@link ReposSource}. */
export function createReposResolvers(source: ReposSource, operations?: ReposOperationsProvider, groups: RepositoryGroupsSource = NO_REPOSITORY_GROUPS) {
	const members = (group: RepositoryGroup) => (group.error ? [] : source.repositories.filter((r) => group.includes(r.path)));
	const writable = operationsGetter(operations);
	const gitStatus = (): GitStatusRecord => {
		if (!writable()) {
			return { available: false, code: 'UNTRUSTED', reason: 'Repositories are read-only here: an untrusted workspace runs no git process.' };
		}
		// Discovery walks folders without git; the first status read then finds git missing.
		const missing = source.repositories.find((r) => r.errorCode === 'GIT_MISSING');
		return missing ? { available: false, code: 'GIT_MISSING', reason: missing.error } : { available: true, code: null, reason: null };
	};
	return {
		Query: {
			gitStatus,
			repositories: (_: unknown, args: { group?: string | null }) => narrowToGroup(groups, source.repositories, args.group, (r) => r.path),
			repositoryGroups: () => groups.groups.all,
			repository: (_: unknown, args: { path: string }) => source.get(args.path) ?? null,
			_repositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((p) => source.get(p) ?? null),
		},
		Mutation: {
			refreshRepositories: async () => {
				await source.scan();
				return source.repositories;
			},
			refreshRepository: async (_: unknown, args: { path: string }) => {
				requireRepository(source, args.path);
				return (await source.refresh(args.path)) ?? null;
			},
			...createReposMutations(source, operations),
		},
		RepositoryGroup: {
			patterns: (group: RepositoryGroup) => group.patterns,
			repositoryCount: (group: RepositoryGroup) => members(group).length,
			repositories: members,
		},
		OperationResult: {
			repository: (result: OperationResultRecord) => source.get(result.path) ?? { path: result.path },
		},
		RepositoryOperationEvent: {
			repository: (e: RepositoryOperationEvent) => source.get(e.path) ?? { path: e.path },
			error: (e: RepositoryOperationEvent) => (e.error ? { code: e.error.code, message: e.error.message, retryable: e.error.retryable } : null),
		},
		Subscription: {
			repositoryChanged: {
				subscribe: (_: unknown, args: { path?: string | null }) =>
					eventIterator(source.onDidChangeRepository, { filter: (r) => !args.path || r.path === args.path }),
				resolve: (repo: RepositoryState) => repo,
			},
			repositoryOperation: {
				// Read-only (no writes) means no events: a shared silent emitter keeps the subscription valid.
				subscribe: () => eventIterator(writable()?.onDidRunOperation ?? NO_OPERATIONS.event),
				resolve: (e: RepositoryOperationEvent) => e,
			},
		},
		Repository: {
			isDirty,
			parent: (repo: RepositoryState) => (repo.parentPath ? source.get(repo.parentPath) ?? null : null),
			children: (repo: RepositoryState) => source.repositories.filter((r) => r.parentPath === repo.path),
			updatedAt: (repo: RepositoryState) => new Date(repo.updatedAt).toISOString(),
			loading: (repo: RepositoryState) => isUnread(repo),
		},
	};
}
