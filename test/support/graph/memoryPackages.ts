import { Emitter } from '../../../src/common/event';
import type { PackageManifestRecord, PackagesSource, PackagesStatusRecord, PackumentRecord, ReleaseRecord } from '../../../src/schema/contracts/packages';
import type { PackagesErrorCode, SourceError } from '../../../src/schema/contracts/sourceError';

/** Builds a {@link PackageManifestRecord} with plain defaults. */
export function manifest(repositoryPath: string, name: string, overrides: Partial<PackageManifestRecord> = {}): PackageManifestRecord {
	return { repositoryPath, directory: '', name, version: '1.0.0', private: false, dependencies: [], error: null, ...overrides };
}

/**
 * A {@link PackagesSource} over fixed records, for schema-level tests (the adapter's own tests
 * use a real Verdaccio). `packuments` maps a name to its packument, to null (not on the
 * registry) or to the `SourceError` the registry failed with.
 */
export class MemoryPackages implements PackagesSource {
	unavailableReason: string | null = null;
	unavailableCode: PackagesErrorCode | null = null;
	readonly onDidChangeEmitter = new Emitter<void>();
	readonly onDidChange = this.onDidChangeEmitter.event;
	refreshes = 0;

	constructor(
		public records: PackageManifestRecord[],
		public packuments: Map<string, PackumentRecord | null | SourceError<'PACKAGES'>> = new Map(),
		public releases: Map<string, ReleaseRecord> = new Map(),
	) {}

	status(): PackagesStatusRecord {
		return { available: !this.unavailableReason, code: this.unavailableCode, reason: this.unavailableReason, registry: 'https://registry.example/', lastCheckedAt: null };
	}
	async manifests(paths: readonly string[]) {
		return paths.flatMap((p) => this.records.filter((r) => r.repositoryPath === p));
	}
	async packument(m: Pick<PackageManifestRecord, 'name'>): Promise<PackumentRecord | null> {
		const found = this.packuments.get(m.name);
		if (found instanceof Error) {
			throw found;
		}
		return found ?? null;
	}
	async registryFor() {
		return 'https://registry.example/';
	}
	async release(m: PackageManifestRecord): Promise<ReleaseRecord> {
		return this.releases.get(m.name) ?? { tag: null, commitsSince: null };
	}
	refresh(): void {
		this.refreshes++;
	}
}
