/**
 * The Node API: the same graph the extension shows, for scripts and other tools.
 *
 * ```js
 * const { createGateway } = require('meta-gothic/dist/api.js');
 * const graph = await createGateway({ roots: ['/path/to/meta-repo'] });
 * console.log(await graph.execute({ query: '{ repositories { path branch isDirty } }' }));
 * graph.dispose();
 * ```
 */
import * as path from 'node:path';
import { ClaudeAgentRuns, type ClaudeAgentRunsSettings } from './claude/agentRunsModel';
import type { PermissionServerLaunch } from './claude/permissionBridge';
import { defaultAgentRunsDir } from './claude/storageDir';
import { readGroupsSetting } from './git/groupSettings';
import { GitModel } from './git/model';
import { GitOperations } from './git/operations';
import { GitReposOperations } from './git/reposOperations';
import { GitFlowOperations } from './git/flowGit';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from './schema/contracts/flows';
import { GitReleaseHistory } from './git/releaseHistory';
import { GitAgentWorktrees } from './git/agentWorktrees';
import { NpmPackages } from './npm/packagesModel';
import type { LogLevel, LogLines } from './common/logLines';
import { RepositoryGroups } from './common/repositoryGroups';
import type { GitHubTuning } from './github/tokenWorkflows';
import type { GitHubWorkflowsModel } from './github/workflowsModel';
import { Gateway } from './schema/gateway';
import type { AgentRunsSource } from './schema/contracts/agentRuns';
import type { DiagnosticsSource } from './schema/contracts/diagnostics';
import type { PackagesSource } from './schema/contracts/packages';
import type { RepositoryGroupsSource } from './schema/repositoryGroupsSource';
import type { WorkflowsSource } from './schema/contracts/workflows';
import { UnavailableWorkflows } from './schema/unavailableSources';

export { Gateway } from './schema/gateway';
export type { GraphQLRequest, SubscriptionResult } from './schema/gateway';
export type { GitHubTuning } from './github/tokenWorkflows';

/** Options of {@link createGateway}; every one has a default that suits a shell in the meta-repo. */
export interface CreateGatewayOptions {
	/** Folders to look for repositories in (default: the current folder). */
	roots?: string[];
	/** The git executable (default: `git` on PATH). */
	gitPath?: string;
	/** Most git processes at once (default: the number of CPU cores). */
	concurrency?: number;
	/** How deep to look for nested repositories (default 3). */
	maxDepth?: number;
	/** Globs of folders never searched. */
	exclude?: string[];
	/** Extra environment for every git process (e.g. `GIT_CONFIG_GLOBAL`). */
	gitEnv?: Record<string, string>;
	/** GitHub token (default: `GITHUB_TOKEN`). Never logged, never returned by the graph. */
	githubToken?: string | null;
	/** GitHub REST API URL (default: `META_GOTHIC_GITHUB_API_URL` or the public API). */
	githubApiUrl?: string;
	/** GitHub poll intervals and client settings (defaults suit github.com). */
	github?: GitHubTuning;
	/** The `claude` CLI (default: `META_GOTHIC_CLAUDE_PATH` or `claude` on PATH). */
	claudePath?: string;
	// --- Agent runs (Claude) ---
	/** Complete environment of every `claude` process (default: `process.env`). */
	claudeEnv?: NodeJS.ProcessEnv;
	/** Agent runs at once (default 3). */
	claudeConcurrency?: number;
	/**
	 * Folder of the agent run history and event logs (default: `$XDG_CACHE_HOME/meta-gothic/agent-runs/<key of roots>`,
	 * `~/.cache/…` when unset; see `defaultAgentRunsDir`).
	 */
	storageDir?: string;
	/** Isolation, cost caps and prompt templates of agent runs (the CLI reads them from its flags and the roots' settings). */
	claudeSettings?: Pick<ClaudeAgentRunsSettings, 'isolation' | 'dailyBudgetUsd' | 'prompts' | 'defaults' | 'permissionTimeoutSeconds'>;
	/**
	 * How to start the permission prompt server (`dist/permissionPrompt.js`). With it, a tool a run
	 * was not allowed waits in `permissionRequests` for `answerPermissionRequest`; without it the
	 * CLI refuses such tools.
	 */
	claudePermissionServer?: PermissionServerLaunch;
	// --- end agent runs ---
	/**
	 * The environment npm config is read from: `npm_config_registry`, `npm_config_userconfig`,
	 * `${VAR}` in `.npmrc` files (default: `process.env`). Tokens are never logged or returned.
	 */
	npmEnv?: NodeJS.ProcessEnv;
	/** The user `.npmrc` (default: `npm_config_userconfig` or `~/.npmrc`). */
	npmUserConfig?: string;
	/**
	 * Repository groups for the graph's `group` arguments, as the setting `metaGothic.repos.groups`
	 * holds them (default: that setting from each root's `.vscode/settings.json`).
	 */
	repositoryGroups?: Record<string, unknown>;
	/** Read every repository before resolving (default true). */
	scan?: boolean;
	/** Walk the folders with synchronous file-system calls, for a one-shot script (see `GitModelOptions.syncDiscovery`). */
	syncDiscovery?: boolean;
	/** How the gateway runs operations (default `fused`; both answer the same graph, see `schema/fuse.ts`). */
	execution?: 'fused' | 'stitched';
	/** Settings of Fix with Claude and Ship everything (default: `DEFAULT_FLOW_SETTINGS`). */
	flowSettings?: Partial<FlowSettings>;
	/** Sources to use instead of the built-in ones (embedding and tests). */
	workflows?: WorkflowsSource;
	agentRuns?: AgentRunsSource;
	packages?: PackagesSource;
	/** The host's log, for `diagnostics { logLines }` (an embedding host writes its lines there); none when absent. */
	log?: LogLines;
}

/** A gateway that also owns the models behind it; `dispose()` stops them all. */
export interface MetaGothicGraph extends Pick<Gateway, 'execute' | 'subscribe' | 'sdl' | 'schema'> {
	readonly gateway: Gateway;
	readonly git: GitModel;
	/** The GitHub workflows model, when a token was given (pause, resume, watch, poll stats). */
	readonly github: GitHubWorkflowsModel | undefined;
	/** The Claude agent runs, unless another source was given (`whenFinished`, `shutdown`). */
	readonly agentRuns: ClaudeAgentRuns | undefined;
	/** The npm packages model, unless another source was given (request counts, refresh). */
	readonly packages: NpmPackages | undefined;
	dispose(): void;
}

/** The GitHub model when there is a token; without one the graph says how to connect. */
function tokenWorkflows(options: CreateGatewayOptions, git: GitModel): GitHubWorkflowsModel | undefined {
	const token = options.githubToken === undefined ? process.env.GITHUB_TOKEN : options.githubToken;
	if (!token || options.workflows) {
		return undefined;
	}
	const apiUrl = options.githubApiUrl || process.env.META_GOTHIC_GITHUB_API_URL || undefined;
	// Required here, not imported: without a token the GitHub model (its client, the workflow YAML
	// parser) is never loaded, which a one-shot `meta-gothic graphql` would otherwise pay for.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createTokenWorkflows } = require('./github/tokenWorkflows') as typeof import('./github/tokenWorkflows');
	return createTokenWorkflows({ token, apiUrl, repos: git, tuning: options.github });
}

/**
 * The groups the graph narrows to. A settings file that cannot be read fails only the queries
 * that name a group, with the reason, never the whole graph.
 */
async function groupsOf(options: CreateGatewayOptions, roots: readonly string[]): Promise<RepositoryGroupsSource> {
	try {
		const groups = RepositoryGroups.fromSetting(options.repositoryGroups ?? (await readGroupsSetting(roots)), roots);
		return { groups };
	} catch (err) {
		return {
			get groups(): RepositoryGroups {
				throw err;
			},
		};
	}
}

/** Builds the graph over the repositories below `roots` and reads them once. */
export async function createGateway(options: CreateGatewayOptions = {}): Promise<MetaGothicGraph> {
	const roots = (options.roots?.length ? options.roots : [process.cwd()]).map((r) => path.resolve(r));
	const git = new GitModel({
		roots,
		gitPath: options.gitPath,
		concurrency: options.concurrency,
		maxDepth: options.maxDepth,
		exclude: options.exclude,
		env: options.gitEnv,
		syncDiscovery: options.syncDiscovery,
	});
	const github = tokenWorkflows(options, git);
	const workflows = options.workflows ?? github ?? new UnavailableWorkflows('GitHub is not connected: set GITHUB_TOKEN to see workflow runs.');
	const storageDir = options.storageDir ?? defaultAgentRunsDir(roots);
	const agentRuns = options.agentRuns ?? (await ClaudeAgentRuns.open({
		claudePath: options.claudePath || process.env.META_GOTHIC_CLAUDE_PATH || undefined,
		env: options.claudeEnv,
		concurrency: options.claudeConcurrency,
		storageDir,
		git: git.git,
		isRepository: (p) => git.get(p) !== undefined,
		// Worktree isolation through the contract: the Claude adapter never imports git.
		worktrees: new GitAgentWorktrees({ git: git.git, parentDir: path.join(storageDir, 'worktrees'), repositories: () => git.repositories.map((r) => r.path) }),
		templateRoots: () => roots,
		...(options.claudePermissionServer ? { permissionServer: options.claudePermissionServer } : {}),
		...options.claudeSettings,
	}));
	const ownAgentRuns = agentRuns !== options.agentRuns && agentRuns instanceof ClaudeAgentRuns ? agentRuns : undefined;
	const operations = new GitOperations(git);
	const repoOperations = new GitReposOperations(operations);
	// The npm adapter gets its git facts (release tags, commits since them) through the contract, never from src/git itself.
	const ownPackages = options.packages ? undefined : new NpmPackages({ roots: () => roots, history: new GitReleaseHistory(git.git), env: options.npmEnv, userConfig: options.npmUserConfig });
	const packages = options.packages ?? ownPackages;
	const flowSettings: FlowSettings = { ...DEFAULT_FLOW_SETTINGS, ...options.flowSettings };
	const flows = { git: new GitFlowOperations(git, operations), settings: () => flowSettings };
	const log = options.log;
	const diagnostics: DiagnosticsSource = {
		gitProcesses: () => git.git.processStats,
		agentProcessesAlive: () => ownAgentRuns?.processesAlive ?? null,
		...(log ? { logLines: (last: number, level: LogLevel) => log.read(last, level) } : {}),
	};
	const gateway = new Gateway({ repos: git, repoOperations, workflows, agentRuns, packages, repositoryGroups: await groupsOf(options, roots), flows, diagnostics, execution: options.execution });
	if (options.scan !== false) {
		await git.scan();
		// One poll before the first query, so a one-shot caller (the CLI) sees the last CI runs.
		await github?.refresh();
	}
	return {
		gateway,
		git,
		github,
		agentRuns: ownAgentRuns,
		packages: ownPackages,
		schema: gateway.schema,
		get sdl() {
			return gateway.sdl;
		},
		execute: (request, options) => gateway.execute(request, options),
		subscribe: (request) => gateway.subscribe(request),
		dispose() {
			gateway.dispose();
			github?.dispose();
			// Cancels running agents; their final state is written once their processes are gone.
			void ownAgentRuns?.shutdown();
			ownPackages?.dispose();
			repoOperations.dispose();
			operations.dispose();
			git.dispose();
		},
	};
}
