// The Workflows view as the UI suites read it: its pane, its rows and the state a row's icon shows.
import { session, until, WAIT_MS } from './session.mjs';

/** The sidebar pane of the Workflows view. */
export function workflowsPane(page) {
	return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Workflows' }) });
}

/** A row of the Workflows view whose label starts with `label` (e.g. `web-frontend · CI #3`). */
export function workflowRow(page, label) {
	return workflowsPane(page).locator('.monaco-list-row', { hasText: label }).first();
}

/** The state a row's icon shows: running, success, failure, cancelled, queued or none. */
export async function iconState(locator) {
	const classes = (await locator.locator('.custom-view-tree-node-item-icon').first().getAttribute('class').catch(() => '')) ?? '';
	if (/codicon-sync/.test(classes)) return 'running';
	if (/codicon-pass/.test(classes)) return 'success';
	if (/codicon-error/.test(classes)) return 'failure';
	if (/codicon-circle-slash/.test(classes)) return 'cancelled';
	if (/codicon-clock|codicon-watch/.test(classes)) return 'queued';
	return 'none';
}

/** Expands or collapses the sidebar pane titled `title`. */
export async function setPane(title, expanded) {
	const header = session.page.locator('.part.sidebar .pane-header', { hasText: title }).first();
	await header.waitFor({ state: 'visible', timeout: WAIT_MS });
	if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
}

/** Gives the Workflows view the whole sidebar (its tree grows as runs come); {@link restorePanes} undoes it. */
export async function focusWorkflowsPane() {
	await setPane('Workflows', true);
	await setPane('Repositories', false);
	await setPane('Agent Runs', false);
}

/** Expands the Repositories and Agent Runs panes again. */
export async function restorePanes() {
	await setPane('Repositories', true);
	await setPane('Agent Runs', true);
}

/** Waits until the quick input's title reads `title` (prompts replace one another in one widget). */
export async function quickInputTitled(page, title) {
	await until(`the prompt "${title}" shows`, async () => (await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).count()) > 0);
}
