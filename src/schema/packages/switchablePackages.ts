import { Emitter } from '../../common/event';
import { Disposable, type IDisposable } from '../../common/lifecycle';
import type { PackageManifestRecord, PackagesSource, PackagesStatusRecord, PackumentRecord, ReleaseRecord } from '../contracts/packages';

/**
 * A packages source that forwards every call to another one, which can be swapped while the
 * graph runs: the extension builds the graph over this and plugs the npm adapter in when the
 * workspace becomes trusted, without a reload (as `SwitchableWorkflows` does for GitHub). It
 * does not own the sources it forwards to.
 */
export class SwitchablePackages extends Disposable implements PackagesSource {
	private readonly _onDidChange = this._register(new Emitter<void>());
	readonly onDidChange = this._onDidChange.event;
	private forwarding: IDisposable | undefined;

	constructor(private _current: PackagesSource) {
		super();
		this.follow();
		this._register({ dispose: () => this.forwarding?.dispose() });
	}

	/** The source calls go to now. */
	get current(): PackagesSource {
		return this._current;
	}

	/** Sends every later call to `source`, and fires {@link onDidChange} so faces read again. */
	use(source: PackagesSource): void {
		if (this.isDisposed || source === this._current) {
			return;
		}
		this._current = source;
		this.follow();
		this._onDidChange.fire();
	}

	private follow(): void {
		this.forwarding?.dispose();
		this.forwarding = this._current.onDidChange(() => this._onDidChange.fire());
	}

	get unavailableReason(): string | null {
		return this._current.unavailableReason;
	}
	status(): PackagesStatusRecord {
		return this._current.status();
	}
	manifests(repositoryPaths: readonly string[]): Promise<readonly PackageManifestRecord[]> {
		return this._current.manifests(repositoryPaths);
	}
	packument(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<PackumentRecord | null> {
		return this._current.packument(manifest);
	}
	registryFor(manifest: Pick<PackageManifestRecord, 'name' | 'repositoryPath'>): Promise<string> {
		return this._current.registryFor(manifest);
	}
	release(manifest: PackageManifestRecord): Promise<ReleaseRecord> {
		return this._current.release(manifest);
	}
	refresh(): void {
		this._current.refresh();
	}
}
