/**
 * The CLI commands that need the graph. They live in their own bundle (dist/cliGraph.js, see
 * esbuild.mjs) that `main.ts` requires only when one of them runs, so that `status` does not pay
 * for loading graphql, @graphql-tools, the GitHub client and the Claude runner.
 */
import { createGateway, CreateGatewayOptions } from '../api';
import { STATUS_QUERY } from './statusRows';
import type { StatusRow } from './statusTable';

/** Gateway options from the command line and the environment. */
function gatewayOptions(roots: string[] | undefined): CreateGatewayOptions {
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
export async function graphql(document: string, variables: Record<string, unknown> | undefined, roots: string[] | undefined): Promise<number> {
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const result = await graph.execute({ query: document, variables });
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
