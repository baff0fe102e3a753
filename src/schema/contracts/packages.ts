/**
 * The packages contract: what the graph reads about the npm packages of the workspace's
 * repositories (their manifests, what the registry says about them, and their release tags in
 * git). The npm adapter implements {@link PackagesSource} and fails only with a `SourceError` of
 * domain `PACKAGES`. Commit counts since a release tag need git, which the npm adapter must not
 * import: it is handed a {@link ReleaseHistorySource}, which the git adapter implements and the
 * composition root passes in.
 */
import type { Event } from '../../common/event';
import type { PackagesErrorCode } from './sourceError';

/** Which block of a package.json a dependency is declared in. */
export type DependencyKind = 'PROD' | 'DEV' | 'PEER' | 'OPTIONAL';

/** One dependency a package.json declares, as written. */
export interface DependencyDeclaration {
	/** The package depended on. */
	name: string;
	/** The declared range (`^1.2.0`, `workspace:*`, `file:../core`…), as written. */
	range: string;
	kind: DependencyKind;
}

/** One package.json of a repository: its root one, or a workspace package inside it. */
export interface PackageManifestRecord {
	/** The repository the package is in. */
	repositoryPath: string;
	/** Folder of the package.json relative to the repository, `/`-separated; `''` for the repository's root. */
	directory: string;
	/** The package's name; for a package.json that cannot be read, its folder's name. */
	name: string;
	/** The version it declares; null when it declares none (or could not be read). */
	version: string | null;
	private: boolean;
	dependencies: DependencyDeclaration[];
	/** Why the package.json could not be read (code `MANIFEST_INVALID`); null when it was read. */
	error: { code: PackagesErrorCode; message: string } | null;
}

/** One published version, as the registry lists it. */
export interface PackageVersionRecord {
	version: string;
	/** When it was published (ISO 8601), when the registry says. */
	publishedAt: string | null;
	/** The deprecation message, when the version is deprecated. */
	deprecated: string | null;
}

/** What the registry says about one package (its packument). */
export interface PackumentRecord {
	name: string;
	/** The registry that answered, without credentials. */
	registry: string;
	/** `dist-tags`: `latest`, `next`… → version. */
	distTags: Record<string, string>;
	/** Every published version, oldest first. */
	versions: PackageVersionRecord[];
}

/** The release tag found for a package's version, and how far HEAD has moved past it. */
export interface ReleaseRecord {
	/** The tag that marks the version (`v1.2.3`, `name@1.2.3` or `1.2.3`); null when none exists. */
	tag: string | null;
	/** Commits after the tag that touch the package's folder; null when there is no tag (or git could not count). */
	commitsSince: number | null;
}

/**
 * Release tags and commit counts from git, for the npm adapter. Implemented by the git adapter
 * (`src/git/releaseHistory.ts`); never rejects.
 */
export interface ReleaseHistorySource {
	/**
	 * The first of `candidates` (tag names, most preferred first) that exists in the repository,
	 * and the number of commits from it to HEAD that touch `directory` (relative, `''` for all).
	 */
	releaseTag(repositoryPath: string, candidates: readonly string[], directory: string): Promise<ReleaseRecord>;
}

/** Whether the registry can be used, as `packagesStatus` reports it. */
export interface PackagesStatusRecord {
	/** False when packages are not read at all (untrusted workspace) or the default registry could not be reached last time. */
	available: boolean;
	/** Why not, as a code (`UNTRUSTED`, `REGISTRY_UNREACHABLE`, `UNAUTHORIZED`…); null when available. */
	code: PackagesErrorCode | null;
	reason: string | null;
	/** The default registry (no credentials); null when packages are not read. */
	registry: string | null;
	/** When the registry last answered (ISO 8601). */
	lastCheckedAt: string | null;
}

/**
 * What the packages subschema reads. Manifests come from disk, packuments from the registry
 * (cached, revalidated with `If-None-Match` once per {@link refresh}), release facts from git.
 */
export interface PackagesSource {
	/** Why packages are not read at all, or null when they are. */
	readonly unavailableReason: string | null;
	/** Availability and the registry; never fails. */
	status(): PackagesStatusRecord;
	/** The packages of these repositories, in the order given, each repository's root package first. */
	manifests(repositoryPaths: readonly string[]): Promise<readonly PackageManifestRecord[]>;
	/**
	 * What the registry the package resolves to (from the repository's npm config) says about it;
	 * null when the registry has no such package. Rejects with a `SourceError` of domain
	 * `PACKAGES` (`UNAUTHORIZED`, `REGISTRY_UNREACHABLE`, `REGISTRY_FAILED`, `BAD_USER_INPUT`).
	 */
	packument(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<PackumentRecord | null>;
	/** The registry URL a package resolves to (no credentials). */
	registryFor(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<string>;
	/** The release tag of the package's current version and the commits after it; never rejects. */
	release(manifest: PackageManifestRecord): Promise<ReleaseRecord>;
	/** Forgets what was read, so the next reads go to disk and revalidate with the registry. */
	refresh(): void;
	/** Fires when the registry answered something new, or availability changed. */
	readonly onDidChange: Event<void>;
}
