import { GraphQLError } from 'graphql';
import { eventIterator } from '../eventIterator';
import type { AgentRunEventRecord, AgentRunOptions, AgentRunRecord, AgentRunsSource } from './agentRunsSource';

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

function iso(ms: number | null): string | null {
	return ms == null ? null : new Date(ms).toISOString();
}

/** Resolvers of the agent runs subschema over an {@link AgentRunsSource}. */
export function createAgentRunsResolvers(source: AgentRunsSource) {
	return {
		Query: {
			// Reading history needs no `claude` binary, so these never report the runner unavailable.
			agentRuns: (_: unknown, args: { first?: number | null }) => source.list(Math.max(0, Math.min(args.first ?? 50, 500))),
			agentRun: (_: unknown, args: { id: string }) => source.get(args.id) ?? null,
			_agentRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
		},
		Mutation: {
			startAgentRun: (_: unknown, args: { repository: string; prompt: string; options?: AgentRunOptions | null }) => {
				assertAvailable(source);
				if (!args.prompt.trim()) {
					throw new GraphQLError('The prompt is empty', { extensions: { code: 'BAD_USER_INPUT' } });
				}
				return source.start(args.repository, args.prompt, args.options ?? undefined);
			},
			cancelAgentRun: (_: unknown, args: { id: string }) => {
				requireRun(source, args.id);
				return source.cancel(args.id);
			},
			retryAgentRun: (_: unknown, args: { id: string }) => {
				assertAvailable(source);
				requireRun(source, args.id);
				return source.retry(args.id);
			},
			resumeAgentRun: (_: unknown, args: { id: string; prompt: string }) => {
				assertAvailable(source);
				requireRun(source, args.id);
				return source.resume(args.id, args.prompt);
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
		},
		AgentRunEvent: {
			at: (e: AgentRunEventRecord) => new Date(e.at).toISOString(),
		},
	};
}
