/**
 * The review of a fix's edits: each changed file in VS Code's diff editor, the checkout's HEAD
 * (the run's commit) on the left and the agent's version on the right, like a changed file of
 * the Repositories view.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { revisionUri } from '../git/headContentProvider';
import type { ViewFix } from './fixQueries';

/** Opens one diff editor per changed file (a deleted file shows as it was); returns the files opened. */
export async function showFixDiffs(fix: Pick<ViewFix, 'workingDirectory' | 'changedPaths' | 'workflowName' | 'runNumber'>): Promise<vscode.Uri[]> {
	const root = fix.workingDirectory;
	if (!root) {
		return [];
	}
	const opened: vscode.Uri[] = [];
	for (const relative of fix.changedPaths) {
		const file = vscode.Uri.file(path.join(root, ...relative.split('/')));
		const before = revisionUri(root, file.fsPath, 'HEAD');
		const exists = await vscode.workspace.fs.stat(file).then(
			() => true,
			() => false,
		);
		if (exists) {
			// Not a preview: each file keeps its tab, so the whole fix stays open while the user decides.
			await vscode.commands.executeCommand('vscode.diff', before, file, `${relative} (Fix of ${fix.workflowName} #${fix.runNumber})`, { preview: false });
		} else {
			await vscode.window.showTextDocument(before, { preview: false });
		}
		opened.push(file);
	}
	return opened;
}

/**
 * Closes the review's diff editors of files under `root`: once a fix's worktree is removed they
 * would show files that no longer exist.
 */
export async function closeFixDiffs(root: string): Promise<void> {
	const inside = (uri: vscode.Uri) => uri.scheme === 'file' && (uri.fsPath === root || uri.fsPath.startsWith(root + path.sep));
	const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && inside(t.input.modified));
	if (tabs.length > 0) {
		await vscode.window.tabGroups.close(tabs, true);
	}
}

/**
 * A first commit message for the fix, which the user edits before anything is committed. One
 * line: it is edited in an input box.
 */
export function fixCommitMessage(fix: Pick<ViewFix, 'workflowName' | 'runNumber' | 'failures'>): string {
	const failure = fix.failures[0];
	const where = failure ? `: ${failure.job}${failure.step ? ` (${failure.step})` : ''}` : '';
	return `Fix ${fix.workflowName} #${fix.runNumber}${where}`;
}
