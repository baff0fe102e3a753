import { graphql, ResultOf } from '../graphql';

/** The overview page's data: every repository and the workspace's health. */
export const OverviewQuery = graphql(`
	query DashboardOverview {
		health { status summary }
		repositories {
			path
			name
			kind
			initialized
			branch
			detached
			headSha
			ahead
			behind
			isDirty
			error
			changes { path conflicted }
			submoduleChanges { path }
			github { latestRun { status conclusion workflowName url } }
		}
	}
`);

/** Any repository's state changed: the overview re-reads. */
export const RepositoryChangedSubscription = graphql(`
	subscription DashboardRepositoryChanged {
		repositoryChanged { path isDirty }
	}
`);

/** One row of the overview. */
export type OverviewRepository = ResultOf<typeof OverviewQuery>['repositories'][number];
