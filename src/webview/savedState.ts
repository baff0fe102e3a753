import { vscode } from './vscodeApi';

/**
 * What the dashboard keeps across a reload of its page (a hidden panel's page is torn down and
 * loads again when shown; a window reload revives the panel with it): where it was, and what each
 * page chose to keep. VS Code holds one value per panel, so each part is saved over the others kept.
 */
export interface SavedState {
	page?: unknown;
	filter?: unknown;
	/** The agent runs whose transcripts were open, by id. */
	expandedRuns?: unknown;
}

/** The state saved before this page loaded, or since; empty on a first load. */
export function savedState(): SavedState {
	const saved = vscode.getState();
	return saved && typeof saved === 'object' ? (saved as SavedState) : {};
}

/** Saves `part` over the same keys of the saved state, keeping the others. */
export function saveState(part: SavedState): void {
	vscode.setState({ ...savedState(), ...part });
}
