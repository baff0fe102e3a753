import { VscodeButton, VscodeTextarea } from '../elements';
import { useMutation, useQuery, useSubscription } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { AgentRunUpdatedSubscription, AgentsQuery, CancelAgentMutation, ChangesQuery, RetryAgentMutation, StartAgentMutation } from './pageQueries';
import { PageErrors } from '../components/PageErrors';
import { splitErrors } from './unavailable';

const LIVE = new Set(['QUEUED', 'RUNNING']);

/**
 * The Agents page: Claude runs with their output as it streams, cancel and retry, and a prompt
 * box that starts a run in each chosen repository.
 */
export function AgentsPage() {
	const [{ data, error }, reexecute] = useQuery({ query: AgentsQuery });
	const [repos] = useQuery({ query: ChangesQuery });
	const [updated] = useSubscription({ query: AgentRunUpdatedSubscription });
	useEffect(() => {
		if (updated.data) {reexecute({ requestPolicy: 'network-only' });}
	}, [updated.data, reexecute]);
	const [, cancel] = useMutation(CancelAgentMutation);
	const [, retry] = useMutation(RetryAgentMutation);
	const [, start] = useMutation(StartAgentMutation);
	const [prompt, setPrompt] = useState('');
	const [targets, setTargets] = useState<ReadonlySet<string>>(new Set());
	const [startError, setStartError] = useState<string>();
	const { notices, fatal } = splitErrors(error);
	const onStart = async () => {
		setStartError(undefined);
		for (const repository of targets) {
			const answer = await start({ repository, prompt: prompt.trim() });
			if (answer.error) {setStartError(answer.error.message);}
		}
	};
	return (
		<section data-testid="agents">
			<PageErrors unavailable={data && !data.claudeStatus.available && (data.claudeStatus.reason ?? 'Claude is not available.')} notices={notices} fatal={fatal} />
			<form
				class="start"
				onSubmit={(e) => {
					e.preventDefault();
					void onStart();
				}}
			>
				<fieldset>
					<legend>Repositories</legend>
					{(repos.data?.repositories ?? []).map((r) => (
						<label key={r.path}>
							<input type="checkbox" checked={targets.has(r.path)} onChange={(e) => setTargets((s) => ((e.target as HTMLInputElement).checked ? new Set([...s, r.path]) : new Set([...s].filter((p) => p !== r.path))))} /> {r.name}
						</label>
					))}
				</fieldset>
				<VscodeTextarea rows={3} placeholder="What should Claude do?" aria-label="Prompt" value={prompt} data-testid="agent-prompt" onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
				<VscodeButton disabled={!prompt.trim() || targets.size === 0} data-testid="agent-start" onClick={() => void onStart()}>
					Start
				</VscodeButton>
				{startError && <p class="error">{startError}</p>}
			</form>
			{(data?.agentRuns ?? []).map((run) => (
				<article key={run.id} class="agent-run" data-testid="agent-run" data-status={run.status}>
					<header>
						<span class={`codicon codicon-${LIVE.has(run.status) ? 'sync' : run.status === 'SUCCEEDED' ? 'pass' : run.status === 'FAILED' ? 'error' : 'circle-slash'}`} aria-hidden="true" /> <strong>{run.status.toLowerCase()}</strong> {run.repositoryPath.split(/[\\/]/).pop()} · <span class="muted">{run.prompt}</span>
						<span class="muted">
							{run.numTurns != null && ` · ${run.numTurns} turns`}
							{run.costUsd != null && ` · $${run.costUsd.toFixed(4)}`}
							{run.durationMs != null && ` · ${(run.durationMs / 1000).toFixed(1)} s`}
						</span>
						{LIVE.has(run.status) ? (
							<button class="icon" aria-label="Cancel run" title="Cancel" onClick={() => void cancel({ id: run.id })}>
								<span class="codicon codicon-debug-stop" aria-hidden="true" />
							</button>
						) : (
							<button class="icon" aria-label="Retry run" title="Retry" onClick={() => void retry({ id: run.id })}>
								<span class="codicon codicon-refresh" aria-hidden="true" />
							</button>
						)}
					</header>
					{(run.output || run.error) && (
						<pre class={run.error ? 'error' : ''} data-testid="agent-output">
							{run.error ?? run.output}
						</pre>
					)}
				</article>
			))}
		</section>
	);
}
