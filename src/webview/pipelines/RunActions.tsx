import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { PageErrors } from '../components/PageErrors';
import { VscodeButton } from '../elements';
import { useShell } from '../pageContext';
import { codedFailure } from '../pages/codedFailure';
import { CancelRunMutation, RerunMutation, type RunDetail } from '../pages/pageQueries';
import { applicableActions, type RunAction } from './runState';

const BUTTONS: ReadonlyArray<{ action: RunAction; label: string; busy: string; icon: string }> = [
	{ action: 'rerun', label: 'Re-run', busy: 'Re-running…', icon: 'refresh' },
	{ action: 'rerunFailed', label: 'Re-run failed jobs', busy: 'Re-running failed jobs…', icon: 'debug-restart' },
	{ action: 'cancel', label: 'Cancel', busy: 'Cancelling…', icon: 'debug-stop' },
];

/**
 * The selected run's writes: re-run, re-run failed jobs and cancel, each enabled only while GitHub
 * accepts it, showing its progress and, when GitHub refuses, the coded error. Mount one per run
 * (a `key`), so a pending write or an error never shows on another run.
 */
export function RunActions({ repository, run, onDone }: { repository: string; run: RunDetail; onDone: () => void }) {
	const shell = useShell();
	const [, cancel] = useMutation(CancelRunMutation);
	const [, rerun] = useMutation(RerunMutation);
	const [pending, setPending] = useState<RunAction>();
	const [failure, setFailure] = useState<string>();
	const applicable = applicableActions(run);
	const act = async (action: RunAction) => {
		setPending(action);
		setFailure(undefined);
		try {
			const answer = action === 'cancel' ? await cancel({ repository, runId: run.id }) : await rerun({ repository, runId: run.id, failedOnly: action === 'rerunFailed' });
			const failed = codedFailure(answer.error);
			if (failed) {
				setFailure(failed);
			} else {
				onDone();
			}
		} finally {
			setPending(undefined);
		}
	};
	return (
		<>
			<div class="toolbar" role="toolbar" aria-label={`Actions on run ${run.runNumber}`}>
				{BUTTONS.map(({ action, label, busy, icon }) => {
					// One write at a time: GitHub would refuse a cancel racing a re-run anyway.
					const enabled = applicable.has(action) && pending === undefined;
					return (
						<VscodeButton
							key={action}
							secondary={action !== 'rerunFailed'}
							disabled={!enabled}
							aria-disabled={!enabled}
							aria-busy={pending === action}
							data-testid={`run-${action}`}
							onClick={() => enabled && void act(action)}
						>
							<span class={`codicon codicon-${pending === action ? 'loading codicon-modifier-spin' : icon}`} aria-hidden="true" /> {pending === action ? busy : label}
						</VscodeButton>
					);
				})}
				<VscodeButton secondary data-testid="run-open" onClick={() => shell.action({ kind: 'openUrl', url: run.url })}>
					<span class="codicon codicon-link-external" aria-hidden="true" /> Open on GitHub
				</VscodeButton>
			</div>
			<PageErrors fatal={failure} />
		</>
	);
}
