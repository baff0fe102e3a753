import * as vscode from 'vscode';
import { showFailure } from '../errors/notify';
import { log } from '../log';

const RUN = new Set<string>();

/** The ids of the commands run since activation, for the tests' check that every command was tried. */
export function commandsRun(): string[] {
	return [...RUN].sort();
}

/**
 * Registers a command whose failures all end the same way: logged, and shown with the actions
 * that fix them (chosen from the graph's code: "Sign in to GitHub", "Pull", "Set Claude Path",
 * "Manage Workspace Trust"), "Retry" for a transient failure, and "Open Log" — never an
 * unhandled rejection.
 */
export function createCommand<A extends unknown[]>(id: string, fn: (...args: A) => unknown): vscode.Disposable {
	const run = async (...args: A): Promise<unknown> => {
		RUN.add(id);
		// One line per command, like the git extension's log of git calls (also how the UI tier counts what ran).
		log.info(`command ${id}`);
		try {
			return await fn(...args);
		} catch (err) {
			log.error(`${id} failed: ${err instanceof Error && err.stack ? err.stack : String(err)}`);
			// Not awaited: the notification stays up while the command returns (tests and callers need not wait for a click).
			void showFailure(err, { retry: () => run(...args) });
			return undefined;
		}
	};
	return vscode.commands.registerCommand(id, run);
}
