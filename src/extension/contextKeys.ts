import * as vscode from 'vscode';

const values = new Map<string, unknown>();

/**
 * Sets a context key for `when` clauses (welcome content, menus, walkthrough steps) and
 * remembers its value, so the extension-host tests can read which welcome state is showing.
 */
export function setContext(key: `metaGothic.${string}`, value: unknown): Thenable<unknown> {
	values.set(key, value);
	return vscode.commands.executeCommand('setContext', key, value);
}

/** The context keys set so far, for the extension-host tests. */
export function contextKeyValues(): Record<string, unknown> {
	return Object.fromEntries(values);
}
