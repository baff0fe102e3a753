import DataLoader from 'dataloader';
import { SourceError } from '../contracts/sourceError';
import type { DispatchResultRecord, GitHubRepositoryInfo, WorkflowRecord, WorkflowRunRecord, WorkflowsSource } from '../contracts/workflows';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, RepositoryGroupsSource } from '../repositoryGroupsSource';

/** Per-request state: the DataLoader lives for one operation so N repositories cost one lookup. */
export interface WorkflowsContext {
	githubLoader?: DataLoader<string, GitHubRepositoryInfo | null>;
}

/** Refuses a GitHub field while GitHub cannot be used, with the status's own code (SIGNED_OUT, RATE_LIMITED…). */
function assertAvailable(source: WorkflowsSource): void {
	if (!source.unavailableReason) {
		return;
	}
	const status = source.status();
	throw new SourceError('GITHUB', status.code ?? 'GITHUB_FAILED', status.reason ?? source.unavailableReason, status.retryAt ? { retryAt: new Date(status.retryAt) } : {});
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
		throw new SourceError('GITHUB', 'BAD_USER_INPUT', `"first" must be between 0 and ${MAX_FIRST}`);
	}
	return first;
}

/** `[{ name, value }]` as a record, refusing a name given twice (GitHub would keep one silently). */
function inputRecord(inputs: ReadonlyArray<{ name: string; value: string }> | null | undefined): Record<string, string> {
	const record: Record<string, string> = {};
	for (const { name, value } of inputs ?? []) {
		if (Object.hasOwn(record, name)) {
			throw new SourceError('GITHUB', 'BAD_USER_INPUT', `Input '${name}' is given twice.`);
		}
		record[name] = value;
	}
	return record;
}

/** Resolvers of the workflows subschema over a {@link WorkflowsSource}. */
export function createWorkflowsResolvers(source: WorkflowsSource, groups: RepositoryGroupsSource = NO_REPOSITORY_GROUPS) {
	return {
		Query: {
			workflowRuns: (_: unknown, args: { first?: number | null; group?: string | null }) => {
				assertAvailable(source);
				const first = clampFirst(args.first, 20);
				if (args.group == null) {
					return source.recentRuns(first);
				}
				// The group's runs may be older than the newest `first`: filter every cached run, then cut.
				return narrowToGroup(groups, source.recentRuns(Number.MAX_SAFE_INTEGER), args.group, (run) => run.repositoryPath).slice(0, first);
			},
			githubStatus: () => source.status(),
			// Null rather than an error while GitHub cannot be used: githubStatus says why.
			githubViewer: () => (source.unavailableReason ? null : source.viewer()),
			workflowJobLog: (_: unknown, args: { repository: string; jobId: string }) => {
				assertAvailable(source);
				return source.jobLog(args.repository, args.jobId);
			},
			_workflowRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
		},
		Mutation: {
			dispatchWorkflow: (_: unknown, args: { repository: string; workflow: string; ref?: string | null; inputs?: Array<{ name: string; value: string }> | null }) => {
				assertAvailable(source);
				const inputs = inputRecord(args.inputs);
				return source.dispatch(args.repository, { workflow: args.workflow, ref: args.ref ?? null, inputs });
			},
			cancelWorkflowRun: (_: unknown, args: { repository: string; runId: string }) => {
				assertAvailable(source);
				return source.cancelRun(args.repository, args.runId);
			},
			rerunWorkflowRun: (_: unknown, args: { repository: string; runId: string; failedOnly?: boolean | null }) => {
				assertAvailable(source);
				return source.rerunRun(args.repository, args.runId, { failedOnly: args.failedOnly === true });
			},
		},
		Subscription: {
			workflowRunUpdated: {
				subscribe: (_: unknown, args: { repository?: string | null }) => {
					assertAvailable(source);
					return eventIterator(source.onDidChangeRun, { filter: (run) => !args.repository || run.repositoryPath === args.repository });
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
			runs: (gh: GitHubRepositoryInfo, args: { first?: number | null; branch?: string | null }) => {
				const first = clampFirst(args.first, 10);
				return source.runs(gh.repositoryPath, { first, branch: args.branch ?? null });
			},
			run: (gh: GitHubRepositoryInfo, args: { id: string }) => source.run(gh.repositoryPath, args.id),
			workflows: (gh: GitHubRepositoryInfo) => source.workflows(gh.repositoryPath),
			error: (gh: GitHubRepositoryInfo) => gh.error ?? null,
		},
		Workflow: {
			dispatchInputs: (workflow: WorkflowRecord) => source.dispatchInputs(workflow.repositoryPath, workflow.path),
		},
		WorkflowRun: {
			repository: (run: WorkflowRunRecord) => ({ path: run.repositoryPath }),
			jobs: (run: WorkflowRunRecord) => source.jobs(run.repositoryPath, run.id),
		},
		WorkflowDispatchResult: {
			repository: (result: DispatchResultRecord) => ({ path: result.repositoryPath }),
		},
	};
}
