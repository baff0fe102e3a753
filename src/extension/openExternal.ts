/**
 * Links opened outside VS Code (GitHub pages), in one place so the extension-host tests can
 * see which address a command opened: a browser tab is out of their reach. In production nothing
 * is captured and every call goes straight to `vscode.env.openExternal`.
 */
import * as vscode from 'vscode';

const opened: string[] = [];
let capturing = false;
const KEEP = 50;

/**
 * Starts (`true`) or stops capturing links instead of opening them (tests only, through
 * `metaGothic.test.captureExternalLinks`); resolves with those captured so far and forgets them.
 */
export function captureExternalLinks(capture: boolean): readonly string[] {
	const copy = [...opened];
	opened.length = 0;
	capturing = capture;
	return copy;
}

/** `vscode.env.openExternal`, or the link remembered while the tests capture them. */
export async function openExternal(uri: vscode.Uri): Promise<boolean> {
	if (capturing) {
		opened.push(uri.toString(true));
		if (opened.length > KEEP) {
			opened.shift();
		}
		return true;
	}
	return vscode.env.openExternal(uri);
}
