import type { DiagnosticsData } from './pageQueries';

/** One line of the Diagnostics page's figures table. */
export interface Figure {
	/** Stable name, for tests and keys. */
	id: string;
	name: string;
	value: string;
	/** Said next to the value with a warning icon (never by colour alone), e.g. a budget running low. */
	warning?: string;
}

/** Below this share of a budget the page warns, as the poller starts spreading what is left. */
const LOW_BUDGET = 0.1;

function count(n: number): string {
	return n.toLocaleString('en-US');
}

/** A duration in ms: a decimal below 10 ms, where in-process operations live. */
export function formatMs(ms: number | null | undefined): string {
	if (ms === null || ms === undefined) {
		return '—';
	}
	if (ms < 10) {
		return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
	}
	return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The poller's interval in words. */
export function formatInterval(seconds: number | null, paused: boolean, available: boolean): string {
	if (paused) {
		return 'paused (the window is not focused)';
	}
	if (seconds === null) {
		return available ? 'not polling' : 'not polling: GitHub is not available';
	}
	if (seconds < 60) {
		return `every ${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.round(seconds)} s`;
	}
	return `every ${(Math.round(seconds / 6) / 10).toString()} min`;
}

function clock(iso: string): string {
	const at = new Date(iso);
	return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** The figures of the extension's own work, in the order the page lists them. */
export function diagnosticsFigures(data: DiagnosticsData): Figure[] {
	const { githubStatus: github, diagnostics } = data;
	const figures: Figure[] = [];
	if (github.rateLimits.length === 0) {
		figures.push({ id: 'github-budget', name: 'GitHub API budget', value: github.available ? 'not known yet: GitHub has not answered' : 'not known: GitHub is not connected' });
	}
	for (const limit of github.rateLimits) {
		const low = limit.remaining <= limit.limit * LOW_BUDGET;
		figures.push({
			id: `github-budget-${limit.resource}`,
			name: `GitHub API budget (${limit.resource === 'core' ? 'REST' : limit.resource})`,
			value: `${count(limit.used)} used, ${count(limit.remaining)} left of ${count(limit.limit)} this hour; full again at ${clock(limit.resetAt)}`,
			...(low ? { warning: 'running low: polling slows down' } : {}),
		});
	}
	figures.push({ id: 'github-poll', name: 'GitHub polling', value: formatInterval(github.pollIntervalSeconds ?? null, github.paused, github.available) });
	const git = diagnostics.git;
	figures.push(
		git
			? { id: 'git-processes', name: 'Git processes', value: `${count(git.processesSpawned)} spawned, ${count(git.processesRunning)} running` }
			: { id: 'git-processes', name: 'Git processes', value: 'not counted here' },
	);
	if (git) {
		figures.push({ id: 'git-duration', name: 'Git process duration', value: `p50 ${formatMs(git.p50Ms)}, p99 ${formatMs(git.p99Ms)}` });
	}
	const graph = diagnostics.graph;
	figures.push(
		{ id: 'graph-operations', name: 'Graph operations', value: `${count(graph.operationsPerMinute)} per minute, ${count(graph.operations)} in all` },
		{ id: 'graph-duration', name: 'Graph operation duration', value: `p50 ${formatMs(graph.p50Ms)}, p99 ${formatMs(graph.p99Ms)}` },
		{ id: 'graph-subscriptions', name: 'Live subscriptions', value: count(graph.liveSubscriptions) },
		{ id: 'agent-processes', name: 'Agent processes alive', value: diagnostics.agents.processesAlive === null || diagnostics.agents.processesAlive === undefined ? 'not counted here' : count(diagnostics.agents.processesAlive) },
	);
	return figures;
}
