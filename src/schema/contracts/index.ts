/**
 * The domain contracts: what each adapter (git, GitHub, Claude, the npm registry) provides to
 * the graph, and the one coded error they fail with. Imports no adapter; adapters and the graph
 * both import it, so neither knows the other.
 */
export * from './sourceError';
export * from './repos';
export * from './workflows';
export * from './agentRuns';
export * from './packages';
export * from './flows';
export * from './diagnostics';
