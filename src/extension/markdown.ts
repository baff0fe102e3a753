/**
 * User-controlled text (repository, branch, file, workflow names, prompts) inside Markdown that
 * VS Code renders: every character that Markdown or VS Code's `$(icon)` syntax gives a meaning is
 * escaped, so a name can add no link, image, emphasis or fake icon — it is shown as written.
 */

/** Escapes `text` for a Markdown string that has `supportThemeIcons` on (or not). */
export function escapeMarkdown(text: string): string {
	// Control characters have no business in a tooltip: show them as the escapes they are.
	// eslint-disable-next-line no-control-regex -- matching them is the point
	const visible = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return visible.replace(/[\\`*_{}[\]()#+\-.!|<>~$:&]/g, (c) => `\\${c}`);
}

/** A `command:` link target with JSON arguments, as a trusted MarkdownString runs it. */
export function commandLink(command: string, args: readonly unknown[] = []): string {
	return `command:${command}${args.length ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;
}
