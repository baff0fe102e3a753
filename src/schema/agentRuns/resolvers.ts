import { GraphQLError } from 'graphql';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, RepositoryGroupsSource } from '../repositoryGroupsSource';
import {
	AgentRunsSourceError, type AgentRunEventRecord, type AgentRunOptions, type AgentRunRecord, type AgentRunsSource, type CommitMessageSuggestionRecord,
} from './agentRunsSource';

function assertAvailable(source: AgentRunsSource): void {
	if (source.unavailableReason) {
		throw new GraphQLError(source.unavailableReason, { extensions: { code: 'CLAUDE_UNAVAILABLE' } });
	}
}

function requireRun(source: AgentRunsSource, id: string): AgentRunRecord {
	const run = source.get(id);
	if (!run) {
		throw new GraphQLError(`No agent run ${id}`, { extensions: { code: 'NOT_FOUND' } });
	}
	return run;
}

/** Gives a source's refusal its code; other errors pass unchanged. */
async function coded<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (err) {
		throw err instanceof AgentRunsSourceError ? new GraphQLError(err.message, { extensions: { code: err.code } }) : err;
	}
}

/** Per-request context the gateway passes: the caller's cancellation. */
interface OperationContext {
	signal?: AbortSignal;
}

function iso(ms: number | null): string | null {
	return ms == null ? null : new Date(ms).toISOString();
}

/** Resolvers of the agent runs subschema over an {@link AgentRunsSource}. */
export function createAgentRunsResolvers(source: AgentRunsSource, groups: RepositoryGroupsSource = NO_REPOSITORY_GROUPS) {
	return {
		Query: {
			// Reading history needs no `claude` binary, so these never report the runner unavailable.
			agentRuns: (_: unknown, args: { first?: number | null; group?: string | null }) => {
				const first = Math.max(0, Math.min(args.first ?? 50, 500));
				if (args.group == null) {
					return source.list(first);
				}
				// The group's runs may be older than the newest `first`: filter the whole history, then cut.
				return narrowToGroup(groups, source.list(Number.MAX_SAFE_INTEGER), args.group, (run) => run.repositoryPath).slice(0, first);
			},
			agentRun: (_: unknown, args: { id: string }) => source.get(args.id) ?? null,
			_agentRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
		},
		Mutation: {
			startAgentRun: (_: unknown, args: { repository: string; prompt: string; options?: AgentRunOptions | null }) => {
				assertAvailable(source);
				if (!args.prompt.trim()) {
					throw new GraphQLError('The prompt is empty', { extensions: { code: 'BAD_USER_INPUT' } });
				}
				return coded(source.start(args.repository, args.prompt, args.options ?? undefined));
			},
			cancelAgentRun: (_: unknown, args: { id: string }) => {
				requireRun(source, args.id);
				return coded(source.cancel(args.id));
			},
			retryAgentRun: (_: unknown, args: { id: string }) => {
				assertAvailable(source);
				requireRun(source, args.id);
				return coded(source.retry(args.id));
			},
			resumeAgentRun: (_: unknown, args: { id: string; prompt: string }) => {
				assertAvailable(source);
				requireRun(source, args.id);
				if (!args.prompt.trim()) {
					throw new GraphQLError('The prompt is empty', { extensions: { code: 'BAD_USER_INPUT' } });
				}
				return coded(source.resume(args.id, args.prompt));
			},
			generateCommitMessages: (_: unknown, args: { paths: string[] }, ctx: OperationContext) => {
				assertAvailable(source);
				return coded(source.generateCommitMessages(args.paths, ctx.signal));
			},
		},
		Subscription: {
			agentRunEvents: {
				subscribe: (_: unknown, args: { id: string }) => {
					requireRun(source, args.id);
					return eventIterator(source.onDidReceiveEvent, { filter: (e) => e.runId === args.id });
				},
				resolve: (e: AgentRunEventRecord) => e,
			},
			agentRunUpdated: {
				subscribe: () => eventIterator(source.onDidChangeRun),
				resolve: (run: AgentRunRecord) => run,
			},
		},
		Repository: {
			agentRuns: (repo: { path: string }) => source.forRepository(repo.path),
		},
		AgentRun: {
			parent: (run: AgentRunRecord) => (run.parentId ? source.get(run.parentId) ?? null : null),
			createdAt: (run: AgentRunRecord) => iso(run.createdAt),
			startedAt: (run: AgentRunRecord) => iso(run.startedAt),
			finishedAt: (run: AgentRunRecord) => iso(run.finishedAt),
			events: (run: AgentRunRecord) => source.events(run.id),
			repository: (run: AgentRunRecord) => ({ path: run.repositoryPath }),
			output: (run: AgentRunRecord) => run.output ?? null,
		},
		CommitMessageSuggestion: {
			repository: (s: CommitMessageSuggestionRecord) => ({ path: s.repositoryPath }),
			run: (s: CommitMessageSuggestionRecord) => (s.runId ? source.get(s.runId) ?? null : null),
		},
		AgentRunEvent: {
			at: (e: AgentRunEventRecord) => new Date(e.at).toISOString(),
		},
	};
}
