import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { eventIterator } from '../eventIterator';
import type { GitHubRepositoryInfo, WorkflowRunRecord, WorkflowsSource } from './workflowsSource';

/** Per-request state: the DataLoader lives for one operation so N repositories cost one lookup. */
export interface WorkflowsContext {
	githubLoader?: DataLoader<string, GitHubRepositoryInfo | null>;
}

function assertAvailable(source: WorkflowsSource): void {
	if (source.unavailableReason) {
		throw new GraphQLError(source.unavailableReason, { extensions: { code: 'GITHUB_UNAVAILABLE' } });
	}
}

function loaderFor(source: WorkflowsSource, context: WorkflowsContext): DataLoader<string, GitHubRepositoryInfo | null> {
	context.githubLoader ??= new DataLoader((paths) => source.repositoriesByPath(paths));
	return context.githubLoader;
}

const MAX_FIRST = 100;

function clampFirst(first: number | null | undefined, fallback: number): number {
	if (first == null) {
		return fallback;
	}
	if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
		throw new GraphQLError(`"first" must be between 0 and ${MAX_FIRST}`, { extensions: { code: 'BAD_USER_INPUT' } });
	}
	return first;
}

/** Resolvers of the workflows subschema over a {@link WorkflowsSource}. */
export function createWorkflowsResolvers(source: WorkflowsSource) {
	return {
		Query: {
			workflowRuns: (_: unknown, args: { first?: number | null }) => {
				assertAvailable(source);
				return source.recentRuns(clampFirst(args.first, 20));
			},
			_workflowRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
		},
		Subscription: {
			workflowRunUpdated: {
				subscribe: () => {
					assertAvailable(source);
					return eventIterator(source.onDidChangeRun);
				},
				resolve: (run: WorkflowRunRecord) => run,
			},
		},
		Repository: {
			github: (repo: { path: string }, _: unknown, context: WorkflowsContext) => {
				assertAvailable(source);
				return loaderFor(source, context).load(repo.path);
			},
		},
		RepositoryGitHub: {
			latestRun: (gh: GitHubRepositoryInfo) => source.latestRun(gh.repositoryPath),
			runs: (gh: GitHubRepositoryInfo, args: { first?: number | null; branch?: string | null }) =>
				source.runs(gh.repositoryPath, { first: clampFirst(args.first, 10), branch: args.branch ?? null }),
		},
		WorkflowRun: {
			repository: (run: WorkflowRunRecord) => ({ path: run.repositoryPath }),
		},
	};
}
