// Shared helpers of the extension-host suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Identifier `publisher.name` of the extension under test. */
export const EXTENSION_ID = 'meta-gothic.meta-gothic';

/** What `activate()` returns: the API other extensions (and these tests) use. */
export interface MetaGothicApi {
	graphql(document: string, variables?: Record<string, unknown>): Promise<unknown>;
}

/** The slice of package.json the suites compare the running workbench against. */
export interface Manifest {
	contributes: {
		commands: { command: string; title: string }[];
		viewsContainers: { activitybar: { id: string; title: string }[] };
		views: Record<string, { id: string; name: string }[]>;
		configuration: { properties: Record<string, { default?: unknown }> };
	};
}

/** Finds the extension under test; fails the test when VS Code did not load it. */
export function getExtension(): vscode.Extension<MetaGothicApi> {
	const extension = vscode.extensions.getExtension<MetaGothicApi>(EXTENSION_ID);
	assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
	return extension;
}

/**
 * The suites' `graphql`: answers a document's data, or fails the test with the graph's errors.
 * `api` is asked at each call, since a suite activates the extension in its set-up.
 */
export function graphqlData(api: () => MetaGothicApi): <T>(query: string, variables?: Record<string, unknown>) => Promise<T> {
	return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
		const result = (await api().graphql(query, variables)) as { data?: T; errors?: { message: string }[] };
		assert.ok(result.data, JSON.stringify(result.errors));
		return result.data;
	};
}

/** Activates the extension (idempotent) and returns its API. */
export async function activate(): Promise<MetaGothicApi> {
	return getExtension().activate();
}

/** The extension's package.json as VS Code read it. */
export function manifest(): Manifest {
	return getExtension().packageJSON as Manifest;
}
