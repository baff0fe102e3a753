#!/usr/bin/env node
/**
 * `meta-gothic`: the graph from a shell.
 *   meta-gothic status [--root DIR]... [--json]
 *   meta-gothic graphql '<document>' [--variables JSON] [--root DIR]...
 *   meta-gothic sdl
 */
import { parseArgs } from 'node:util';
import { createGateway, CreateGatewayOptions } from '../api';
import { formatStatusTable, StatusRow } from './statusTable';

const USAGE = `Usage:
  meta-gothic status [--root DIR]... [--json]     git state and last CI run of every repository
  meta-gothic graphql '<document>' [--variables JSON] [--root DIR]...
                                                  run a GraphQL operation, print the JSON result
  meta-gothic sdl                                 print the schema of the graph

Environment:
  GITHUB_TOKEN                 GitHub token for workflow runs
  META_GOTHIC_GITHUB_API_URL   GitHub API URL (GitHub Enterprise), default https://api.github.com
  META_GOTHIC_CLAUDE_PATH      the claude CLI, default \`claude\` on PATH`;

const STATUS_QUERY = /* GraphQL */ `
	query Status {
		repositories {
			name path kind initialized branch detached headSha ahead behind error
			changes { path }
			submoduleChanges { path }
			github { latestRun { workflowName status conclusion } }
		}
	}
`;

/** A usage error: printed with the usage text, exit code 2. */
class UsageError extends Error {}

function gatewayOptions(roots: string[] | undefined): CreateGatewayOptions {
	return {
		roots,
		githubApiUrl: process.env.META_GOTHIC_GITHUB_API_URL,
		claudePath: process.env.META_GOTHIC_CLAUDE_PATH,
	};
}

async function status(roots: string[] | undefined, json: boolean): Promise<number> {
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const result = await graph.execute({ query: STATUS_QUERY });
		const rows = (result.data?.repositories ?? []) as StatusRow[];
		if (json) {
			process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
		} else if (rows.length === 0) {
			process.stdout.write('No git repositories found.\n');
		} else {
			process.stdout.write(`${formatStatusTable(rows)}\n`);
		}
		// GitHub being unreachable is shown as "—" in the CI column, not a failure of `status`.
		const fatal = result.errors?.filter((e) => !e.path?.includes('github')) ?? [];
		for (const e of fatal) {
			process.stderr.write(`error: ${e.message}\n`);
		}
		return fatal.length > 0 ? 1 : 0;
	} finally {
		graph.dispose();
	}
}

async function graphql(document: string | undefined, variablesJson: string | undefined, roots: string[] | undefined): Promise<number> {
	if (!document) {
		throw new UsageError('graphql needs a document, e.g. meta-gothic graphql \'{ repositories { path } }\'');
	}
	let variables: Record<string, unknown> | undefined;
	if (variablesJson !== undefined) {
		try {
			variables = JSON.parse(variablesJson) as Record<string, unknown>;
		} catch (err) {
			throw new UsageError(`--variables is not valid JSON: ${(err as Error).message}`);
		}
		if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
			throw new UsageError('--variables must be a JSON object');
		}
	}
	const graph = await createGateway(gatewayOptions(roots));
	try {
		const result = await graph.execute({ query: document, variables });
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return result.errors?.length ? 1 : 0;
	} finally {
		graph.dispose();
	}
}

async function sdl(): Promise<number> {
	const graph = await createGateway({ roots: [], scan: false, githubToken: null });
	try {
		process.stdout.write(graph.sdl);
		return 0;
	} finally {
		graph.dispose();
	}
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			root: { type: 'string', multiple: true },
			json: { type: 'boolean', default: false },
			variables: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	const [command, ...rest] = positionals;
	if (values.help || !command) {
		process.stdout.write(`${USAGE}\n`);
		return command || values.help ? 0 : 2;
	}
	switch (command) {
		case 'status':
			return status(values.root, values.json ?? false);
		case 'graphql':
			return graphql(rest[0], values.variables, values.root);
		case 'sdl':
			return sdl();
		default:
			throw new UsageError(`Unknown command "${command}".`);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(err: unknown) => {
			const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
			process.stderr.write(`meta-gothic: ${err instanceof Error ? err.message : String(err)}\n${usage ? `\n${USAGE}\n` : ''}`);
			process.exitCode = usage ? 2 : 1;
		},
	);
}
