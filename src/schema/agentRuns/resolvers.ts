import type {
	AgentFleetRecord, AgentMergeMode, AgentRepositoryUsageRecord, AgentRunEventRecord, AgentRunOptions, AgentRunRecord, AgentRunsSource, AgentRunWorktreeRecord,
	CommitMessageSuggestionRecord, PermissionDecisionValue, PermissionRequestRecord, StoredWorktreeRecord,
} from '../contracts/agentRuns';
import { SourceError } from '../contracts/sourceError';
import { eventIterator } from '../eventIterator';
import { narrowToGroup, NO_REPOSITORY_GROUPS, RepositoryGroupsSource } from '../repositoryGroupsSource';

/** Refuses to start anything while runs cannot start, with the status's own code (CLI_MISSING, UNTRUSTED…). */
function assertAvailable(source: AgentRunsSource): void {
	if (!source.unavailableReason) {
		return;
	}
	const status = source.status();
	throw new SourceError('CLAUDE', status.code ?? 'CLI_FAILED', status.reason ?? source.unavailableReason);
}

function requireRun(source: AgentRunsSource, id: string): AgentRunRecord {
	const run = source.get(id);
	if (!run) {
		throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent run ${id}`);
	}
	return run;
}

function requirePrompt(prompt: string): void {
	if (!prompt.trim()) {
		throw new SourceError('CLAUDE', 'BAD_USER_INPUT', 'The prompt is empty');
	}
}

function requireFleet(source: AgentRunsSource, id: string): AgentFleetRecord {
	const fleet = source.fleet(id);
	if (!fleet) {
		throw new SourceError('CLAUDE', 'NOT_FOUND', `No agent fleet ${id}`);
	}
	return fleet;
}

/** The prompt arguments of the start mutations. */
interface PromptArgs {
	prompt?: string | null;
	template?: string | null;
	variables?: { name: string; value: string }[] | null;
	options?: AgentRunOptions | null;
}

function promptInput(args: PromptArgs) {
	return { prompt: args.prompt ?? null, template: args.template ?? null, variables: args.variables ?? null };
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
			claudeStatus: () => source.status(),
			_agentRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
			agentFleets: (_: unknown, args: { first?: number | null }) => source.fleets(Math.max(0, Math.min(args.first ?? 20, 200))),
			agentFleet: (_: unknown, args: { id: string }) => source.fleet(args.id) ?? null,
			agentUsage: () => source.usage(),
			agentWorktrees: () => source.storedWorktrees(),
			promptTemplates: () => source.promptTemplates(),
			permissionRequests: () => source.permissions?.requests() ?? [],
		},
		Mutation: {
			startAgentRun: (_: unknown, args: { repository: string } & PromptArgs) => {
				assertAvailable(source);
				if (!args.template) {
					requirePrompt(args.prompt ?? '');
					return source.start(args.repository, args.prompt ?? '', args.options ?? undefined);
				}
				return source.startFrom(args.repository, promptInput(args), args.options ?? undefined);
			},
			startAgentFleet: (_: unknown, args: { repositories: string[] } & PromptArgs) => {
				assertAvailable(source);
				if (!args.template) {
					requirePrompt(args.prompt ?? '');
				}
				return source.startFleet(args.repositories, promptInput(args), args.options ?? undefined);
			},
			cancelAgentFleet: (_: unknown, args: { id: string }) => {
				requireFleet(source, args.id);
				return source.cancelFleet(args.id);
			},
			retryAgentFleet: (_: unknown, args: { id: string }) => {
				assertAvailable(source);
				requireFleet(source, args.id);
				return source.retryFleet(args.id);
			},
			mergeAgentRun: (_: unknown, args: { id: string; mode?: AgentMergeMode | null }) => {
				requireRun(source, args.id);
				return source.mergeRun(args.id, args.mode ?? 'FAST_FORWARD');
			},
			keepAgentRunBranch: (_: unknown, args: { id: string }) => {
				requireRun(source, args.id);
				return source.keepRunBranch(args.id);
			},
			discardAgentRun: (_: unknown, args: { id: string }) => {
				requireRun(source, args.id);
				return source.discardRun(args.id);
			},
			cleanAgentWorktrees: () => source.cleanWorktrees(),
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
				requirePrompt(args.prompt);
				return source.resume(args.id, args.prompt);
			},
			generateCommitMessages: (_: unknown, args: { paths: string[] }, ctx: OperationContext) => {
				assertAvailable(source);
				return source.generateCommitMessages(args.paths, ctx.signal);
			},
			answerPermissionRequest: (_: unknown, args: { id: string; decision: PermissionDecisionValue }) => {
				if (!source.permissions) {
					throw new SourceError('CLAUDE', 'NOT_FOUND', 'This permission request was already answered, timed out, or its run ended.');
				}
				return source.permissions.answer(args.id, args.decision);
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
			permissionRequestsChanged: {
				subscribe: () => eventIterator(source.permissions?.onDidChangeRequests ?? (() => ({ dispose: () => undefined }))),
				resolve: (requests: readonly PermissionRequestRecord[]) => requests,
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
			isolation: (run: AgentRunRecord) => run.isolation ?? 'IN_PLACE',
			worktree: (run: AgentRunRecord) => (run.worktree ? { ...run.worktree, runId: run.id } : null),
			fleet: (run: AgentRunRecord) => (run.fleetId ? source.fleet(run.fleetId) ?? null : null),
		},
		AgentRunWorktree: {
			changes: (w: AgentRunWorktreeRecord & { runId: string }) => source.worktreeChanges(w.runId),
			diff: (w: AgentRunWorktreeRecord & { runId: string }) => source.worktreeDiff(w.runId),
		},
		AgentFleet: {
			createdAt: (f: AgentFleetRecord) => new Date(f.createdAt).toISOString(),
			runs: (f: AgentFleetRecord) => f.runIds.map((id) => source.get(id)).filter((r): r is AgentRunRecord => r !== undefined),
		},
		AgentRepositoryUsage: {
			repository: (u: AgentRepositoryUsageRecord) => ({ path: u.repositoryPath }),
		},
		StoredWorktree: {
			run: (w: StoredWorktreeRecord) => (w.runId ? source.get(w.runId) ?? null : null),
		},
		CommitMessageSuggestion: {
			repository: (s: CommitMessageSuggestionRecord) => ({ path: s.repositoryPath }),
			run: (s: CommitMessageSuggestionRecord) => (s.runId ? source.get(s.runId) ?? null : null),
		},
		AgentPermissionRequest: {
			run: (r: PermissionRequestRecord) => source.get(r.runId) ?? null,
			repository: (r: PermissionRequestRecord) => ({ path: r.repositoryPath }),
			requestedAt: (r: PermissionRequestRecord) => new Date(r.requestedAt).toISOString(),
		},
		AgentRunEvent: {
			at: (e: AgentRunEventRecord) => new Date(e.at).toISOString(),
		},
	};
}
