import * as vscode from 'vscode';
import { log } from '../log';

/**
 * Registers a command whose failures all end the same way: logged, and shown with an
 * "Open Log" action instead of an unhandled rejection.
 */
export function createCommand<A extends unknown[]>(id: string, fn: (...args: A) => unknown): vscode.Disposable {
	return vscode.commands.registerCommand(id, async (...args: A) => {
		try {
			return await fn(...args);
		} catch (err) {
			const message = err instanceof Error ? err.message : String(err);
			log.error(`${id} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
			const choice = await vscode.window.showErrorMessage(`Meta GOTHIC: ${message}`, 'Open Log');
			if (choice === 'Open Log') {
				log.show();
			}
			return undefined;
		}
	});
}
