import { useMutation } from '@urql/preact';
import { memo } from 'preact/compat';
import { useMemo, useState } from 'preact/hooks';
import { readFragment } from '../../graphql';
import { VscodeButton, VscodeCheckbox, VscodeTextarea, VscodeTextfield } from '../elements';
import { codedFailure } from '../pages/codedFailure';
import { AgentRunFields, type AgentRunRow, StartAgentRunMutation } from './agentsQueries';

/** A repository a run can start in. */
export interface StartTarget {
	readonly path: string;
	readonly name: string;
}

/** Past this many repositories the list gets a filter box. */
const FILTER_FROM = 8;

/**
 * The prompt box and the repositories to run it in: Start begins one run per chosen repository
 * (each queued by the extension's concurrency). Ctrl+Enter in the prompt starts too; Escape
 * clears the prompt, and a second Escape the choice of repositories.
 */
export const StartRunForm = memo(function StartRunForm({ targets, disabled, onStarted }: { targets: readonly StartTarget[]; disabled: boolean; onStarted: (run: AgentRunRow) => void }) {
	const [, start] = useMutation(StartAgentRunMutation);
	const [prompt, setPrompt] = useState('');
	const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
	const [filter, setFilter] = useState('');
	const [starting, setStarting] = useState(false);
	const [failures, setFailures] = useState<readonly string[]>([]);
	const shown = useMemo(() => {
		const needle = filter.trim().toLowerCase();
		return needle ? targets.filter((t) => t.name.toLowerCase().includes(needle)) : targets;
	}, [targets, filter]);
	// A repository that left the workspace is not started in, even if it was ticked.
	const picked = targets.filter((t) => chosen.has(t.path));
	const ready = !disabled && !starting && prompt.trim() !== '' && picked.length > 0;
	const onStart = async () => {
		if (!ready) {
			return;
		}
		setStarting(true);
		setFailures([]);
		try {
			const text = prompt.trim();
			const answers = await Promise.all(picked.map(async (target) => ({ target, answer: await start({ repository: target.path, prompt: text }) })));
			const failed: string[] = [];
			for (const { target, answer } of answers) {
				if (answer.data?.startAgentRun) {
					onStarted(readFragment(AgentRunFields, answer.data.startAgentRun));
				} else {
					failed.push(`${target.name}: ${codedFailure(answer.error) ?? 'the run did not start'}`);
				}
			}
			setFailures(failed);
			if (failed.length === 0) {
				setPrompt('');
			}
		} finally {
			setStarting(false);
		}
	};
	const toggle = (path: string, on: boolean) => setChosen((s) => (on ? new Set([...s, path]) : new Set([...s].filter((p) => p !== path))));
	return (
		<form
			class="start-run"
			aria-label="Start a run"
			data-testid="agent-start-form"
			onSubmit={(e) => {
				e.preventDefault();
				void onStart();
			}}
			onKeyDown={(e) => {
				if (e.key === 'Escape') {
					e.preventDefault();
					if (prompt) {
						setPrompt('');
					} else {
						setChosen(new Set());
						setFilter('');
					}
					setFailures([]);
				} else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
					e.preventDefault();
					void onStart();
				}
			}}
		>
			<VscodeTextarea rows={3} placeholder="What should Claude do? (Ctrl+Enter starts, Escape clears)" aria-label="Prompt for the new runs" value={prompt} data-testid="agent-prompt" onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
			<fieldset class="start-targets" data-testid="agent-targets">
				<legend>
					Repositories <span class="muted">({picked.length} selected)</span>
				</legend>
				<div class="target-tools">
					{targets.length > FILTER_FROM && <VscodeTextfield placeholder="Filter repositories" aria-label="Filter repositories" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />}
					<button type="button" class="link" data-testid="agent-targets-all" disabled={shown.length === 0} onClick={() => setChosen((s) => new Set([...s, ...shown.map((t) => t.path)]))}>
						{filter.trim() ? 'Select the shown' : 'Select all'}
					</button>
					<button type="button" class="link" data-testid="agent-targets-none" disabled={chosen.size === 0} onClick={() => setChosen(new Set())}>
						Clear
					</button>
				</div>
				<div class="target-list">
					{shown.map((t) => (
						<VscodeCheckbox key={t.path} label={t.name} checked={chosen.has(t.path)} data-testid="agent-target" data-path={t.path} onChange={(e) => toggle(t.path, (e.target as HTMLInputElement).checked)} />
					))}
					{targets.length === 0 && <p class="muted">No repository to run in.</p>}
				</div>
			</fieldset>
			<div class="toolbar">
				<VscodeButton disabled={!ready} aria-disabled={!ready} aria-busy={starting} data-testid="agent-start" onClick={() => void onStart()}>
					<span class={`codicon codicon-${starting ? 'loading codicon-modifier-spin' : 'play'}`} aria-hidden="true" /> {starting ? 'Starting…' : picked.length > 1 ? `Start ${picked.length} runs` : 'Start'}
				</VscodeButton>
			</div>
			{failures.map((line) => (
				<p key={line} class="error" role="alert" data-testid="agent-start-error">
					{line}
				</p>
			))}
		</form>
	);
});
