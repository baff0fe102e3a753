import type { ReposOperations } from '../contracts/repos';

/**
 * Where the repos subschema gets its git writes: fixed, absent (repositories are read-only), or
 * a getter asked on every mutation, for a host whose permission changes while it runs (VS Code
 * grants workspace trust mid-session; the graph is built once, at activation).
 */
export type ReposOperationsProvider = ReposOperations | (() => ReposOperations | undefined);

/** The getter behind any {@link ReposOperationsProvider}; `undefined` means read-only. */
export function operationsGetter(provider: ReposOperationsProvider | undefined): () => ReposOperations | undefined {
	return typeof provider === 'function' ? provider : () => provider;
}
