import * as vscode from 'vscode';
import { type RunConclusion, type RunStatus, runState, stateIcon } from '../../workflows/runPresentation';

/** The coloured, possibly spinning icon of a run, job or step. */
export function stateThemeIcon(status: RunStatus, conclusion: RunConclusion | null): vscode.ThemeIcon {
	const icon = stateIcon(runState(status, conclusion));
	return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}
