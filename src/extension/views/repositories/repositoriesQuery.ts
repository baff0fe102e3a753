import { graphql, ResultOf } from '../../../graphql';

/** What the Repositories view reads from the graph: every repository, or a group's. */
export const RepositoriesViewQuery = graphql(`
	query RepositoriesView($group: String) {
		repositories(group: $group) {
			path
			name
			kind
			parent { path }
			initialized
			branch
			detached
			headSha
			upstream
			ahead
			behind
			stashes
			isDirty
			loading
			error
			changes { path originalPath indexStatus worktreeStatus conflicted }
			submoduleChanges { path indexStatus worktreeStatus }
			packages { name version private latest needsRelease commitsSinceRelease releaseTag registryError { code } }
		}
	}
`);

/** One repository as the view shows it. */
export type ViewRepository = ResultOf<typeof RepositoriesViewQuery>['repositories'][number];

/** One changed file as the view shows it. */
export type ViewFileChange = ViewRepository['changes'][number];
