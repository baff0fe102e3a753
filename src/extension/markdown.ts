/**
 * User-controlled text (repository, branch, file, workflow names, prompts) inside Markdown that
 * VS Code renders: every character that Markdown or VS Code's `$(icon)` syntax gives a meaning is
 * escaped, so a name can add no link, image, emphasis or fake icon — it is shown as written.
 * Every tooltip builder passes its data through one of these; none appends it raw.
 */

/** Control characters have no business in a tooltip: they are shown as the escapes they are. */
function visibleControls(text: string, keep: RegExp | null = null): string {
	// eslint-disable-next-line no-control-regex -- matching them is the point
	return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (keep?.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Escapes `text` for a Markdown string that has `supportThemeIcons` on (or not). */
export function escapeMarkdown(text: string): string {
	// `$` goes too: `\$(` is how VS Code spells a literal `$(` where theme icons are on.
	return visibleControls(text).replace(/[\\`*_{}[\]()#+\-.!|<>~$:&]/g, (c) => `\\${c}`);
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
	return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * `text` as an inline code span: its fence is longer than any backtick run inside, so the text
 * cannot close it, and nothing inside is Markdown. Line breaks read as spaces, as in any span.
 * For a MarkdownString without theme icons (a span does not stop `$(…)` everywhere).
 */
export function codeSpan(text: string): string {
	const body = visibleControls(text.replace(/\r?\n/g, ' '));
	const fence = '`'.repeat(longestBacktickRun(body) + 1);
	// A span that starts or ends with a backtick needs a space, which CommonMark strips again.
	const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * `text` as a fenced code block that it cannot close (the fence is longer than any backtick run
 * inside); lines and tabs are kept, other control characters are shown as escapes. For a
 * MarkdownString without theme icons, like {@link codeSpan}.
 */
export function codeBlock(text: string, language = 'text'): string {
	const body = visibleControls(text.replace(/\r\n/g, '\n'), /[\n\t]/);
	const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
	return `\n${fence}${language}\n${body}\n${fence}\n`;
}

/** Escapes each line of `text` on its own and keeps the line breaks (as paragraphs). */
export function escapeMarkdownLines(text: string): string {
	return text.replace(/\r\n/g, '\n').split('\n').map(escapeMarkdown).join('\n\n');
}

/** A `command:` link target with JSON arguments, as a trusted MarkdownString runs it. */
export function commandLink(command: string, args: readonly unknown[] = []): string {
	return `command:${command}${args.length ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;
}
