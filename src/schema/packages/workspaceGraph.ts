/**
 * The workspace's own dependency graph: which of its packages depend on which others, with the
 * declared range and whether that range admits the other package's current version. Pure: built
 * from manifest records, no I/O.
 */
import satisfies from 'semver/functions/satisfies';
import valid from 'semver/functions/valid';
import validRange from 'semver/ranges/valid';
import type { DependencyKind, PackageManifestRecord } from '../contracts/packages';

/** One dependency between two packages of the workspace. */
export interface DependencyEdge {
	/** The package that declares the dependency. */
	dependent: PackageManifestRecord;
	/** The workspace package it depends on. */
	dependency: PackageManifestRecord;
	kind: DependencyKind;
	range: string;
	/** Whether `range` admits the dependency's current version; null when that cannot be said (not a semver range, no version). */
	admitsCurrentVersion: boolean | null;
}

/** The identity of a package record: its repository and folder. */
export function packageKey(pkg: Pick<PackageManifestRecord, 'repositoryPath' | 'directory'>): string {
	return `${pkg.repositoryPath}\0${pkg.directory}`;
}

/**
 * Whether a declared `range` admits `version`: semver ranges as npm reads them, the `workspace:`
 * protocol as pnpm and yarn rewrite it on publish (`workspace:*`, `^`, `~` follow the current
 * version). Null for what is not a version range: `file:`, `link:`, git and tarball URLs, `npm:`
 * aliases, dist-tags.
 */
export function rangeAdmits(range: string, version: string | null): boolean | null {
	if (!version || !valid(version)) {
		return null;
	}
	let effective = range.trim();
	if (effective.startsWith('workspace:')) {
		effective = effective.slice('workspace:'.length);
		if (effective === '*' || effective === '^' || effective === '~' || effective === '') {
			return true;
		}
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(effective) || effective.includes('/')) {
		return null;
	}
	if (effective === '' || effective === '*' || effective === 'x') {
		return true;
	}
	if (validRange(effective) === null) {
		return null;
	}
	return satisfies(version, effective);
}

/** The workspace's packages and the dependencies among them. */
export class WorkspaceGraph {
	/** Each name's package: the first found when two repositories hold the same name (a worktree, a fork). */
	private readonly byName = new Map<string, PackageManifestRecord>();
	private readonly outgoing = new Map<string, DependencyEdge[]>();
	private readonly incoming = new Map<string, DependencyEdge[]>();
	readonly edges: readonly DependencyEdge[];

	constructor(readonly packages: readonly PackageManifestRecord[]) {
		for (const pkg of packages) {
			if (!pkg.error && !this.byName.has(pkg.name)) {
				this.byName.set(pkg.name, pkg);
			}
		}
		const edges: DependencyEdge[] = [];
		for (const dependent of packages) {
			// A name listed in two blocks (a peer that is also a dev dependency) is one edge per block, as declared.
			for (const declared of dependent.dependencies) {
				const dependency = this.byName.get(declared.name);
				if (!dependency || packageKey(dependency) === packageKey(dependent)) {
					continue;
				}
				const edge: DependencyEdge = { dependent, dependency, kind: declared.kind, range: declared.range, admitsCurrentVersion: rangeAdmits(declared.range, dependency.version) };
				edges.push(edge);
				push(this.outgoing, packageKey(dependent), edge);
				push(this.incoming, packageKey(dependency), edge);
			}
		}
		this.edges = edges;
	}

	/** The package named `name`, if the workspace has one. */
	get(name: string): PackageManifestRecord | undefined {
		return this.byName.get(name);
	}

	/** What `pkg` depends on among the workspace's packages. */
	dependsOn(pkg: PackageManifestRecord): readonly DependencyEdge[] {
		return this.outgoing.get(packageKey(pkg)) ?? [];
	}

	/** The workspace's packages that depend on `pkg`. */
	dependents(pkg: PackageManifestRecord): readonly DependencyEdge[] {
		return this.incoming.get(packageKey(pkg)) ?? [];
	}
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) {
		list.push(value);
	} else {
		map.set(key, [value]);
	}
}
