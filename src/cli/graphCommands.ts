/**
 * The CLI commands that need the graph. They live in their own bundle (dist/cliGraph.js, see
 * esbuild.mjs) that `main.ts` requires only when one of them runs, so that `status` does not pay
 * for loading graphql, @graphql-tools, the GitHub client and the Claude runner.
 */
import { createGateway, CreateGatewayOptions } from '../api';
import { formatPackagesTable, PACKAGES_QUERY, type PackageRow, registryNotes, toJsonRow } from './packagesTable';
import { STATUS_QUERY } from './statusRows';
import type { StatusRow } from './statusTable';
import { escapeControl, escapeControlInBlock } from './terminalText';

export { agentCancel, agentList, agentReview, agentRun, agentShow, AGENT_EXIT } from './agentCommands';

/** Gateway options from the command line and the environment. */
export function gatewayOptions(roots: string[] | undefined): CreateGatewayOptions {
	return {
		roots,
		githubApiUrl: process.env.META_GOTHIC_GITHUB_API_URL,
		claudePath: process.env.META_GOTHIC_CLAUDE_PATH,
		syncDiscovery: true,
	};
}

/**
 * The rows of `status` from the graph (those of `group` when given), and the messages of the
 * errors that make it fail.
 */
export async function statusFromGraph(roots: string[] | undefined, group?: string): Promise<{ rows: StatusRow[]; errors: string[] }> {
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const result = await graph.execute({ query: STATUS_QUERY, variables: { group: group ?? null } });
		// GitHub being unreachable is shown as "—" in the CI column, not a failure of `status`.
		const fatal = result.errors?.filter((e) => !e.path?.includes('github')) ?? [];
		return { rows: (result.data?.repositories ?? []) as StatusRow[], errors: fatal.map((e) => e.message) };
	} finally {
		graph.dispose();
	}
}

/** Runs one operation and prints its JSON result; exit code 1 when it has errors. */
export async function graphql(document: string, variables: Record<string, unknown> | undefined, roots: string[] | undefined, signal?: AbortSignal): Promise<number> {
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const result = await graph.execute({ query: document, variables }, { signal });
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return result.errors?.length ? 1 : 0;
	} finally {
		graph.dispose();
	}
}

const UNINITIALISED = /* GraphQL */ `
	query Uninitialised {
		repositories { path name kind initialized }
	}
`;

const INITIALIZE = /* GraphQL */ `
	mutation Initialize($repositories: [String!], $recursive: Boolean) {
		initializeSubmodules(repositories: $repositories, recursive: $recursive) { status error { code message } repository { name } }
	}
`;

/**
 * Checks out every submodule registered but not checked out (with `recursive`, the submodules
 * inside them too), one line per submodule; exit code 1 when any could not be.
 */
export async function sync(roots: string[] | undefined, recursive: boolean, signal?: AbortSignal): Promise<number> {
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const read = await graph.execute({ query: UNINITIALISED }, { signal });
		const repositories = (read.data?.repositories ?? []) as Array<{ path: string; name: string; kind: string; initialized: boolean }>;
		const missing = repositories.filter((r) => r.kind === 'SUBMODULE' && !r.initialized);
		if (missing.length === 0) {
			process.stdout.write(`Every submodule is checked out (${repositories.length} repositories).\n`);
			return read.errors?.length ? 1 : 0;
		}
		process.stdout.write(`Checking out ${missing.length} submodule${missing.length === 1 ? '' : 's'}${recursive ? ', recursively' : ''}…\n`);
		const result = await graph.execute({ query: INITIALIZE, variables: { repositories: missing.map((r) => r.path), recursive } }, { signal });
		const rows = ((result.data as { initializeSubmodules?: unknown } | null)?.initializeSubmodules ?? []) as Array<{ status: string; error: { code: string; message: string } | null; repository: { name: string } }>;
		for (const row of rows) {
			process.stdout.write(`${row.status === 'SUCCEEDED' ? 'checked out' : 'FAILED     '}  ${escapeControl(row.repository.name)}${row.error ? `: ${row.error.code}: ${escapeControl(row.error.message.split('\n')[0])}` : ''}\n`);
		}
		for (const error of result.errors ?? []) {
			process.stderr.write(`error: ${escapeControlInBlock(error.message)}\n`);
		}
		return result.errors?.length || rows.some((r) => r.status !== 'SUCCEEDED') ? 1 : 0;
	} finally {
		graph.dispose();
	}
}

/**
 * `meta-gothic packages`: every package of the workspace with its version, the registry's latest,
 * commits since its release tag, whether it needs a release, and the workspace packages whose
 * range of it is outdated. A registry that cannot be read is a note, not a failure; exit code 1
 * only when the graph itself fails.
 */
export async function packages(roots: string[] | undefined, json: boolean): Promise<number> {
	const graph = await createGateway({ ...gatewayOptions(roots), githubToken: null });
	try {
		const result = await graph.execute({ query: PACKAGES_QUERY });
		const rows = ((result.data?.packages ?? []) as PackageRow[]).map(toJsonRow);
		if (json) {
			process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
		} else if (rows.length === 0 && !result.errors?.length) {
			process.stdout.write('No npm packages found.\n');
		} else if (rows.length > 0) {
			process.stdout.write(`${formatPackagesTable(rows)}\n`);
			for (const note of registryNotes(rows)) {
				process.stderr.write(`note: ${note}\n`);
			}
		}
		for (const error of result.errors ?? []) {
			process.stderr.write(`error: ${escapeControlInBlock(error.message)}\n`);
		}
		return result.errors?.length ? 1 : 0;
	} finally {
		graph.dispose();
	}
}

/** Prints the stitched SDL. */
export async function sdl(): Promise<number> {
	const graph = await createGateway({ roots: [], scan: false, githubToken: null });
	try {
		process.stdout.write(graph.sdl);
		return 0;
	} finally {
		graph.dispose();
	}
}
