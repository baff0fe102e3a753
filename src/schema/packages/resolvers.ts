import type { PackageManifestRecord, PackagesSource, PackumentRecord } from '../contracts/packages';
import type { ReposSource } from '../contracts/repos';
import { isSourceError, SourceError } from '../contracts/sourceError';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, type RepositoryGroupsSource } from '../repositoryGroupsSource';
import { planReleases, type ReleaseBump, type ReleaseReason, type ReleaseStepRecord } from './releasePlan';
import { type DependencyEdge, WorkspaceGraph } from './workspaceGraph';

/** Per-request state: the workspace's packages are read once per operation, however many fields ask. */
export interface PackagesContext {
	packagesGraph?: Promise<WorkspaceGraph>;
}

/** What the registry said about one package, or why it said nothing. */
interface RegistryInfo {
	packument: PackumentRecord | null;
	error: SourceError<'PACKAGES'> | null;
}

/** Refuses a field while packages are not read at all, with the status's own code (UNTRUSTED…). */
function assertAvailable(source: PackagesSource): void {
	if (source.unavailableReason) {
		const status = source.status();
		throw new SourceError('PACKAGES', status.code ?? 'REGISTRY_FAILED', status.reason ?? source.unavailableReason);
	}
}

/** Resolvers of the packages subschema over a {@link PackagesSource}; the repositories come from `repos`. */
export function createPackagesResolvers(source: PackagesSource, repos: Pick<ReposSource, 'repositories'>, groups: RepositoryGroupsSource = NO_REPOSITORY_GROUPS) {
	const load = async (): Promise<WorkspaceGraph> => new WorkspaceGraph(await source.manifests(repos.repositories.filter((r) => r.initialized).map((r) => r.path)));
	const graphOf = (context: PackagesContext): Promise<WorkspaceGraph> => (context.packagesGraph ??= load());

	/**
	 * Private packages, unreadable manifests and a package.json without a version (npm cannot
	 * publish one) are never looked up: there is nothing to ask the registry about.
	 */
	const registryInfo = async (pkg: PackageManifestRecord): Promise<RegistryInfo | null> => {
		if (pkg.private || pkg.error || !pkg.version || source.unavailableReason) {
			return null;
		}
		try {
			const packument = await source.packument(pkg);
			return { packument, error: packument ? null : new SourceError('PACKAGES', 'NOT_FOUND', `${pkg.name} is not on ${await source.registryFor(pkg).catch(() => 'the registry')}.`) };
		} catch (err) {
			return { packument: null, error: isSourceError(err, 'PACKAGES') ? err : new SourceError('PACKAGES', 'REGISTRY_FAILED', err instanceof Error ? err.message : String(err)) };
		}
	};

	/** Whether the package's version is on the registry; null when the registry could not say. */
	const published = (pkg: PackageManifestRecord, info: RegistryInfo | null): boolean | null => {
		if (!info || !pkg.version) {
			return null;
		}
		if (info.packument) {
			return info.packument.versions.some((v) => v.version === pkg.version);
		}
		return info.error?.code === 'NOT_FOUND' ? false : null;
	};

	const releaseReasons = async (pkg: PackageManifestRecord): Promise<ReleaseReason[]> => {
		if (pkg.private || pkg.error || !pkg.version || source.unavailableReason) {
			return [];
		}
		const [release, info] = await Promise.all([source.release(pkg), registryInfo(pkg)]);
		const reasons: ReleaseReason[] = [];
		if ((release.commitsSince ?? 0) > 0) {
			reasons.push('UNRELEASED_COMMITS');
		}
		if (published(pkg, info) === false) {
			reasons.push('UNPUBLISHED_VERSION');
		}
		return reasons;
	};

	const currentVersion = async (pkg: PackageManifestRecord) => {
		const info = await registryInfo(pkg);
		return info?.packument?.versions.find((v) => v.version === pkg.version) ?? null;
	};

	return {
		Query: {
			packages: async (_: unknown, args: { search?: string | null; group?: string | null }, context: PackagesContext) => {
				assertAvailable(source);
				const graph = await graphOf(context);
				const needle = args.search?.trim().toLowerCase();
				const found = needle ? graph.packages.filter((p) => p.name.toLowerCase().includes(needle)) : graph.packages;
				return narrowToGroup(groups, found, args.group, (p) => p.repositoryPath);
			},
			package: async (_: unknown, args: { name: string }, context: PackagesContext) => {
				assertAvailable(source);
				return (await graphOf(context)).get(args.name) ?? null;
			},
			releasePlan: async (_: unknown, args: { bump?: ReleaseBump | null }, context: PackagesContext) => {
				assertAvailable(source);
				const graph = await graphOf(context);
				const candidates = (await Promise.all(graph.packages.map(async (pkg) => ({ pkg, reasons: await releaseReasons(pkg) })))).filter((c) => c.reasons.length > 0);
				const plan = planReleases(
					graph,
					candidates.map((c) => ({ ...c, versionUnpublished: c.reasons.includes('UNPUBLISHED_VERSION') })),
					args.bump ?? 'PATCH',
				);
				return { steps: plan.steps, cycles: plan.cycles.map((packages) => ({ packages })) };
			},
			packagesStatus: () => source.status(),
			_packageRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((p) => ({ path: p })),
		},
		Mutation: {
			refreshPackages: async () => {
				assertAvailable(source);
				source.refresh();
				const graph = await load();
				await Promise.all(graph.packages.map((pkg) => registryInfo(pkg)));
				return source.status();
			},
		},
		Subscription: {
			packagesChanged: {
				subscribe: () => eventIterator(source.onDidChange),
				resolve: () => source.status(),
			},
		},
		Repository: {
			// Never an error: the Repositories view reads this for every repository.
			packages: async (repo: { path: string }, _: unknown, context: PackagesContext) =>
				source.unavailableReason ? [] : (await graphOf(context)).packages.filter((p) => p.repositoryPath === repo.path),
		},
		Package: {
			id: (pkg: PackageManifestRecord) => `${pkg.repositoryPath}#${pkg.directory}`,
			repository: (pkg: PackageManifestRecord) => ({ path: pkg.repositoryPath }),
			manifestError: (pkg: PackageManifestRecord) => pkg.error,
			registry: async (pkg: PackageManifestRecord) => (pkg.private || pkg.error || !pkg.version || source.unavailableReason ? null : source.registryFor(pkg).catch(() => null)),
			registryError: async (pkg: PackageManifestRecord) => {
				const error = (await registryInfo(pkg))?.error;
				return error ? { code: error.code, message: error.message } : null;
			},
			latest: async (pkg: PackageManifestRecord) => (await registryInfo(pkg))?.packument?.distTags.latest ?? null,
			distTags: async (pkg: PackageManifestRecord) => Object.entries((await registryInfo(pkg))?.packument?.distTags ?? {}).map(([tag, version]) => ({ tag, version })),
			versions: async (pkg: PackageManifestRecord) => (await registryInfo(pkg))?.packument?.versions ?? [],
			published: async (pkg: PackageManifestRecord) => published(pkg, await registryInfo(pkg)),
			publishedAt: async (pkg: PackageManifestRecord) => (await currentVersion(pkg))?.publishedAt ?? null,
			deprecated: async (pkg: PackageManifestRecord) => (await currentVersion(pkg))?.deprecated ?? null,
			releaseTag: async (pkg: PackageManifestRecord) => (source.unavailableReason ? null : (await source.release(pkg)).tag),
			commitsSinceRelease: async (pkg: PackageManifestRecord) => (source.unavailableReason ? null : (await source.release(pkg)).commitsSince),
			releaseReasons: (pkg: PackageManifestRecord) => releaseReasons(pkg),
			needsRelease: async (pkg: PackageManifestRecord) => (await releaseReasons(pkg)).length > 0,
			dependsOn: async (pkg: PackageManifestRecord, _: unknown, context: PackagesContext) => (await graphOf(context)).dependsOn(pkg),
			dependents: async (pkg: PackageManifestRecord, _: unknown, context: PackagesContext) => (await graphOf(context)).dependents(pkg),
		},
		PackageDependency: {
			outdated: (edge: DependencyEdge) => edge.admitsCurrentVersion === false,
		},
		ReleaseStep: {
			package: (step: ReleaseStepRecord) => step.pkg,
		},
	};
}

