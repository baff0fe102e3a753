import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardAction, DashboardPage } from '../protocol/messages';

/** What a page may ask of the shell: go to another page (with a filter), or ask the host to act. */
export interface Shell {
	navigate(page: DashboardPage, filter?: string): void;
	action(action: DashboardAction): void;
}

const noop: Shell = { navigate: () => undefined, action: () => undefined };

/** The shell of the page being rendered. */
export const ShellContext = createContext<Shell>(noop);

/** The current shell. */
export function useShell(): Shell {
	return useContext(ShellContext);
}
