import type { SubschemaConfig } from '@graphql-tools/delegate';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { DiagnosticsSource, LogLevelCode } from '../contracts/diagnostics';
import type { GraphOperationsRecord } from '../graphMetrics';
import { diagnosticsTypeDefs } from './typeDefs';

/** Log lines a query may ask for: what the host keeps. */
export const MAX_LOG_LINES = 200;

/**
 * The diagnostics subschema: the host's figures (from `source`, absent where the graph runs over
 * sources it did not build) and the gateway's own (`graph`). Every figure is read when asked:
 * nothing here polls or keeps state.
 */
export function createDiagnosticsSubschema(source: DiagnosticsSource | undefined, graph: () => GraphOperationsRecord): SubschemaConfig {
	const resolvers = {
		Query: {
			diagnostics: () => ({}),
		},
		Diagnostics: {
			git: () => {
				const stats = source?.gitProcesses();
				return stats ? { processesSpawned: stats.spawned, processesRunning: stats.running, p50Ms: stats.p50Ms, p99Ms: stats.p99Ms } : null;
			},
			graph: () => graph(),
			agents: () => ({ processesAlive: source?.agentProcessesAlive() ?? null }),
			logAvailable: () => source?.logLines !== undefined,
			logLines: (_: unknown, args: { last: number; level: LogLevelCode }) => {
				const last = Math.min(MAX_LOG_LINES, Math.max(0, Math.floor(args.last)));
				return source?.logLines?.(last, args.level) ?? [];
			},
		},
	};
	return { name: 'diagnostics', schema: makeExecutableSchema({ typeDefs: diagnosticsTypeDefs, resolvers }) };
}
