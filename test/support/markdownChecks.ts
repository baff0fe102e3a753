/** Checks on Markdown that VS Code renders, for the tooltip tests: what syntax is still live. */

/** What is left of Markdown once every backslash escape is taken out: the live syntax. */
export function liveSyntax(markdown: string): string {
	return markdown.replace(/\\[\s\S]/g, '');
}

/** Text a workflow `name:`, a branch or a folder can carry to dress up a tooltip. */
export const HOSTILE = 'CI [click me](https://evil.example/x) ![pixel](https://evil.example/p.png) $(verified) <img src=x> **bold** `code` #h _i_ ~s~ | a | https://evil.example &amp; \u001b[2J';

/** How many times `pattern` occurs outside backslash escapes (escaped characters count as gone). */
export function liveCount(markdown: string, pattern: string): number {
	return liveSyntax(markdown).split(pattern).length - 1;
}
