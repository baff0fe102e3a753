#!/usr/bin/env node
/**
 * `meta-gothic`: the graph from a shell.
 *   meta-gothic status [--root DIR]... [--group NAME] [--json]
 *   meta-gothic graphql '<document>' [--variables JSON] [--root DIR]...
 *   meta-gothic sync [--recursive] [--root DIR]...
 *   meta-gothic packages [--root DIR]... [--json]
 *   meta-gothic sdl
 *   meta-gothic agent run|list|show|cancel|merge|discard …
 *
 * This entry stays small: the commands that need the graph are in `graphCommands.ts`, required
 * on first use (a bundle of their own, dist/cliGraph.js), so `status` starts in a few milliseconds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { RepositoryGroup } from '../common/repositoryGroups';
import { endQuietlyWhenOutputCloses, onOutputClosed } from './closedOutput';
import { interruptible } from './interruptible';
import { readStatusRows, resolveRoots } from './statusRows';
import { formatStatusTable, StatusRow } from './statusTable';
import { escapeControl, escapeControlInBlock } from './terminalText';

const USAGE = `Usage:
  meta-gothic status [--root DIR]... [--group NAME] [--json]
                                                  git state and last CI run of every repository
                                                  (--group: only those of a group of the setting
                                                  metaGothic.repos.groups in .vscode/settings.json)
  meta-gothic graphql '<document>' [--variables JSON] [--root DIR]...
                                                  run a GraphQL operation, print the JSON result
  meta-gothic sync [--recursive] [--root DIR]...  check out every submodule that is registered
                                                  but not checked out (--recursive: and theirs)
  meta-gothic packages [--root DIR]... [--json]   npm packages: version, latest on the registry,
                                                  commits since the release tag, needs release,
                                                  workspace packages with an outdated range of it
  meta-gothic sdl                                 print the schema of the graph
  meta-gothic agent run --repo PATH... [--prompt TEXT | --template NAME] [--worktree]
                    [--max-budget-usd N] [--allowed-tools LIST] [--json]
                                                  run Claude in each repository (several: one
                                                  fleet), one progress line per step; exit code:
                                                  0 succeeded, 1 failed, 3 stopped at its budget,
                                                  130 cancelled; Ctrl-C (SIGINT), SIGTERM or SIGHUP
                                                  cancel the runs and exit 130, 143 or 129 (a
                                                  second one exits at once)
  meta-gothic agent list [--json]                 the newest runs of the history
  meta-gothic agent show ID [--json]              one run (ID or its first 8 characters), its
                                                  worktree's changes and its transcript
  meta-gothic agent cancel ID                     cancel a run started by this process's history
  meta-gothic agent merge ID [--merge-commit]     merge a --worktree run into the checked-out
                                                  branch (fast-forward unless --merge-commit)
  meta-gothic agent discard ID                    remove a --worktree run's worktree and branch

Options:
  --root DIR        a folder to look for repositories in (repeatable); default the current folder
  --json            status, packages: print JSON instead of a table
  -h, --help        print this help

Exit codes:
  0  done
  1  the operation failed: the result has errors, a repository could not be read or checked out
  2  usage error: unknown command or option, a --root that is not a readable folder,
     --variables that is not a JSON object, an unknown or invalid --group

Environment:
  GITHUB_TOKEN                 GitHub token for workflow runs
  META_GOTHIC_GITHUB_API_URL   GitHub API URL (GitHub Enterprise), default https://api.github.com
  META_GOTHIC_CLAUDE_PATH      the claude CLI, default \`claude\` on PATH
  npm_config_registry, npm_config_userconfig
                               npm config, read with the .npmrc files as npm reads them`;

/** A usage error: printed with the usage text, exit code 2. */
class UsageError extends Error {}

/**
 * Each `--root` must be a folder this process can read: a typo must not read as "no
 * repositories found" with success.
 */
function checkRoots(roots: readonly string[] | undefined): void {
	for (const root of roots ?? []) {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(root);
		} catch {
			throw new UsageError(`--root ${root}: no such folder`);
		}
		if (!stat.isDirectory()) {
			throw new UsageError(`--root ${root}: not a folder`);
		}
		try {
			fs.accessSync(root, fs.constants.R_OK | fs.constants.X_OK);
		} catch {
			throw new UsageError(`--root ${root}: not readable`);
		}
	}
}

/** The graph commands, loaded on first use. */
function graphCommands(): typeof import('./graphCommands') {
	// In dist/, esbuild.mjs turns this into loading dist/cliGraph.js through a code cache.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('./graphCommands') as typeof import('./graphCommands');
}

/**
 * The group `--group` names. Checked before either path reads a repository, so an unknown or
 * invalid group is the same usage error with or without a token.
 */
async function requireGroup(roots: string[] | undefined, name: string): Promise<RepositoryGroup> {
	// Loaded only for --group: the glob matcher behind groups is not worth evaluating otherwise.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { readRepositoryGroup, RepositoryGroupError } = require('./statusGroup') as typeof import('./statusGroup');
	try {
		return await readRepositoryGroup(resolveRoots(roots), name);
	} catch (err) {
		if (err instanceof RepositoryGroupError) {
			throw new UsageError(`--group: ${err.message}`);
		}
		throw err;
	}
}

async function status(roots: string[] | undefined, json: boolean, groupName: string | undefined): Promise<number> {
	const group = groupName === undefined ? undefined : await requireGroup(roots, groupName);
	// Without a token the graph has no GitHub data to add, and the rows come cheaper from the git
	// model directly, identical to the graph's (see statusRows.ts).
	const { rows, errors }: { rows: StatusRow[]; errors: string[] } = process.env.GITHUB_TOKEN
		? await graphCommands().statusFromGraph(roots, groupName)
		: { rows: await readStatusRows(roots, group), errors: [] };
	if (json) {
		process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
	} else if (rows.length === 0) {
		process.stdout.write(groupName === undefined ? 'No git repositories found.\n' : `No git repositories found in group "${escapeControl(groupName)}".\n`);
	} else {
		process.stdout.write(`${formatStatusTable(rows)}\n`);
	}
	for (const message of errors) {
		process.stderr.write(`error: ${escapeControlInBlock(message)}\n`);
	}
	return errors.length > 0 ? 1 : 0;
}

function parseVariables(variablesJson: string | undefined): Record<string, unknown> | undefined {
	if (variablesJson === undefined) {
		return undefined;
	}
	let variables: unknown;
	try {
		variables = JSON.parse(variablesJson);
	} catch (err) {
		throw new UsageError(`--variables is not valid JSON: ${(err as Error).message}`);
	}
	if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
		throw new UsageError('--variables must be a JSON object');
	}
	return variables as Record<string, unknown>;
}

/** The options `agent` reads. */
interface AgentValues {
	root?: string[];
	repo?: string[];
	prompt?: string;
	template?: string;
	worktree?: boolean;
	'max-budget-usd'?: string;
	'merge-commit'?: boolean;
	'allowed-tools'?: string;
	json?: boolean;
}

/** `meta-gothic agent <subcommand>`. */
function agent(rest: readonly string[], values: AgentValues): Promise<number> {
	const [sub, id] = rest;
	const commands = graphCommands();
	const options = commands.gatewayOptions(values.root);
	const needId = () => {
		if (!id) {
			throw new UsageError(`agent ${sub} needs a run id (see meta-gothic agent list).`);
		}
		return id;
	};
	switch (sub) {
		case 'run': {
			if (!values.repo?.length) {
				throw new UsageError('agent run needs --repo PATH (repeatable).');
			}
			if (!values.prompt === !values.template) {
				throw new UsageError('agent run needs exactly one of --prompt TEXT and --template NAME.');
			}
			const budget = values['max-budget-usd'];
			const maxBudgetUsd = budget === undefined ? undefined : Number(budget);
			if (maxBudgetUsd !== undefined && !(maxBudgetUsd >= 0)) {
				throw new UsageError('--max-budget-usd must be a number of dollars, 0 or more.');
			}
			const repos = values.repo.map((r) => path.resolve(r));
			checkRoots(repos);
			return commands.agentRun(options, { repos, prompt: values.prompt, template: values.template, worktree: values.worktree ?? false,
				maxBudgetUsd,
				allowedTools: values['allowed-tools']?.split(',').map((t) => t.trim()).filter(Boolean),
				json: values.json ?? false,
				onOutputClosed,
			});
		}
		case 'list':
			return commands.agentList(options, values.json ?? false);
		case 'show':
			return commands.agentShow(options, needId(), values.json ?? false);
		case 'cancel':
			return commands.agentCancel(options, needId());
		case 'merge':
			return commands.agentReview(options, needId(), 'merge', values['merge-commit'] ?? false);
		case 'discard':
			return commands.agentReview(options, needId(), 'discard', false);
		default:
			throw new UsageError(`Unknown agent command "${sub ?? ''}" (run, list, show, cancel, merge, discard).`);
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
			group: { type: 'string' },
			recursive: { type: 'boolean', default: false },
			repo: { type: 'string', multiple: true },
			prompt: { type: 'string' },
			template: { type: 'string' },
			worktree: { type: 'boolean', default: false },
			'max-budget-usd': { type: 'string' },
			'merge-commit': { type: 'boolean', default: false },
			'allowed-tools': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	const [command, ...rest] = positionals;
	if (values.help || !command) {
		process.stdout.write(`${USAGE}\n`);
		return command || values.help ? 0 : 2;
	}
	checkRoots(values.root);
	if (values.recursive && command !== 'sync') {
		throw new UsageError('--recursive applies to sync only.');
	}
	if (values.group !== undefined && command !== 'status') {
		// A query names its group itself (`repositories(group: "…")`); ignoring it would mislead.
		throw new UsageError(`--group applies to status only; in a query, pass group: "${values.group}" to repositories, workflowRuns or agentRuns.`);
	}
	switch (command) {
		case 'status':
			return status(values.root, values.json ?? false, values.group);
		case 'graphql': {
			if (!rest[0]) {
				throw new UsageError('graphql needs a document, e.g. meta-gothic graphql \'{ repositories { path } }\'');
			}
			const variables = parseVariables(values.variables);
			return interruptible((signal) => graphCommands().graphql(rest[0]!, variables, values.root, signal));
		}
		case 'sync':
			return interruptible((signal) => graphCommands().sync(values.root, values.recursive ?? false, signal));
		case 'packages':
			return graphCommands().packages(values.root, values.json ?? false);
		case 'sdl':
			return graphCommands().sdl();
		case 'agent':
			return agent(rest, values);
		default:
			throw new UsageError(`Unknown command "${command}".`);
	}
}

if (require.main === module) {
	endQuietlyWhenOutputCloses();
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(err: unknown) => {
			const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
			// A message can quote a path, a group or a repository's error: escaped like any output.
			process.stderr.write(`meta-gothic: ${escapeControlInBlock(err instanceof Error ? err.message : String(err))}\n${usage ? `\n${USAGE}\n` : ''}`);
			process.exitCode = usage ? 2 : 1;
		},
	);
}
