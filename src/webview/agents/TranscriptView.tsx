import { memo } from 'preact/compat';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { PageErrors } from '../components/PageErrors';
import { runMark } from './runFacts';
import { type DraftKind, partialToolInputSummary, type ToolResult, type TranscriptItem } from './transcript';
import { useTranscript } from './useTranscript';

/** Items drawn at first; earlier ones come on request, so a long run opens at once. */
const SHOWN_ITEMS = 200;

function inputText(input: unknown): string {
	return typeof input === 'string' ? input : (JSON.stringify(input, null, 2) ?? '');
}

function ResultMark({ result, live }: { result: ToolResult | undefined; live: boolean }) {
	if (!result) {
		return live ? <span class="codicon codicon-loading codicon-modifier-spin state running" role="img" aria-label="running" title="running" /> : null;
	}
	return result.isError ? <span class="codicon codicon-error state failure" role="img" aria-label="failed" title="failed" /> : <span class="codicon codicon-check state success" role="img" aria-label="done" title="done" />;
}

/** A tool call folded to its name and input; opened, its input and its result (drawn only when open). */
const ToolCall = memo(function ToolCall({ item, live }: { item: Extract<TranscriptItem, { kind: 'tool' }>; live: boolean }) {
	const [open, setOpen] = useState(false);
	return (
		<li class="tool-call" data-testid="agent-tool" data-tool={item.name} data-state={item.result ? (item.result.isError ? 'error' : 'done') : 'pending'}>
			<details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
				<summary>
					<span class="codicon codicon-tools" aria-hidden="true" /> <strong>{item.name}</strong> <span class="muted tool-summary">{item.summary}</span> <ResultMark result={item.result} live={live} />
				</summary>
				{open && (
					<div class="tool-body">
						<h4>Input</h4>
						<pre data-testid="agent-tool-input">{inputText(item.input)}</pre>
						<h4>Result</h4>
						{item.result ? (
							<pre class={item.result.isError ? 'error' : ''} data-testid="agent-tool-result">
								{item.result.text || '(empty)'}
							</pre>
						) : (
							<p class="muted">{live ? 'Waiting for the tool…' : 'No result was recorded.'}</p>
						)}
					</div>
				)}
			</details>
		</li>
	);
});

/** One item; text is always a text node, never HTML. */
const Entry = memo(function Entry({ item, live }: { item: TranscriptItem; live: boolean }) {
	switch (item.kind) {
		case 'text':
			return (
				<li class="assistant-text" data-testid="agent-text">
					{item.text}
				</li>
			);
		case 'thinking':
			return (
				<li class="thinking">
					<details>
						<summary class="muted">
							<span class="codicon codicon-lightbulb" aria-hidden="true" /> Thinking
						</summary>
						<p class="muted">{item.text}</p>
					</details>
				</li>
			);
		case 'tool':
			return <ToolCall item={item} live={live} />;
		case 'error':
			return (
				<li class="transcript-error" data-testid="agent-error">
					<span class="codicon codicon-error" role="img" aria-label="Error" /> {item.text}
				</li>
			);
		case 'note':
			return (
				<li class="muted">
					<span class="codicon codicon-info" aria-hidden="true" /> {item.text}
				</li>
			);
		case 'finished':
			return (
				<li class="muted" data-testid="agent-finished">
					<span class="codicon codicon-pass" aria-hidden="true" /> {item.text}
				</li>
			);
	}
});

/** The block still streaming in, drawn as its kind: text as it comes, thinking, or the tool call being written. */
function DraftEntry({ draft, drafting }: { draft: string; drafting: DraftKind }) {
	switch (drafting.kind) {
		case 'text':
			return (
				<li class="assistant-text streaming" data-testid="agent-text">
					{draft}
				</li>
			);
		case 'thinking':
			return (
				<li class="thinking streaming" data-testid="agent-thinking-draft">
					<span class="muted">
						<span class="codicon codicon-lightbulb" aria-hidden="true" /> Thinking…
					</span>
					<p class="muted">{draft}</p>
				</li>
			);
		case 'tool':
			return (
				<li class="tool-call streaming" data-testid="agent-tool-draft" data-tool={drafting.name}>
					<span class="codicon codicon-tools" aria-hidden="true" /> <strong>{drafting.name}</strong> <span class="muted tool-summary">{partialToolInputSummary(draft)}</span>{' '}
					<span class="codicon codicon-loading codicon-modifier-spin state running" role="img" aria-label="being written" title="being written" />
				</li>
			);
	}
}

/**
 * A run's transcript, live while it runs: the prompt, then what Claude said, each tool call
 * folded and what went wrong. Stays scrolled to the end while the reader is there.
 */
export function TranscriptView({ runId, prompt, status, live, label }: { runId: string; prompt: string; status: string; live: boolean; label: string }) {
	const { transcript, failure } = useTranscript(runId, live);
	const [showAll, setShowAll] = useState(false);
	const box = useRef<HTMLDivElement>(null);
	const atEnd = useRef(true);
	const { items, draft, drafting } = transcript;
	const hidden = showAll ? 0 : Math.max(0, items.length - SHOWN_ITEMS);
	// A run stopped before the CLI reported its end (cancelled, interrupted) says how it ended.
	const last = items.at(-1)?.kind;
	const ending = !live && last !== 'finished' && last !== 'error' ? runMark(status) : undefined;
	useLayoutEffect(() => {
		const el = box.current;
		if (el && atEnd.current) {
			el.scrollTop = el.scrollHeight;
		}
	}, [items, draft]);
	return (
		<div class="transcript" id={`transcript-${runId}`}>
			<PageErrors fatal={failure} />
			<div
				ref={box}
				class="transcript-items"
				role="log"
				aria-label={label}
				data-testid="agent-transcript"
				onScroll={(e) => {
					const el = e.currentTarget as HTMLElement;
					atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
				}}
			>
				<ol>
					<li class="prompt">
						<span class="codicon codicon-account" role="img" aria-label="Prompt" /> {prompt}
					</li>
					{hidden > 0 && (
						<li>
							<button class="link" onClick={() => setShowAll(true)}>
								Show {hidden} earlier {hidden === 1 ? 'entry' : 'entries'}
							</button>
						</li>
					)}
					{items.slice(hidden).map((item) => (
						<Entry key={item.key} item={item} live={live} />
					))}
					{draft && <DraftEntry draft={draft} drafting={drafting} />}
					{ending && (
						<li class="muted" data-testid="agent-ended">
							<span class={`codicon codicon-${ending.icon}`} aria-hidden="true" /> {ending.word[0]!.toUpperCase() + ending.word.slice(1)}
						</li>
					)}
					{live && items.length === 0 && !draft && (
						<li class="muted">
							<span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Waiting for Claude…
						</li>
					)}
				</ol>
			</div>
		</div>
	);
}
