import { VscodeTextfield } from '../elements';
import { useMutation, useQuery, useSubscription } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { outcome } from '../components/CiStrip';
import { useShell } from '../pageContext';
import { WorkflowRunUpdatedSubscription } from '../queries';
import { CancelRunMutation, PipelinesQuery, RerunMutation } from './pageQueries';
import { PageErrors } from '../components/PageErrors';
import { splitErrors } from './unavailable';

type Filter = '' | 'failing' | 'running';

const FILTERS: ReadonlyArray<{ value: Filter; label: string }> = [
	{ value: '', label: 'All' },
	{ value: 'failing', label: 'Failing' },
	{ value: 'running', label: 'Running' },
];

/**
 * The Pipelines page: the runs of every repository, newest first, filtered by outcome, branch,
 * repository or event, with cancel, re-run, re-run failed jobs and the log on GitHub.
 */
export function PipelinesPage({ filter }: { filter: string }) {
	const shell = useShell();
	const [{ data, error }, reexecute] = useQuery({ query: PipelinesQuery });
	const [updated] = useSubscription({ query: WorkflowRunUpdatedSubscription });
	useEffect(() => {
		if (updated.data) {reexecute({ requestPolicy: 'network-only' });}
	}, [updated.data, reexecute]);
	const [, cancel] = useMutation(CancelRunMutation);
	const [, rerun] = useMutation(RerunMutation);
	const [state, setState] = useState<Filter>(filter === 'failing' || filter === 'running' ? filter : '');
	const [text, setText] = useState(filter === 'failing' || filter === 'running' ? '' : filter);
	useEffect(() => {
		if (filter === 'failing' || filter === 'running') {setState(filter);}
		else if (filter) {setText(filter);}
	}, [filter]);
	const runs = useMemo(() => {
		const needle = text.trim().toLowerCase();
		return (data?.repositories ?? [])
			.flatMap((repo) => (repo.github?.runs ?? []).map((run) => ({ repo, run })))
			.filter(({ run }) => (state === 'failing' ? run.status === 'COMPLETED' && run.conclusion === 'FAILURE' : state === 'running' ? run.status !== 'COMPLETED' : true))
			.filter(({ repo, run }) => !needle || `${repo.name} ${run.branch ?? ''} ${run.event} ${run.workflowName}`.toLowerCase().includes(needle))
			.sort((a, b) => b.run.createdAt.localeCompare(a.run.createdAt));
	}, [data, state, text]);
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
				<VscodeTextfield placeholder="Repository, branch, event or workflow" aria-label="Filter runs by text" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
				{/* Fix with Claude for a failed run is a host command; its button goes next to Re-run failed and posts the command id. */}
			</div>
			<table>
				<thead>
					<tr>
						<th>Run</th>
						<th>Repository</th>
						<th>Branch</th>
						<th>Event</th>
						<th>Outcome</th>
						<th>
							<span class="visually-hidden">Actions</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{runs.map(({ repo, run }) => (
						<tr key={`${repo.path}#${run.id}`} data-testid="run-row" data-status={run.status} data-conclusion={run.conclusion ?? ''}>
							<td>
								{run.workflowName} #{run.runNumber}
							</td>
							<td>{repo.name}</td>
							<td>{run.branch ?? ''}</td>
							<td>{run.event}</td>
							<td class={`ci ${outcome(run).replace(/ /g, '-')}`}>
								<span class={`codicon codicon-${run.status !== 'COMPLETED' ? 'sync' : run.conclusion === 'SUCCESS' ? 'pass' : run.conclusion === 'FAILURE' ? 'error' : 'circle-slash'}`} aria-hidden="true" /> {outcome(run)}
							</td>
							<td class="actions">
								{run.status !== 'COMPLETED' ? (
									<button class="icon" aria-label={`Cancel run ${run.runNumber}`} title="Cancel" onClick={() => void cancel({ repository: repo.path, runId: run.id })}>
										<span class="codicon codicon-debug-stop" aria-hidden="true" />
									</button>
								) : (
									<>
										<button class="icon" aria-label={`Re-run run ${run.runNumber}`} title="Re-run" onClick={() => void rerun({ repository: repo.path, runId: run.id, failedOnly: false })}>
											<span class="codicon codicon-refresh" aria-hidden="true" />
										</button>
										{run.conclusion === 'FAILURE' && (
											<button class="icon" aria-label={`Re-run failed jobs of run ${run.runNumber}`} title="Re-run failed jobs" onClick={() => void rerun({ repository: repo.path, runId: run.id, failedOnly: true })}>
												<span class="codicon codicon-debug-restart" aria-hidden="true" />
											</button>
										)}
									</>
								)}
								<button class="icon" aria-label={`Open run ${run.runNumber} on GitHub`} title="Open log" onClick={() => shell.action({ kind: 'openUrl', url: run.url })}>
									<span class="codicon codicon-link-external" aria-hidden="true" />
								</button>
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{data && runs.length === 0 && <p class="muted">No runs to show.</p>}
		</section>
	);
}
