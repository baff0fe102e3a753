import { useQuery } from '@urql/preact';
import { useEffect } from 'preact/hooks';
import { outcome } from '../components/CiStrip';
import { PageErrors } from '../components/PageErrors';
import { useShell } from '../pageContext';
import { RunDetailQuery, type RunDetail as Run } from '../pages/pageQueries';
import { splitErrors } from '../pages/unavailable';
import { durationText } from './duration';
import { RunActions } from './RunActions';
import { isFailed } from './runState';
import { StateIcon } from './StateIcon';
import { useNow } from './useNow';

type Job = Run['jobs'][number];

/**
 * The selected run: its actions, then each job with its state and duration and the job's steps,
 * a failed step with the action that opens its job's log. Reads again whenever `version` moves
 * (a run changed on GitHub) or a write on it succeeded.
 */
export function RunDetail({ repository, runId, version }: { repository: string; runId: string; version: number }) {
	const [{ data, error, fetching }, reexecute] = useQuery({ query: RunDetailQuery, variables: { repository, runId } });
	const refresh = () => reexecute({ requestPolicy: 'network-only' });
	useEffect(() => {
		if (version > 0) {
			reexecute({ requestPolicy: 'network-only' });
		}
	}, [version, reexecute]);
	const run = data?.repository?.github?.run;
	const { notices, fatal } = splitErrors(error);
	const running = (run?.jobs ?? []).some((job) => job.status !== 'COMPLETED');
	const now = useNow(running);
	return (
		<aside class="run-detail" data-testid="run-detail" data-run-id={runId} data-status={run?.status ?? ''} data-conclusion={run?.conclusion ?? ''} aria-label={run ? `Run ${run.workflowName} #${run.runNumber}` : 'Selected run'}>
			<PageErrors notices={notices} fatal={fatal} />
			{run ? (
				<>
					<header>
						<h2>
							<StateIcon state={run} /> {run.workflowName} #{run.runNumber}
						</h2>
						<p class="muted">
							{[data?.repository?.name, run.branch, run.event, outcome(run)].filter(Boolean).join(' · ')}
						</p>
					</header>
					<RunActions key={`${repository}#${run.id}`} repository={repository} run={run} onDone={refresh} />
					{run.jobs.length === 0 ? (
						<p class="muted">{run.status === 'COMPLETED' ? 'This run has no jobs.' : 'No jobs have started yet.'}</p>
					) : (
						<ul class="jobs" aria-label="Jobs">
							{run.jobs.map((job) => (
								<JobItem key={job.id} repository={repository} job={job} now={now} />
							))}
						</ul>
					)}
				</>
			) : (
				data && !fetching && !fatal && <p class="muted">GitHub no longer has this run.</p>
			)}
		</aside>
	);
}

function JobItem({ repository, job, now }: { repository: string; job: Job; now: number }) {
	const shell = useShell();
	const failed = isFailed(job);
	return (
		<li class="job" data-testid="run-job" data-name={job.name} data-status={job.status} data-conclusion={job.conclusion ?? ''}>
			{/* A failed or running job opens by itself: that is where a person looks first. */}
			<details open={failed || job.status !== 'COMPLETED'}>
				<summary>
					<StateIcon state={job} /> <span class="name">{job.name}</span> <span class="muted duration">{durationText(job, now)}</span>
				</summary>
				<ol class="steps" aria-label={`Steps of ${job.name}`}>
					{job.steps.map((step) => (
						<li key={step.number} class="step" data-testid="run-step" data-name={step.name} data-status={step.status} data-conclusion={step.conclusion ?? ''}>
							<StateIcon state={step} /> <span class="name">{step.name}</span> <span class="muted duration">{durationText(step, now)}</span>
							{isFailed(step) && (
								<button class="link" data-testid="show-log" aria-label={`Show the log of ${job.name}, where ${step.name} failed`} onClick={() => shell.action({ kind: 'openJobLog', repository, jobId: job.id, jobName: job.name })}>
									Show log
								</button>
							)}
						</li>
					))}
				</ol>
			</details>
		</li>
	);
}
