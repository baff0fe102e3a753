import { graphql, ResultOf } from '../graphql';

/**
 * What an Overview row draws of git's side of a repository: the overview asks for it, and each
 * `repositoryChanged` event brings it again, so the event alone can redraw the row.
 */
const OverviewRepositoryGitFields = graphql(`
	fragment OverviewRepositoryGitFields on Repository @_unmask {
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
		loading
		error
		changes { path conflicted }
		submoduleChanges { path }
	}
`);

/**
 * The overview page's data: every repository and the workspace's health. GitHub fields are asked
 * for only while GitHub is available (`githubStatus` says), so a signed-out dashboard does not
 * get one "not connected" error per repository.
 */
export const OverviewQuery = graphql(`
	query DashboardOverview($withGitHub: Boolean = true) {
		health { status summary }
		githubStatus { available reason }
		claudeStatus { available }
		agentRuns(first: 50) { id status }
		repositoryGroups { name repositories { path } }
		repositories {
			...OverviewRepositoryGitFields
			github @include(if: $withGitHub) {
				latestRun { status conclusion workflowName url }
				runs(first: 10) { id runNumber status conclusion workflowName }
			}
		}
	}
`, [OverviewRepositoryGitFields]);

/** Any repository's state changed: the overview re-reads. */
export const RepositoryChangedSubscription = graphql(`
	subscription DashboardRepositoryChanged {
		repositoryChanged { path isDirty }
	}
`);

/**
 * Any repository's state changed, with what its Overview row draws of git's side: the row shows
 * it at once, before the re-read the event also starts (which brings the counts and health).
 */
export const OverviewRepositoryChangedSubscription = graphql(`
	subscription DashboardOverviewRepositoryChanged {
		repositoryChanged {
			...OverviewRepositoryGitFields
		}
	}
`, [OverviewRepositoryGitFields]);

/** What {@link OverviewRepositoryChangedSubscription} brings of one repository. */
export type RepositoryPatch = ResultOf<typeof OverviewRepositoryChangedSubscription>['repositoryChanged'];

/** A workflow run appeared or changed: the CI column re-reads. */
export const WorkflowRunUpdatedSubscription = graphql(`
	subscription DashboardWorkflowRunUpdated {
		workflowRunUpdated { id status conclusion }
	}
`);

/** One row of the overview. */
export type OverviewRepository = ResultOf<typeof OverviewQuery>['repositories'][number];
