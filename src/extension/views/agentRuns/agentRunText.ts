/** Short forms of an agent run's prompt and output, for its row, its fleet's row and its tooltip. */

/** The first line of a prompt, cut to fit a tree row. */
export function promptSummary(prompt: string, max = 60): string {
	const line = prompt.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last `count` lines of `text`, without trailing blank ones. */
export function lastLines(text: string, count: number): string {
	return text.trim().split('\n').slice(-count).join('\n');
}
