import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { AgentRunItem, type RunRowEvents } from '../agents/AgentRunItem';
import type { AgentRunRow } from '../agents/agentsQueries';
import { baseName, isLive } from '../agents/runFacts';
import { StartRunForm } from '../agents/StartRunForm';
import { useAgentRuns } from '../agents/useAgentRuns';
import { PageErrors } from '../components/PageErrors';
import { useNow } from '../pipelines/useNow';
import { saveState, savedState } from '../savedState';
import { splitErrors } from './unavailable';

type Filter = '' | 'running' | 'failed';

const FILTERS: ReadonlyArray<{ value: Filter; label: string }> = [
	{ value: '', label: 'All' },
	{ value: 'running', label: 'Running' },
	{ value: 'failed', label: 'Failed' },
];

function asFilter(filter: string): Filter {
	return filter === 'running' || filter === 'failed' ? filter : '';
}

/** At most this many open transcripts are remembered across a reload: the latest opened. */
const KEPT_OPEN = 100;

/** The runs whose transcripts were open before the page reloaded. */
function openedBefore(): ReadonlySet<string> {
	const saved = savedState().expandedRuns;
	return new Set(Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : []);
}

function matches(run: AgentRunRow, filter: Filter): boolean {
	return filter === 'running' ? isLive(run) : filter === 'failed' ? run.status === 'FAILED' : true;
}

/**
 * The Agents page: a prompt box that starts a run in each chosen repository, then the runs newest
 * first, live, each with its cost, turns and duration, Cancel, Retry and Continue, and opened, its
 * transcript as it streams. A run started here opens by itself; the open ones stay open across a
 * reload of the page.
 */
export function AgentsPage({ filter }: { filter: string }) {
	const { data, error, runs, put } = useAgentRuns();
	const [state, setState] = useState<Filter>(asFilter(filter));
	useEffect(() => setState(asFilter(filter)), [filter]);
	const [expanded, setExpanded] = useState<ReadonlySet<string>>(openedBefore);
	// Kept as the location is, so the transcripts open before a reload are open after it.
	useEffect(() => saveState({ expandedRuns: [...expanded].slice(-KEPT_OPEN) }), [expanded]);
	const events = useMemo<RunRowEvents>(
		() => ({
			toggle: (id) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id]))),
			put: (run, opened) => {
				put(run);
				if (opened) {
					setExpanded((s) => new Set([...s, run.id]));
				}
			},
		}),
		[put],
	);
	const onStarted = useCallback((run: AgentRunRow) => events.put(run, true), [events]);
	const names = useMemo(() => new Map((data?.repositories ?? []).map((r) => [r.path, r.name])), [data]);
	// A submodule that is not checked out has nothing to work on.
	const targets = useMemo(() => (data?.repositories ?? []).filter((r) => r.initialized).map((r) => ({ path: r.path, name: r.name })), [data]);
	const now = useNow(runs.some(isLive));
	const shown = runs.filter((run) => matches(run, state));
	const { notices, fatal } = splitErrors(error);
	const available = data?.claudeStatus.available ?? false;
	return (
		<section data-testid="agents">
			<PageErrors unavailable={data && !available && (data.claudeStatus.reason ?? 'Claude is not available.')} notices={notices} fatal={fatal} />
			<StartRunForm targets={targets} disabled={!available} onStarted={onStarted} />
			<div class="toolbar" role="toolbar" aria-label="Filter runs">
				{FILTERS.map((f) => (
					<button key={f.value} class={`chip ${state === f.value ? 'on' : ''}`} aria-pressed={state === f.value} data-testid={`agent-filter-${f.value || 'all'}`} onClick={() => setState(f.value)}>
						{f.label}
					</button>
				))}
				<span class="muted">
					{runs.filter(isLive).length} running · {runs.length} runs
				</span>
			</div>
			<ul class="agent-runs" aria-label="Agent runs">
				{shown.map((run) => (
					<AgentRunItem key={run.id} run={run} name={names.get(run.repositoryPath) ?? baseName(run.repositoryPath)} now={isLive(run) ? now : 0} expanded={expanded.has(run.id)} events={events} />
				))}
			</ul>
			{data && shown.length === 0 && <p class="muted">{runs.length === 0 ? 'No agent runs yet: write a prompt, choose repositories and Start.' : 'No runs match this filter.'}</p>}
		</section>
	);
}
