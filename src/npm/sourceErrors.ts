/**
 * The npm adapter's edge: every failure that leaves it is a `SourceError` of domain `PACKAGES`,
 * with every credential of the npm config removed from its message. Inside, failures stay
 * {@link RegistryError}s.
 */
import { SourceError, type PackagesErrorCode } from '../schema/contracts/sourceError';
import { RegistryError, type RegistryErrorKind } from './registryErrors';

/** The contract's code for each kind of registry failure. */
export const PACKAGES_CODE_OF: Readonly<Record<RegistryErrorKind, PackagesErrorCode>> = {
	unreachable: 'REGISTRY_UNREACHABLE',
	unauthorized: 'UNAUTHORIZED',
	failed: 'REGISTRY_FAILED',
	config: 'BAD_USER_INPUT',
	badName: 'BAD_USER_INPUT',
	cancelled: 'REGISTRY_UNREACHABLE',
};

/** Turns whatever the adapter threw into a `SourceError` (a `SourceError` passes unchanged); `secrets` are removed from the message. */
export function toPackagesError(err: unknown, secrets: readonly string[] = []): SourceError<'PACKAGES'> {
	if (err instanceof SourceError && err.domain === 'PACKAGES') {
		return err as SourceError<'PACKAGES'>;
	}
	if (err instanceof RegistryError) {
		return new SourceError('PACKAGES', PACKAGES_CODE_OF[err.kind], err.message, { status: err.status, secrets, cause: err });
	}
	return new SourceError('PACKAGES', 'REGISTRY_FAILED', err instanceof Error ? err.message : String(err), { secrets, cause: err });
}

/** Runs `fn`, letting only `SourceError`s out. */
export async function atPackagesEdge<T>(fn: () => Promise<T>, secrets: readonly string[] = []): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		throw toPackagesError(err, secrets);
	}
}
