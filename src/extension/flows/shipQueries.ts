/** The typed graph documents of Ship Everything. */
import { graphql, ResultOf } from '../../graphql';

const ShipFields = graphql(`
	fragment ShipFields on Ship @_unmask {
		id
		createdAt
		rows {
			repository { path name }
			commit { status error { code message } }
			sha
			push { status error { code message } }
			pushedSha
			ci
			runs { id runNumber workflowName status conclusion url }
		}
	}
`);

/** A ship as the summary shows it. */
export type ViewShip = ResultOf<typeof ShipFields>;

/** One repository of a ship. */
export type ViewShipRow = ViewShip['rows'][number];

/** Commits (submodules first) and pushes the reviewed repositories. */
export const ShipRepositoriesMutation = graphql(
	`
		mutation ShipRepositories($commits: [ShipCommitInput!]!) {
			shipRepositories(commits: $commits) { ...ShipFields }
		}
	`,
	[ShipFields],
);

/**
 * One ship, read again as the runs its pushes triggered move on, with which of its repositories
 * CI can be followed for: `github` is null without a GitHub remote, and an error (a partial
 * answer) while GitHub cannot be used, so it is asked apart from the rows.
 */
export const ShipQuery = graphql(
	`
		query Ship($id: ID!) {
			githubStatus { available }
			ship(id: $id) { ...ShipFields }
			shipGitHub: ship(id: $id) { rows { repository { path github { url } } } }
		}
	`,
	[ShipFields],
);

/** Why CI is not followed for each repository of a ship read with {@link ShipQuery}; none when it is. */
export function unfollowedCi(data: ResultOf<typeof ShipQuery> | null | undefined): (row: { repository: { path: string } }) => string | undefined {
	if (data?.githubStatus.available !== true) {
		return () => 'GitHub not connected';
	}
	const withGitHub = new Set(data.shipGitHub?.rows.filter((r) => r.repository.github).map((r) => r.repository.path));
	return (row) => (withGitHub.has(row.repository.path) ? undefined : 'no GitHub remote');
}

/** Fires when a run one of the ship's pushes triggered changes. */
export const ShipUpdatedSubscription = graphql(`
	subscription ShipUpdated($id: ID!) {
		shipUpdated(id: $id) { id }
	}
`);
