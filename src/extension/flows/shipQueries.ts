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

/** One ship, read again as the runs its pushes triggered move on. */
export const ShipQuery = graphql(
	`
		query Ship($id: ID!) {
			ship(id: $id) { ...ShipFields }
		}
	`,
	[ShipFields],
);
