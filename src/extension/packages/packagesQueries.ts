/** The typed graph documents of the packages commands. */
import { graphql, type ResultOf } from '../../graphql';

/** What the release command chooses from: the plan, and each repository's workflows that can be run by hand. */
export const ReleaseTargetsQuery = graphql(`
	query ReleaseTargets {
		releasePlan {
			steps { order nextVersion package { name version repository { path } } }
		}
		repositories {
			path name branch
			github { owner name workflows { name path dispatchInputs { name } } }
		}
	}
`);

/** Whether GitHub can be used (the release command dispatches a workflow). */
export const ReleaseGitHubStatusQuery = graphql(`
	query ReleaseGitHubStatus {
		githubStatus { available code reason }
	}
`);

/** The answer of {@link ReleaseTargetsQuery}. */
export type ReleaseTargets = ResultOf<typeof ReleaseTargetsQuery>;
