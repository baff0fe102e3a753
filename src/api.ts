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
import { GitModel } from './git/model';
import { GitOperations } from './git/operations';
import { Gateway } from './schema/gateway';
import type { AgentRunsSource } from './schema/agentRuns/agentRunsSource';
import type { WorkflowsSource } from './schema/workflows/workflowsSource';
import { UnavailableAgentRuns, UnavailableWorkflows } from './schema/unavailableSources';

export { Gateway } from './schema/gateway';
export type { GraphQLRequest, SubscriptionResult } from './schema/gateway';

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
	/** The `claude` CLI (default: `META_GOTHIC_CLAUDE_PATH` or `claude` on PATH). */
	claudePath?: string;
	/** Read every repository before resolving (default true). */
	scan?: boolean;
	/** Sources to use instead of the built-in ones (embedding and tests). */
	workflows?: WorkflowsSource;
	agentRuns?: AgentRunsSource;
}

/** A gateway that also owns the models behind it; `dispose()` stops them all. */
export interface MetaGothicGraph extends Pick<Gateway, 'execute' | 'subscribe' | 'sdl' | 'schema'> {
	readonly gateway: Gateway;
	readonly git: GitModel;
	dispose(): void;
}

function defaultWorkflows(options: CreateGatewayOptions): WorkflowsSource {
	const token = options.githubToken === undefined ? process.env.GITHUB_TOKEN : options.githubToken;
	if (!token) {
		return new UnavailableWorkflows('GitHub is not connected: set GITHUB_TOKEN to see workflow runs.');
	}
	return new UnavailableWorkflows('GitHub workflow runs are not available in this version of Meta GOTHIC.');
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
	});
	const workflows = options.workflows ?? defaultWorkflows(options);
	const agentRuns = options.agentRuns ?? new UnavailableAgentRuns('Agent runs are not available in this version of Meta GOTHIC.');
	const operations = new GitOperations(git);
	const gateway = new Gateway({ repos: git, repoOperations: operations, workflows, agentRuns });
	if (options.scan !== false) {
		await git.scan();
	}
	return {
		gateway,
		git,
		schema: gateway.schema,
		get sdl() {
			return gateway.sdl;
		},
		execute: (request) => gateway.execute(request),
		subscribe: (request) => gateway.subscribe(request),
		dispose() {
			gateway.dispose();
			operations.dispose();
			git.dispose();
		},
	};
}
