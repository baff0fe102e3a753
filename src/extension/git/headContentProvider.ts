import * as vscode from 'vscode';
import type { GitOperations } from '../../git/operations';

/** URI scheme of read-only documents holding a file as it is at a revision. */
export const GIT_REVISION_SCHEME = 'meta-gothic-git';

/** Builds the URI of `file` (absolute) at `ref` in the repository at `repoPath`. */
export function revisionUri(repoPath: string, file: string, ref = 'HEAD'): vscode.Uri {
	return vscode.Uri.file(file).with({ scheme: GIT_REVISION_SCHEME, query: JSON.stringify({ repo: repoPath, ref }) });
}

/**
 * Serves `git show <ref>:<path>` as read-only documents, the left side of the diff editor for
 * a changed file. A path that does not exist at the revision (a new file) reads as empty.
 */
export class HeadContentProvider implements vscode.TextDocumentContentProvider {
	constructor(private readonly operations: GitOperations) {}

	async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
		const { repo, ref } = JSON.parse(uri.query) as { repo: string; ref: string };
		const relative = uri.fsPath.slice(repo.length + 1).split('\\').join('/');
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		try {
			const content = await this.operations.show(repo, relative, ref, controller.signal);
			return content ? content.toString('utf8') : '';
		} finally {
			cancel.dispose();
		}
	}
}
