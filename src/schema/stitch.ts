import type { SubschemaConfig } from '@graphql-tools/delegate';
import { filterSchema } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { createAgentRunsSubschema } from './agentRuns';
import type { AgentRunsSource } from './contracts/agentRuns';
import type { DiagnosticsSource } from './contracts/diagnostics';
import { createDiagnosticsSubschema } from './diagnostics';
import type { FlowsOptions } from './contracts/flows';
import { createFlowsSubschema, FlowsState } from './flows';
import type { GraphOperationsRecord } from './graphMetrics';
import { createHealthSubschema } from './health';
import { createPackagesSubschema } from './packages';
import type { PackagesSource } from './contracts/packages';
import { createReposSubschema } from './repos';
import type { ReposOperationsProvider } from './repos/reposOperations';
import type { ReposSource } from './contracts/repos';
import type { RepositoryGroupsSource } from './repositoryGroupsSource';
import { createWorkflowsSubschema } from './workflows';
import type { WorkflowsSource } from './contracts/workflows';
import { UnavailablePackages } from './unavailableSources';

/** The domain models the graph reads. */
export interface GraphSources {
	repos: ReposSource;
	/**
	 * Git writes; absent where repositories are read-only. A getter is asked on every mutation
	 * (the extension answers `undefined` while the workspace is untrusted).
	 */
	repoOperations?: ReposOperationsProvider;
	workflows: WorkflowsSource;
	agentRuns: AgentRunsSource;
	/** The npm packages of the repositories; none are listed (with a status saying so) when absent. */
	packages?: PackagesSource;
	/** Repository groups for the `group` arguments; none when absent. */
	repositoryGroups?: RepositoryGroupsSource;
	/** The flows' git and settings (Fix with Claude, Ship everything); the defaults and no git when absent. */
	flows?: FlowsOptions;
	/** The host's own figures (git processes, agent processes, its log); `diagnostics` says less without. */
	diagnostics?: DiagnosticsSource;
}

/** The gateway's own figures, asked when a query reads them; none counted when absent. */
export type GraphFigures = () => GraphOperationsRecord;

const NO_FIGURES: GraphFigures = () => ({ operations: 0, operationsPerMinute: 0, p50Ms: null, p99Ms: null, liveSubscriptions: 0 });

const NOT_CONFIGURED = new UnavailablePackages('Packages are not read by this graph.', 'BAD_USER_INPUT');

/**
 * One subschema per domain, plus health and the flows over all of them. `flows` holds the flows'
 * state (fixes, ships); the caller owns and disposes it. `graph` reports the gateway's own work.
 */
export function createSubschemas(sources: GraphSources, flows: FlowsState, graph: GraphFigures = NO_FIGURES): SubschemaConfig[] {
	return [
		createReposSubschema(sources.repos, sources.repoOperations, sources.repositoryGroups),
		createWorkflowsSubschema(sources.workflows, sources.repositoryGroups),
		createAgentRunsSubschema(sources.agentRuns, sources.repositoryGroups),
		createPackagesSubschema(sources.packages ?? NOT_CONFIGURED, sources.repos, sources.repositoryGroups),
		createHealthSubschema(sources.repos, sources.workflows, sources.agentRuns),
		createFlowsSubschema(flows),
		createDiagnosticsSubschema(sources.diagnostics, graph),
	];
}

/**
 * Stitches the domain subschemas into one graph with type merging: `Repository` (key `path`)
 * comes from the repos subschema and is extended by workflows (`github`), agent runs
 * (`agentRuns`) and packages (`packages`); runs and packages resolve `repository` back to it.
 */
export function createStitchedSchema(sources: GraphSources, flows: FlowsState, graph: GraphFigures = NO_FIGURES): GraphQLSchema {
	// Loaded on first use: the stitching packages are large, and in-process execution (fused.ts)
	// does not need them, so activation should not pay for evaluating them.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { stitchSchemas } = require('@graphql-tools/stitch') as typeof import('@graphql-tools/stitch');
	const stitched = stitchSchemas({ subschemas: createSubschemas(sources, flows, graph) });
	// The `_…ByPath` entry points exist for the stitch's batched merges; hide them from the public
	// graph. Merges call the subschemas directly, so they keep working.
	return filterSchema({ schema: stitched, rootFieldFilter: (_operation, fieldName) => !fieldName.startsWith('_') });
}

/** The stitched SDL, sorted so that it diffs cleanly (what `meta-gothic sdl` prints). */
export function printStitchedSchema(schema: GraphQLSchema): string {
	return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
