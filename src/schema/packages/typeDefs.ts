import { PACKAGES_ERROR_CODES } from '../contracts/sourceError';
import { enumSdl } from '../enumSdl';

/** SDL of the packages subschema: the npm packages of the workspace, extending `Repository`. */
export const packagesTypeDefs = /* GraphQL */ `
	${enumSdl('PackagesErrorCode', 'Why a package.json or the npm registry could not be read (extensions.code of the packages domain).', PACKAGES_ERROR_CODES)}

	"""Which block of package.json declares a dependency."""
	enum DependencyKind {
		"dependencies"
		PROD
		"devDependencies"
		DEV
		"peerDependencies"
		PEER
		"optionalDependencies"
		OPTIONAL
	}

	"""Why a package is in the release plan."""
	enum ReleaseReason {
		"Commits after its release tag touch its folder."
		UNRELEASED_COMMITS
		"The version in its package.json is not on the registry yet."
		UNPUBLISHED_VERSION
		"It declares a range of a planned package that will not admit that package's next version."
		DEPENDENCY_OUT_OF_RANGE
	}

	"""How far a package with unreleased commits moves in the release plan."""
	enum ReleaseBump {
		PATCH
		MINOR
		MAJOR
	}

	"""A coded failure about one package; the message is for people."""
	type PackagesError {
		code: PackagesErrorCode!
		message: String!
	}

	"""A dist-tag of a published package."""
	type PackageDistTag {
		tag: String!
		version: String!
	}

	"""A published version."""
	type PackageVersion {
		version: String!
		"When it was published (ISO 8601)."
		publishedAt: String
		"The deprecation message, when it is deprecated."
		deprecated: String
	}

	"""A dependency of one workspace package on another, as its package.json declares it."""
	type PackageDependency {
		"The package that declares the dependency."
		dependent: Package!
		"The workspace package depended on."
		dependency: Package!
		kind: DependencyKind!
		"The range as written, e.g. ^1.2.0 or workspace:*."
		range: String!
		"Whether the range admits the dependency's current version; null when it is not a version range (a path, a URL, a dist-tag)."
		admitsCurrentVersion: Boolean
		"True when the range does not admit the dependency's current version: the dependent uses an outdated version of it."
		outdated: Boolean!
	}

	"""An npm package of the workspace: a repository's package.json, or a workspace package inside it."""
	type Package {
		"Its repository and folder; stable across queries."
		id: ID!
		name: String!
		"The version its package.json declares."
		version: String
		private: Boolean!
		repository: Repository!
		"Folder of its package.json relative to the repository; empty for the repository's root."
		directory: String!
		"Why its package.json could not be read (code MANIFEST_INVALID)."
		manifestError: PackagesError
		"The registry it resolves to through the npm config (no credentials); null for a private package or one without a version."
		registry: String
		"Why the registry could not say anything: NOT_FOUND when it was never published, UNAUTHORIZED, REGISTRY_UNREACHABLE…; null when it answered, and for a package it is not asked about (private, or without a version)."
		registryError: PackagesError
		"The version the latest dist-tag points at."
		latest: String
		distTags: [PackageDistTag!]!
		"Every published version, oldest first."
		versions: [PackageVersion!]!
		"Whether its version is on the registry; null when the registry could not say."
		published: Boolean
		"When its version was published (ISO 8601); null when it is not on the registry."
		publishedAt: String
		"The deprecation message of its version, when it is deprecated."
		deprecated: String
		"The git tag of its version: v1.2.3, name@1.2.3 or 1.2.3."
		releaseTag: String
		"Commits after the release tag that touch its folder; null when no tag marks its version."
		commitsSinceRelease: Int
		"Why it needs a release; empty when it does not (always for a private package)."
		releaseReasons: [ReleaseReason!]!
		"True when it has commits after its release tag, or its version is not on the registry yet."
		needsRelease: Boolean!
		"The workspace packages it depends on."
		dependsOn: [PackageDependency!]!
		"The workspace packages that depend on it."
		dependents: [PackageDependency!]!
	}

	"""One step of the release plan."""
	type ReleaseStep {
		"Position in the plan, from 1: release in this order."
		order: Int!
		package: Package!
		reasons: [ReleaseReason!]!
		"The version it is released as; null for a private package, which only widens its ranges."
		nextVersion: String
		"Its dependencies on planned packages whose declared range will not admit their next version: widen these first."
		rangeUpdates: [PackageDependency!]!
		"Planned packages it depends on; they come earlier, unless in the same cycle."
		after: [Package!]!
		"True when it is in a dependency cycle with other planned packages (they are released together)."
		inCycle: Boolean!
	}

	"""A dependency cycle among planned packages."""
	type PackageCycle {
		packages: [Package!]!
	}

	"""What to release and in which order."""
	type ReleasePlan {
		steps: [ReleaseStep!]!
		"Dependency cycles among the planned packages: reported, not looped over."
		cycles: [PackageCycle!]!
	}

	"""Whether package data can be read, and from which registry."""
	type PackagesStatus {
		"False when packages are not read (an untrusted workspace) or the default registry could not be reached last time."
		available: Boolean!
		"Why not: UNTRUSTED, REGISTRY_UNREACHABLE…; null when available."
		code: PackagesErrorCode
		reason: String
		"The default registry (no credentials)."
		registry: String
		"When a registry last answered (ISO 8601)."
		lastCheckedAt: String
	}

	type Repository {
		path: String!
		"Its npm packages: the root package.json's, then its workspace packages; empty when it has none."
		packages: [Package!]!
	}

	type Query {
		"The workspace's packages whose name contains search (any case); only a group's repositories' when one is named."
		packages(search: String, group: String): [Package!]
		"The workspace package with this name."
		package(name: String!): Package
		"Packages with unreleased work, plus the dependents whose range will not admit their next version, in dependency order."
		releasePlan(bump: ReleaseBump = PATCH): ReleasePlan
		"Whether package data can be read; never an error."
		packagesStatus: PackagesStatus!
		_packageRepositoriesByPath(paths: [String!]!): [Repository]!
	}

	type Mutation {
		"Reads every package.json again and asks the registry about every package (a 304 for those unchanged)."
		refreshPackages: PackagesStatus!
	}

	type Subscription {
		"Fires when the registry answered something new or its availability changed."
		packagesChanged: PackagesStatus!
	}
`;
