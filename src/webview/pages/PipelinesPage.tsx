import { VscodeTextfield } from '../elements';
import { useQuery, useSubscription } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { WorkflowRunUpdatedSubscription } from '../queries';
import { PipelinesQuery } from './pageQueries';
import { PageErrors } from '../components/PageErrors';
import { RunDetail } from '../pipelines/RunDetail';
import { shipsByPush } from '../pipelines/pushGroups';
import { type RunRow, RunsTable } from '../pipelines/RunsTable';
import { filterRuns, initialFilter, type RunState } from '../../common/runFilters';
import { splitErrors } from './unavailable';

const FILTERS: ReadonlyArray<{ value: RunState; label: string }> = [
	{ value: '', label: 'All' },
	{ value: 'failing', label: 'Failing' },
	{ value: 'running', label: 'Running' },
];

/**
 * The Pipelines page, the control center of every repository's runs: the runs newest first,
 * filtered by outcome, by whether the signed-in account started them, by branch, repository or
 * event; the selected run beside them with its jobs,
 * their steps and durations, a failed step's log, and re-run, re-run failed jobs and cancel.
 * Both re-read whenever GitHub reports a run changed; the selection stays.
 */
export function PipelinesPage({ filter }: { filter: string }) {
	const [{ data, error }, reexecute] = useQuery({ query: PipelinesQuery });
	const [updated] = useSubscription({ query: WorkflowRunUpdatedSubscription });
	// Counts the updates, so the selected run's detail reads again on each one too.
	const [version, setVersion] = useState(0);
	useEffect(() => {
		if (updated.data) {
			reexecute({ requestPolicy: 'network-only' });
			setVersion((v) => v + 1);
		}
	}, [updated.data, reexecute]);
	const [state, setState] = useState<RunState>(() => initialFilter(filter).state);
	const [text, setText] = useState(() => initialFilter(filter).text);
	const [mineOn, setMineOn] = useState(() => initialFilter(filter).mine);
	const [selected, setSelected] = useState<string>();
	useEffect(() => {
		const asked = initialFilter(filter);
		if (asked.state) {setState(asked.state);}
		else if (asked.mine) {setMineOn(true);}
		else if (asked.text) {setText(asked.text);}
	}, [filter]);
	const me = data?.githubViewer?.login ?? null;
	const all = useMemo<RunRow[]>(
		() => (data?.repositories ?? []).flatMap((repo) => (repo.github?.runs ?? []).map((run) => ({ key: `${repo.path}#${run.id}`, repository: repo, run }))).sort((a, b) => b.run.createdAt.localeCompare(a.run.createdAt)),
		[data],
	);
	const rows = useMemo(() => filterRuns(all, { state, text, mine: mineOn ? me : null }), [all, state, text, mineOn, me]);
	const shipOf = useMemo(() => shipsByPush<RunRow>(data?.ships ?? []), [data?.ships]);
	// Kept by key, not by row: a re-read or a filter that hides the run leaves it selected.
	const chosen = all.find((row) => row.key === selected);
	const { notices, fatal } = splitErrors(error);
	return (
		<section data-testid="pipelines">
			<PageErrors unavailable={data && !data.githubStatus.available && (data.githubStatus.reason ?? 'GitHub is not connected.')} notices={notices} fatal={fatal} />
			<div class="toolbar" role="toolbar" aria-label="Filter runs">
				{FILTERS.map((f) => (
					<button key={f.value} class={`chip ${state === f.value ? 'on' : ''}`} aria-pressed={state === f.value} onClick={() => setState(f.value)}>
						{f.label}
					</button>
				))}
				{/* Until GitHub names the signed-in account there is no telling which runs are mine. */}
				<button class={`chip ${mineOn && me ? 'on' : ''}`} aria-pressed={mineOn && me !== null} disabled={me === null} title={me ? `Runs ${me} started or re-ran` : 'Sign in to GitHub to see your runs'} data-testid="filter-mine" onClick={() => setMineOn((on) => !on)}>
					Mine
				</button>
				<VscodeTextfield placeholder="Repository, branch, event or workflow" aria-label="Filter runs by text" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
				{/* Fix with Claude for a failed run is a host command; its button goes next to Re-run failed and posts the command id. */}
			</div>
			<div class={`pipelines-layout ${chosen ? 'with-detail' : ''}`}>
				<div class="runs-list">
					<RunsTable rows={rows} selected={selected} onSelect={setSelected} shipOf={shipOf} />
					{data && rows.length === 0 && <p class="muted">No runs to show.</p>}
				</div>
				{chosen ? <RunDetail repository={chosen.repository.path} runId={chosen.run.id} version={version} /> : rows.length > 0 && <p class="muted run-hint">Select a run to see its jobs and steps.</p>}
			</div>
		</section>
	);
}
