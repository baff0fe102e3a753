/**
 * Failures inside the npm adapter, by kind. They become `SourceError`s of domain `PACKAGES` at
 * the adapter's edge (`sourceErrors.ts`); inside, the kind is what the cache and status act on.
 */

/** What went wrong talking to a registry or reading its configuration. */
export type RegistryErrorKind =
	/** No connection, a DNS failure, a time-out. */
	| 'unreachable'
	/** 401 or 403: credentials missing, wrong or not enough. */
	| 'unauthorized'
	/** An answer that is not a packument (a 5xx, HTML, invalid JSON). */
	| 'failed'
	/** An `.npmrc` value that cannot be used (a registry that is not a URL). */
	| 'config'
	/** A package name no registry can have. */
	| 'badName'
	/** The caller stopped waiting. */
	| 'cancelled';

/** A failure of the npm adapter; the message is for people and never holds a credential. */
export class RegistryError extends Error {
	override readonly name = 'RegistryError';
	constructor(
		readonly kind: RegistryErrorKind,
		message: string,
		readonly status?: number,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}
