import { useMutation } from '@urql/preact';
import { memo } from 'preact/compat';
import { useRef, useState } from 'preact/hooks';
import { readFragment } from '../../graphql';
import { PageErrors } from '../components/PageErrors';
import { VscodeButton, VscodeTextarea } from '../elements';
import { codedFailure } from '../pages/codedFailure';
import { AgentRunFields, type AgentRunRow, CancelAgentRunMutation, ResumeAgentRunMutation, RetryAgentRunMutation } from './agentsQueries';
import { isLive, promptSummary, type RunAction, runActions, runFactsText, runMark } from './runFacts';
import { TranscriptView } from './TranscriptView';

/** What the row tells the page. Stable functions, so a row is drawn again only when its run changes. */
export interface RunRowEvents {
	/** Opens or closes the run's transcript. */
	toggle(id: string): void;
	/** A run a mutation answered with: the same run changed (cancel), or a new one (retry, continue), which opens. */
	put(run: AgentRunRow, opened: boolean): void;
}

/** Times each run's row was drawn, by run id; the component tests read it through the page. */
export const agentRowRenders: Record<string, number> = {};

const BUSY: Record<RunAction, string> = { cancel: 'Cancelling…', retry: 'Retrying…', continue: 'Sending…' };

/**
 * One run: its state (icon and word), repository, prompt, cost, turns and duration; Cancel while
 * it runs, Retry and Continue once it ended; opened, its transcript. `now` moves only for a run
 * that is still going, so a finished run's row is not drawn again every second.
 */
export const AgentRunItem = memo(function AgentRunItem({ run, name, now, expanded, events }: { run: AgentRunRow; name: string; now: number; expanded: boolean; events: RunRowEvents }) {
	agentRowRenders[run.id] = (agentRowRenders[run.id] ?? 0) + 1;
	const [, cancel] = useMutation(CancelAgentRunMutation);
	const [, retry] = useMutation(RetryAgentRunMutation);
	const [, resume] = useMutation(ResumeAgentRunMutation);
	const [pending, setPending] = useState<RunAction>();
	const [failure, setFailure] = useState<string>();
	const [following, setFollowing] = useState<string>();
	const followUp = useRef<HTMLElement>(null);
	const mark = runMark(run.status);
	const actions = runActions(run);
	const live = isLive(run);
	const act = async (action: RunAction) => {
		if (pending || !actions.has(action)) {
			return;
		}
		setPending(action);
		setFailure(undefined);
		try {
			const answer = action === 'cancel' ? await cancel({ id: run.id }) : action === 'retry' ? await retry({ id: run.id }) : await resume({ id: run.id, prompt: following?.trim() ?? '' });
			const failed = codedFailure(answer.error);
			const data = answer.data;
			if (failed || !data) {
				setFailure(failed ?? 'No answer from the graph.');
				return;
			}
			if ('cancelAgentRun' in data) {
				events.put(readFragment(AgentRunFields, data.cancelAgentRun), false);
			} else {
				events.put(readFragment(AgentRunFields, 'retryAgentRun' in data ? data.retryAgentRun : data.resumeAgentRun), true);
				setFollowing(undefined);
			}
		} finally {
			setPending(undefined);
		}
	};
	const openFollowUp = () => {
		setFollowing('');
		// The textarea exists after this render.
		requestAnimationFrame(() => followUp.current?.focus());
	};
	const title = `${mark.word} run in ${name}: ${promptSummary(run.prompt)}`;
	return (
		<li class="agent-run" data-testid="agent-run" data-run-id={run.id} data-status={run.status} data-repository={run.repositoryPath}>
			<header>
				<button class="run-toggle" aria-expanded={expanded} aria-controls={`transcript-${run.id}`} aria-label={`${expanded ? 'Hide' : 'Show'} the transcript of the ${title}`} data-testid="agent-run-toggle" onClick={() => events.toggle(run.id)}>
					<span class={`codicon codicon-chevron-${expanded ? 'down' : 'right'}`} aria-hidden="true" />
					<span class={`codicon codicon-${mark.icon}${mark.spin ? ' codicon-modifier-spin' : ''} state ${mark.tone}`} aria-hidden="true" />
					<strong class="run-state">{mark.word}</strong>
					<span class="run-repo">{name}</span>
					<span class="run-prompt muted" title={run.prompt}>
						{promptSummary(run.prompt)}
					</span>
				</button>
				<span class="run-facts muted" data-testid="agent-run-facts">
					{runFactsText(run, now)}
				</span>
				<span class="run-actions" role="group" aria-label={`Actions on the ${title}`}>
					{actions.has('cancel') && (
						<VscodeButton secondary data-testid="agent-cancel" aria-busy={pending === 'cancel'} disabled={pending !== undefined} onClick={() => void act('cancel')}>
							<span class="codicon codicon-debug-stop" aria-hidden="true" /> {pending === 'cancel' ? BUSY.cancel : 'Cancel'}
						</VscodeButton>
					)}
					{actions.has('retry') && (
						<VscodeButton secondary data-testid="agent-retry" aria-busy={pending === 'retry'} disabled={pending !== undefined} title="Run the same prompt again, as a new run" onClick={() => void act('retry')}>
							<span class="codicon codicon-refresh" aria-hidden="true" /> {pending === 'retry' ? BUSY.retry : 'Retry'}
						</VscodeButton>
					)}
					{actions.has('continue') && following === undefined && (
						<VscodeButton secondary data-testid="agent-continue" disabled={pending !== undefined} title="Send a follow-up in the same session" onClick={openFollowUp}>
							<span class="codicon codicon-comment-discussion" aria-hidden="true" /> Continue…
						</VscodeButton>
					)}
				</span>
			</header>
			{/* Opened, the transcript says it where it happened. */}
			{run.error && !expanded && (
				<p class="transcript-error" data-testid="agent-run-error">
					<span class="codicon codicon-error" role="img" aria-label="Error" /> {run.error}
				</p>
			)}
			<PageErrors fatal={failure} />
			{following !== undefined && actions.has('continue') && (
				<form
					class="follow-up"
					data-testid="agent-follow-up"
					onSubmit={(e) => {
						e.preventDefault();
						void act('continue');
					}}
					onKeyDown={(e) => {
						if (e.key === 'Escape') {
							e.preventDefault();
							setFollowing(undefined);
						} else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && following.trim()) {
							e.preventDefault();
							void act('continue');
						}
					}}
				>
					<VscodeTextarea ref={followUp} rows={2} placeholder="What next? (Ctrl+Enter sends, Escape closes)" aria-label={`Follow-up prompt for the ${title}`} value={following} data-testid="agent-follow-up-prompt" onInput={(e) => setFollowing((e.target as HTMLTextAreaElement).value)} />
					<div class="toolbar">
						<VscodeButton data-testid="agent-follow-up-send" disabled={!following.trim() || pending !== undefined} aria-busy={pending === 'continue'} onClick={() => following.trim() && void act('continue')}>
							<span class="codicon codicon-send" aria-hidden="true" /> {pending === 'continue' ? BUSY.continue : 'Send'}
						</VscodeButton>
						<VscodeButton secondary onClick={() => setFollowing(undefined)}>
							Close
						</VscodeButton>
					</div>
				</form>
			)}
			{expanded && <TranscriptView runId={run.id} prompt={run.prompt} status={run.status} live={live} label={`Transcript of the ${title}`} />}
		</li>
	);
});
