import { GraphQLError } from 'graphql';
import type { RepositoryGroup } from '../../git/repositoryGroups';
import type { RepositoryState } from '../../git/types';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, RepositoryGroupsSource } from '../repositoryGroupsSource';
import { createReposMutations, OperationResultRecord } from './mutations';
import type { ReposOperationsProvider } from './reposOperations';
import type { ReposSource } from './reposSource';

function isDirty(repo: RepositoryState): boolean {
	return repo.changes.length > 0 || repo.submoduleChanges.length > 0;
}

function requireRepository(source: ReposSource, path: string): RepositoryState {
	const repo = source.get(path);
	if (!repo) {
		throw new GraphQLError(`No repository at ${path}`, { extensions: { code: 'NOT_FOUND' } });
	}
	return repo;
}

/** Resolvers of the repos subschema over a {@link ReposSource}. */
export function createReposResolvers(source: ReposSource, operations?: ReposOperationsProvider, groups: RepositoryGroupsSource = NO_REPOSITORY_GROUPS) {
	const members = (group: RepositoryGroup) => (group.error ? [] : source.repositories.filter((r) => group.includes(r.path)));
	return {
		Query: {
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
		Subscription: {
			repositoryChanged: {
				subscribe: (_: unknown, args: { path?: string | null }) =>
					eventIterator(source.onDidChangeRepository, { filter: (r) => !args.path || r.path === args.path }),
				resolve: (repo: RepositoryState) => repo,
			},
		},
		Repository: {
			isDirty,
			parent: (repo: RepositoryState) => (repo.parentPath ? source.get(repo.parentPath) ?? null : null),
			children: (repo: RepositoryState) => source.repositories.filter((r) => r.parentPath === repo.path),
			updatedAt: (repo: RepositoryState) => new Date(repo.updatedAt).toISOString(),
		},
	};
}
