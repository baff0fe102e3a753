import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Disposable } from '../../common/lifecycle';
import type { AgentRunsSource } from '../contracts/agentRuns';
import { DEFAULT_FLOW_SETTINGS, type FlowsOptions } from '../contracts/flows';
import type { ReposSource } from '../contracts/repos';
import type { WorkflowsSource } from '../contracts/workflows';
import { operationsGetter, type ReposOperationsProvider } from '../repos/reposOperations';
import { eventIterator } from '../eventIterator';
import { PushWatch } from './pushWatch';
import { Shipments, type ShipRecord, type ShipRowRecord } from './shipments';
import { flowsTypeDefs } from './typeDefs';
import { WorkflowFixes, type WorkflowFixRecord } from './workflowFixes';

export { WorkflowFixes, fixBranchName } from './workflowFixes';
export type { WorkflowFixRecord, WorkflowFixStatus, FixCheckout } from './workflowFixes';
export { Shipments } from './shipments';
export { renderFixPrompt, FIX_PROMPT_PLACEHOLDERS } from './fixPrompt';
export { failingStepTail, stripAnsi } from './logTail';

/** What the flows read and drive: every domain, and the flows' own git and settings. */
export interface FlowsSources {
	repos: ReposSource;
	repoOperations?: ReposOperationsProvider;
	workflows: WorkflowsSource;
	agentRuns: AgentRunsSource;
	flows?: FlowsOptions;
}

/** The state of the flows of one graph: its fixes and ships, and the pushes whose runs GitHub will start. Disposing it stops following runs. */
export class FlowsState extends Disposable {
	readonly fixes: WorkflowFixes;
	readonly ships: Shipments;

	constructor(sources: FlowsSources) {
		super();
		const operations = operationsGetter(sources.repoOperations);
		const settings = sources.flows?.settings ?? (() => DEFAULT_FLOW_SETTINGS);
		this.fixes = this._register(new WorkflowFixes({ repos: sources.repos, workflows: sources.workflows, agentRuns: sources.agentRuns, operations, git: sources.flows?.git, settings }));
		this.ships = this._register(new Shipments(sources.repos, sources.workflows, operations));
		this._register(new PushWatch(sources.repos, sources.workflows));
	}
}

interface OperationContext {
	signal?: AbortSignal;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The flows subschema over a {@link FlowsState}: it extends nothing and resolves `repository` by path. */
export function createFlowsSubschema(state: FlowsState): SubschemaConfig {
	const { fixes, ships } = state;
	const resolvers = {
		Query: {
			workflowFix: (_: unknown, args: { id: string }) => fixes.get(args.id) ?? null,
			workflowFixes: () => fixes.list(),
			ship: (_: unknown, args: { id: string }) => ships.get(args.id) ?? null,
			ships: () => ships.list(),
			_flowRepositoriesByPath: (_: unknown, args: { paths: string[] }) => args.paths.map((path) => ({ path })),
		},
		Mutation: {
			fixWorkflowRun: (_: unknown, args: { runId: string; repository?: string | null; workingDirectory?: string | null; start?: boolean | null }, ctx: OperationContext) =>
				fixes.fix({ runId: args.runId, repository: args.repository, workingDirectory: args.workingDirectory, start: args.start ?? true }, ctx.signal),
			continueWorkflowFix: (_: unknown, args: { id: string; prompt: string }) => fixes.continueFix(args.id, args.prompt),
			cancelWorkflowFix: (_: unknown, args: { id: string }) => fixes.cancel(args.id),
			discardWorkflowFix: (_: unknown, args: { id: string }, ctx: OperationContext) => fixes.discard(args.id, ctx.signal),
			acceptWorkflowFix: (_: unknown, args: { id: string; message: string; push?: boolean | null }, ctx: OperationContext) => fixes.accept(args.id, args.message, args.push ?? true, ctx.signal),
			shipRepositories: (_: unknown, args: { commits: Array<{ repository: string; message: string }>; push?: boolean | null }, ctx: OperationContext) =>
				ships.ship(args.commits, { push: args.push ?? true, signal: ctx.signal }),
		},
		Subscription: {
			workflowFixUpdated: {
				subscribe: (_: unknown, args: { id?: string | null }) => eventIterator(fixes.onDidChangeFix, { filter: (f) => args.id == null || f.id === args.id }),
				resolve: (fix: WorkflowFixRecord) => fix,
			},
			shipUpdated: {
				subscribe: (_: unknown, args: { id: string }) => eventIterator(ships.onDidChangeShip, { filter: (s) => s.id === args.id }),
				resolve: (ship: ShipRecord) => ship,
			},
		},
		WorkflowFix: {
			repository: (fix: WorkflowFixRecord) => ({ path: fix.repositoryPath }),
			followUpRuns: (fix: WorkflowFixRecord) => fixes.followUpRuns(fix),
			createdAt: (fix: WorkflowFixRecord) => iso(fix.createdAt),
		},
		Ship: {
			createdAt: (ship: ShipRecord) => iso(ship.createdAt),
		},
		ShipRow: {
			repository: (row: ShipRowRecord) => ({ path: row.repositoryPath }),
			ci: (row: ShipRowRecord) => ships.ciOf(row),
			runs: (row: ShipRowRecord) => ships.runsOf(row),
		},
	};
	return {
		name: 'flows',
		schema: makeExecutableSchema({ typeDefs: flowsTypeDefs, resolvers }),
		merge: {
			Repository: {
				selectionSet: '{ path }',
				fieldName: '_flowRepositoriesByPath',
				key: ({ path }: { path: string }) => path,
				argsFromKeys: (paths: readonly string[]) => ({ paths }),
			},
		},
	};
}
