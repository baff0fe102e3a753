import { graphql, type ResultOf } from '../../graphql';

/**
 * What the packages section shows: every package with its internal dependencies (the graph),
 * the release plan (the table), and whether the registry could be read.
 */
export const PackagesSectionQuery = graphql(`
	query DashboardPackages {
		packagesStatus { available code reason registry }
		packages {
			id name version private latest needsRelease commitsSinceRelease releaseTag
			registryError { code message }
			repository { path name }
			dependsOn { dependency { id } kind range outdated }
		}
		releasePlan {
			steps { order nextVersion reasons inCycle package { id name version latest commitsSinceRelease releaseTag } rangeUpdates { dependency { name } range } }
			cycles { packages { name } }
		}
	}
`);

/** The registry answered something new: read again. */
export const PackagesChangedSubscription = graphql(`
	subscription DashboardPackagesChanged {
		packagesChanged { available }
	}
`);

/** A repository changed (a commit after a release tag, an edited package.json): read again. */
export const PackagesRepositoryChangedSubscription = graphql(`
	subscription DashboardPackagesRepositoryChanged {
		repositoryChanged { path headSha }
	}
`);

/** The section's data. */
export type PackagesSectionData = ResultOf<typeof PackagesSectionQuery>;

/** One package of the section. */
export type SectionPackage = NonNullable<PackagesSectionData['packages']>[number];

/** One step of the release plan. */
export type SectionReleaseStep = NonNullable<PackagesSectionData['releasePlan']>['steps'][number];
