/**
 * A run's transcript as Markdown: the prompt, the assistant's text, tool calls and their results
 * folded in `<details>`, and the outcome with its cost. Read-only; for a preview or a document.
 */
import type { StreamEvent } from './streamJson';

/** The run fields the transcript shows (the graph's `AgentRun`). */
export interface TranscriptRun {
	readonly prompt: string;
	readonly status: string;
	readonly repositoryPath: string;
	readonly model?: string | null;
	readonly sessionId?: string | null;
	readonly costUsd?: number | null;
	readonly durationMs?: number | null;
	readonly numTurns?: number | null;
	readonly result?: string | null;
	readonly error?: string | null;
	readonly createdAt?: string | null;
	/** The assistant's text so far; for a running run, it holds the message still being written. */
	readonly output?: string | null;
}

/** Characters of one tool input or result shown; tool output can be whole files. */
const MAX_BLOCK_CHARS = 8000;

function cap(text: string): string {
	return text.length > MAX_BLOCK_CHARS ? `${text.slice(0, MAX_BLOCK_CHARS)}\n… (${text.length - MAX_BLOCK_CHARS} more characters)` : text;
}

/** A code fence longer than any backtick run inside, so content can never close it early. */
export function fence(text: string, language = ''): string {
	const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
	const ticks = '`'.repeat(longest + 1);
	return `${ticks}${language}\n${text}\n${ticks}`;
}

/** Text for HTML contexts (a `<summary>`), where Markdown is not parsed. */
function html(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function oneLine(text: string, max = 100): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function details(summary: string, body: string): string {
	return `<details>\n<summary>${html(summary)}</summary>\n\n${body}\n\n</details>`;
}

function quote(text: string): string {
	return text.split('\n').map((l) => `> ${l}`).join('\n');
}

/** What a tool call is known by: its command, file or pattern, else nothing. */
function toolSubject(input: unknown): string {
	if (typeof input === 'object' && input !== null) {
		const i = input as Record<string, unknown>;
		for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'description']) {
			if (typeof i[key] === 'string') {
				return oneLine(i[key] as string);
			}
		}
	}
	return '';
}

function eventMarkdown(event: StreamEvent): string[] {
	switch (event.type) {
		case 'system':
			if (event.subtype === 'status') {
				return [];
			}
			return event.subtype === 'init'
				? [`_Session started with ${event.model || 'the default model'} in \`${event.cwd}\`._`]
				: [`> ⚠ Retrying the API request (${event.attempt}/${event.maxRetries}${event.errorStatus ? `, HTTP ${event.errorStatus}` : ''}).`];
		case 'assistant':
			return event.content.flatMap((b) => {
				if (b.type === 'text') {
					return event.synthetic ? [`> ⚠ ${b.text}`] : [b.text];
				}
				if (b.type === 'thinking') {
					return [details('Thinking', cap(b.thinking))];
				}
				if (b.type === 'tool_use') {
					const subject = toolSubject(b.input);
					return [details(`Tool: ${b.name}${subject ? ` — ${subject}` : ''}`, fence(cap(JSON.stringify(b.input, null, 2) ?? ''), 'json'))];
				}
				return [];
			});
		case 'user':
			return event.content.flatMap((b) => {
				if (b.type === 'tool_result') {
					return [details(b.isError ? 'Tool error' : 'Tool result', fence(cap(b.content)))];
				}
				return b.type === 'text' ? [quote(b.text)] : [];
			});
		case 'result':
			// The result text repeats the last assistant message; the outcome is shown in the header.
			return event.isError && event.errors?.length ? [fence(event.errors.join('\n'))] : [];
		case 'raw':
			return [fence(cap(event.line))];
		case 'stream_event':
			return [];
	}
}

function outcome(run: TranscriptRun): string {
	const parts = [`**${run.status.charAt(0)}${run.status.slice(1).toLowerCase()}**`];
	if (run.numTurns != null) {
		parts.push(`${run.numTurns} turn${run.numTurns === 1 ? '' : 's'}`);
	}
	if (run.durationMs != null) {
		parts.push(`${(run.durationMs / 1000).toFixed(1)} s`);
	}
	if (run.costUsd != null) {
		parts.push(`$${run.costUsd.toFixed(4)}`);
	}
	if (run.model) {
		parts.push(run.model);
	}
	return parts.join(' · ');
}

/**
 * The text of the message still being written: what the run's output holds past the complete
 * messages of its events. None when the output does not begin with them (its head was cut).
 */
function draftOf(output: string | null | undefined, events: readonly StreamEvent[]): string {
	const said = events.flatMap((e) => (e.type === 'assistant' && !e.synthetic ? e.content.flatMap((b) => (b.type === 'text' && b.text ? [b.text] : [])) : [])).join('\n\n');
	if (!output || !output.startsWith(said)) {
		return '';
	}
	return output.slice(said.length).replace(/^\n\n/, '');
}

/** Renders the transcript of `run` from its stored events, oldest first; a running run's message being written comes last. */
export function renderTranscript(run: TranscriptRun, events: readonly StreamEvent[]): string {
	const name = run.repositoryPath.split(/[\\/]/).filter(Boolean).pop() ?? run.repositoryPath;
	const out = [`# Claude in ${name}`, '', outcome(run), ''];
	if (run.sessionId) {
		out.push(`Session \`${run.sessionId}\`${run.createdAt ? ` · started ${run.createdAt}` : ''}`, '');
	}
	out.push('## Prompt', '', quote(run.prompt), '', '## Transcript', '');
	const body = events.flatMap(eventMarkdown);
	const writing = run.status === 'RUNNING' ? draftOf(run.output, events) : '';
	if (writing) {
		body.push(writing, '_… writing_');
	}
	out.push(...(body.length ? body.flatMap((b) => [b, '']) : ['_Nothing yet._', '']));
	if (run.error) {
		out.push('## Error', '', fence(run.error), '');
	} else if (run.result && run.status === 'SUCCEEDED') {
		out.push('## Result', '', run.result, '');
	}
	return out.join('\n');
}
