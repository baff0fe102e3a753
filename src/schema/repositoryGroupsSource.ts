import { GraphQLError } from 'graphql';
import { RepositoryGroupError, RepositoryGroups } from '../common/repositoryGroups';

/**
 * Where the graph reads repository groups (setting `metaGothic.repos.groups`, compiled against
 * the workspace folders). Read on every request, so a changed setting applies to the next query.
 */
export interface RepositoryGroupsSource {
	readonly groups: RepositoryGroups;
}

/** The source of a graph built without groups (every `group` argument is then unknown). */
export const NO_REPOSITORY_GROUPS: RepositoryGroupsSource = { groups: RepositoryGroups.EMPTY };

/**
 * The items whose repository is in group `name`, or all of them when `name` is absent. An
 * unknown group is a `NOT_FOUND` error, an invalid one `BAD_USER_INPUT`, each naming the fix.
 */
export function narrowToGroup<T>(source: RepositoryGroupsSource, items: readonly T[], name: string | null | undefined, pathOf: (item: T) => string): readonly T[] {
	if (name === null || name === undefined) {
		return items;
	}
	try {
		const group = source.groups.require(name);
		return items.filter((item) => group.includes(pathOf(item)));
	} catch (err) {
		if (err instanceof RepositoryGroupError) {
			throw new GraphQLError(err.message, { extensions: { code: source.groups.get(name) ? 'BAD_USER_INPUT' : 'NOT_FOUND' } });
		}
		throw err;
	}
}
