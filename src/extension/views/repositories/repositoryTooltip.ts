/**
 * The Markdown of a repository row's tooltip. No `vscode` import, so it is unit-tested under
 * Node. Name, path, upstream and error are the repository's own text (a cloned folder, a branch,
 * git's output quoting them): each is escaped, so none can add a link or an image.
 */
import { escapeMarkdown, escapeMarkdownLines } from '../../markdown';
import { packagesTooltip } from './packageInfo';
import type { ViewRepository } from './repositoriesQuery';

/** Name and kind, path, upstream, one line per package, and the error if it could not be read. */
export function repositoryTooltip(repo: ViewRepository): string {
	return [
		`**${escapeMarkdown(repo.name)}** (${repo.kind.toLowerCase()})`,
		escapeMarkdown(repo.path),
		repo.upstream ? `upstream ${escapeMarkdown(repo.upstream)}` : 'no upstream',
		...packagesTooltip(repo),
		repo.error ? escapeMarkdownLines(repo.error) : '',
	]
		.filter(Boolean)
		.join('\n\n');
}
