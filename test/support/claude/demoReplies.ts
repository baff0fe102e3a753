/**
 * How the Messages API stand-in answers in `npm run demo` and the UI tier, where no test scripts
 * the replies: commit-message prompts get a message that names the changed files; a Fix with
 * Claude prompt writes {@link FIX_FILE}, a {@link WRITE_FILE_PROMPT} the file it names; a
 * {@link PERMISSION_MARKER_PROMPT} asks for Bash (a tool runs are not allowed, so it goes to the
 * permission inbox); a {@link KEEP_WORKING_PROMPT} runs until it is cancelled; any other
 * prompt reads the repository's README with the Read tool, then streams a short answer slowly
 * enough to watch it arrive. A prompt that ends in {@link heldUntilMarker} holds that answer
 * until a test opens the gate it names, so the test sees the first turn without racing the second.
 */
import * as path from 'node:path';
import type { MessagesRequestBody } from './messagesStandIn';
import { blocksReply, type ScriptedReply, stalledReply, textReply } from './scriptedReplies';

interface ContentPart {
	readonly type?: string;
	readonly text?: string;
}

function userText(body: MessagesRequestBody): string {
	const first = body.messages?.find((m) => m.role === 'user');
	if (!first) {
		return '';
	}
	if (typeof first.content === 'string') {
		return first.content;
	}
	// The CLI adds context parts (dates, skills) wrapped in <system-reminder>; the prompt is the rest.
	const texts = (first.content as ContentPart[]).filter((p) => p.type === 'text').map((p) => p.text ?? '');
	return texts.find((t) => !t.trimStart().startsWith('<system-reminder>')) ?? texts.join('\n');
}

function hasToolResult(body: MessagesRequestBody): boolean {
	return (body.messages ?? []).some((m) => Array.isArray(m.content) && (m.content as ContentPart[]).some((p) => p.type === 'tool_result'));
}

/** The working directory the CLI announces in its system prompt, if it does. */
function workingDirectory(body: MessagesRequestBody): string | undefined {
	const system = JSON.stringify(body.system ?? '');
	return /working directory: ([^\\"]+)/i.exec(system)?.[1]?.trim();
}

/** The file a Fix with Claude run of the demo writes. */
export const FIX_FILE = 'cache.config.js';

/** A commit message for the files listed under "Changed files:" in a commit-message prompt. */
export function demoCommitMessage(prompt: string): string {
	const list = prompt.split('\nChanged files:\n')[1]?.split('\n\n')[0] ?? '';
	const files = [...list.matchAll(/^- ([^:\n]+): /gm)].map((m) => m[1]);
	const [first, ...rest] = files;
	if (!first) {
		return 'Update the project';
	}
	const subject = rest.length === 0 ? `Update ${path.basename(first)}` : `Update ${path.basename(first)} and ${rest.length} more file${rest.length === 1 ? '' : 's'}`;
	return `${subject}\n\nTouches ${files.join(', ')}.`;
}

/** `Create the permission marker <path>`: the run asks to `touch <path>` with Bash. */
export const PERMISSION_MARKER_PROMPT = 'Create the permission marker';

/** `Write the file <name>`: the run writes `<name>` in its working directory with the Write tool. */
export const WRITE_FILE_PROMPT = 'Write the file';

/** What a {@link WRITE_FILE_PROMPT} run writes into its file. */
export const WRITTEN_CONTENT = 'Written by the agent.\n';

/**
 * A prompt starting so keeps its run going until it is cancelled: the reply sends its first words
 * and then holds the connection, so a test can cancel a run without racing its end.
 */
export const KEEP_WORKING_PROMPT = 'Keep working until cancelled';

/**
 * Appended to a prompt: its run's second turn waits until the stand-in's gate `gate` opens
 * (a POST to `/_stand-in/gates/<gate>`).
 */
export function heldUntilMarker(gate: string): string {
	return ` [held until ${gate}]`;
}

/** The gate a prompt's {@link heldUntilMarker} names. */
function heldUntil(prompt: string): string | undefined {
	return /\[held until ([\w-]+)\]/.exec(prompt)?.[1];
}

/** The stand-in's responder for the demo (see the module comment). */
export function demoResponder(body: MessagesRequestBody): ScriptedReply {
	const prompt = userText(body);
	if (prompt.startsWith('Write a git commit message')) {
		return textReply(demoCommitMessage(prompt), { delayMs: 20, chunkSize: 16 });
	}
	if (prompt.startsWith(KEEP_WORKING_PROMPT)) {
		return stalledReply('Working on it');
	}
	if (prompt.startsWith(PERMISSION_MARKER_PROMPT)) {
		const marker = prompt.slice(PERMISSION_MARKER_PROMPT.length).trim();
		return hasToolResult(body) ? textReply('Marker step done.') : blocksReply([{ type: 'tool_use', name: 'Bash', input: { command: `touch '${marker}'`, description: 'Create the marker' } }]);
	}
	const cwd = workingDirectory(body);
	if (prompt.startsWith(WRITE_FILE_PROMPT) && cwd) {
		const file = prompt.slice(WRITE_FILE_PROMPT.length).trim();
		return hasToolResult(body) ? textReply(`Wrote ${file}.`) : blocksReply([{ type: 'tool_use', name: 'Write', input: { file_path: path.join(cwd, file), content: WRITTEN_CONTENT } }]);
	}
	if (prompt.startsWith('The GitHub Actions workflow') && cwd) {
		// A Fix with Claude prompt: one edit, then a short answer, so there is a fix to review.
		if (!hasToolResult(body)) {
			return blocksReply([
				{ type: 'text', text: 'The cache connection times out on the CI runner: give it longer.' },
				{ type: 'tool_use', name: 'Write', input: { file_path: path.join(cwd, FIX_FILE), content: 'module.exports = { cacheConnectTimeoutMs: 10000 };\n' } },
			]);
		}
		return textReply(`Raised the cache connection timeout in ${FIX_FILE}.`, { delayMs: 20, chunkSize: 16 });
	}
	if (!hasToolResult(body) && cwd) {
		return blocksReply([
			{ type: 'text', text: 'Let me look at the repository first.' },
			{ type: 'tool_use', name: 'Read', input: { file_path: path.join(cwd, 'README.md') } },
		]);
	}
	const answer = [
		`I read the README of ${cwd ? path.basename(cwd) : 'this repository'}.`,
		'',
		`You asked: "${prompt.slice(0, 120)}"`,
		'',
		'This answer comes from the local Messages API stand-in used by the demo, streamed a few characters at a time so you can watch it arrive in the Agent Runs view.',
	].join('\n');
	return textReply(answer, { delayMs: 60, chunkSize: 12, heldUntil: heldUntil(prompt) });
}
