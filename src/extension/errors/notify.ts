/**
 * Failure notifications: the message, then the buttons that fix it (from the code), then
 * "Retry" for a transient failure and "Open Log". The extension-host tests read what was shown
 * through {@link shownNotifications}, since VS Code's API does not expose notifications.
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { CodedError } from './codedError';
import { fixesFor, type Fix } from './fixes';

/** A notification as it was shown: its text and its buttons, in order. */
export interface ShownNotification {
	readonly severity: 'error' | 'warning' | 'info';
	readonly message: string;
	readonly buttons: readonly string[];
	readonly code?: string;
}

const SHOWN: ShownNotification[] = [];
const KEEP = 50;

/** The notifications shown so far, newest last (the last {@link KEEP}); `clear` forgets them. */
export function shownNotifications(clear = false): readonly ShownNotification[] {
	const copy = [...SHOWN];
	if (clear) {
		SHOWN.length = 0;
	}
	return copy;
}

function remember(notification: ShownNotification): void {
	SHOWN.push(notification);
	if (SHOWN.length > KEEP) {
		SHOWN.shift();
	}
}

/** Options of {@link showFailure}. */
export interface FailureOptions {
	/** Runs the failed work again; offered as "Retry" when the failure is transient. */
	readonly retry?: () => unknown;
	/** Says what failed ("Push"), before the message. */
	readonly title?: string;
	/** The whole text to show instead (a batch's summary); the buttons still come from the failure's code. */
	readonly text?: string;
	readonly severity?: 'error' | 'warning';
}

/**
 * Shows a failure with its fixing actions and runs the one chosen. Plain errors (not from the
 * graph) get "Open Log" only. Resolves when the notification is dismissed or its action ran.
 */
export async function showFailure(err: unknown, options: FailureOptions = {}): Promise<void> {
	const message = err instanceof Error ? err.message : String(err);
	const coded = err instanceof CodedError ? err : undefined;
	const fixes: Fix[] = coded ? fixesFor(coded.domain, coded.code, { repositoryPath: coded.repositoryPath }) : [];
	const buttons = [...fixes.map((f) => f.title), ...(coded?.retryable && options.retry ? ['Retry'] : []), 'Open Log'];
	const text = options.text ?? `Meta GOTHIC: ${options.title ? `${options.title}: ` : ''}${message}`;
	const severity = options.severity ?? 'error';
	remember({ severity, message: text, buttons, code: coded?.code });
	const show = severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
	const choice = await show(text, ...buttons);
	if (choice === 'Open Log') {
		log.show();
		return;
	}
	if (choice === 'Retry') {
		await options.retry?.();
		return;
	}
	const fix = fixes.find((f) => f.title === choice);
	if (fix) {
		await vscode.commands.executeCommand(fix.command, ...(fix.args ?? []));
	}
}

/** An information or warning message that other code shows, remembered for the tests too. */
export function showMessage(severity: 'info' | 'warning', message: string, ...buttons: string[]): Thenable<string | undefined> {
	remember({ severity, message, buttons });
	return severity === 'info' ? vscode.window.showInformationMessage(message, ...buttons) : vscode.window.showWarningMessage(message, ...buttons);
}
