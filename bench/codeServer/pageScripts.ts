/**
 * Code run inside the dashboard's webview frame and the workbench page. Kept as source text, not functions: tsx
 * rewrites functions it compiles (name-keeping helpers) and Playwright would ship that rewritten
 * text into a page where the helpers do not exist.
 *
 * Every time is `performance.timeOrigin + performance.now()`, an epoch in milliseconds with
 * sub-millisecond resolution that the bench process can compare with its own.
 */
import type { Frame } from 'playwright-core';

/** Runs `source` (a function expression) in `frame` with one JSON argument. */
export async function run<T>(frame: Frame, source: string, arg: unknown = null): Promise<T> {
	return (await frame.evaluate(`(${source})(${JSON.stringify(arg)})`)) as T;
}

/** What {@link ROUND_TRIPS} returns. */
export interface RoundTrips {
	repositories: string[];
	errors: string[];
	samples: number[];
}

/**
 * Sends `query` over `window.metaGothic.bridge` — the dashboard's own postMessage bridge to the
 * extension host — `warmup + n` times, one after another, and times the last `n` from request to
 * result.
 */
export const ROUND_TRIPS = `async ({ query, operationName, variables, warmup, n }) => {
	const bridge = window.metaGothic && window.metaGothic.bridge;
	if (!bridge) throw new Error('window.metaGothic.bridge is not there');
	const once = () => new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no result within 15 s')), 15000);
		bridge.request('query', { query, operationName, variables }, {
			next(result) { clearTimeout(timer); resolve(result); },
			error(e) { clearTimeout(timer); reject(e); },
			complete() {},
		});
	});
	const first = await once();
	const repositories = ((first.data && first.data.repositories) || []).map((r) => r.path);
	// Without \`withGitHub: false\` a signed-out graph answers each GitHub field with SIGNED_OUT.
	const errors = (first.errors || []).filter((e) => !(e.extensions && e.extensions.domain === 'GITHUB')).map((e) => e.message);
	for (let i = 0; i < warmup; i++) await once();
	const samples = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		await once();
		samples.push(performance.now() - t0);
	}
	return { repositories, errors, samples };
}`;

/**
 * Opens one \`repositoryChanged\` subscription over the bridge and records every event with its
 * arrival time in \`window.__mgChanges\`.
 */
export const RECORD_CHANGES = `({ query, operationName }) => {
	window.__mgChanges = [];
	window.__mgStopChanges = window.metaGothic.bridge.request('subscription', { query, operationName }, {
		next(result) {
			const c = result.data && result.data.repositoryChanged;
			if (c) window.__mgChanges.push({ path: c.path, isDirty: c.isDirty, at: performance.timeOrigin + performance.now() });
		},
		error(e) { window.__mgChanges.push({ error: String(e) }); },
		complete() {},
	});
}`;

/** One recorded `repositoryChanged` event. */
export interface ChangeEvent {
	path?: string;
	isDirty?: boolean;
	at?: number;
	error?: string;
}

/** Returns the recorded events since the last call. */
export const TAKE_CHANGES = `() => window.__mgChanges.splice(0)`;

/** Ends the subscription of {@link RECORD_CHANGES}. */
export const STOP_CHANGES = `() => window.__mgStopChanges && window.__mgStopChanges()`;

/** The class list of one repository's row, or null when the row is not there. */
export const ROW_CLASS = `(path) => {
	const row = document.querySelector('[data-testid="repo-row"][data-path="' + CSS.escape(path) + '"]');
	return row ? row.className : null;
}`;

/**
 * Arms \`window.__mgDirty\`: a promise of the time the row of \`path\` first carries the \`dirty\`
 * class, seen by a MutationObserver (so the time is that of the DOM change, not of a poll).
 */
export const ARM_DIRTY = `({ path, timeoutMs }) => {
	const selector = '[data-testid="repo-row"][data-path="' + CSS.escape(path) + '"]';
	window.__mgDirty = new Promise((resolve, reject) => {
		const observer = new MutationObserver(() => check());
		const timer = setTimeout(() => { observer.disconnect(); reject(new Error('row never turned dirty: ' + path)); }, timeoutMs);
		const check = () => {
			const row = document.querySelector(selector);
			if (row && row.classList.contains('dirty')) {
				const at = performance.timeOrigin + performance.now();
				observer.disconnect();
				clearTimeout(timer);
				resolve(at);
			}
		};
		observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
	});
	// Keep an unobserved rejection from being reported before the bench awaits it.
	window.__mgDirty.catch(() => undefined);
}`;

/** Awaits the promise {@link ARM_DIRTY} armed. */
export const AWAIT_DIRTY = `() => window.__mgDirty`;

/**
 * The icon classes of the Workflows view's row whose text contains `label` (e.g. `repo-003 · CI
 * #1`), or null when no such row is rendered. Runs in the workbench page, not in a webview.
 */
export const TREE_ICON = `(label) => {
	const pane = [...document.querySelectorAll('.part.sidebar .pane')].find((p) => ((p.querySelector('.pane-header') || {}).textContent || '').includes('Workflows'));
	const row = pane && [...pane.querySelectorAll('.monaco-list-row')].find((r) => (r.textContent || '').includes(label));
	const icon = row && row.querySelector('.custom-view-tree-node-item-icon');
	return icon ? icon.className : null;
}`;

/**
 * Arms \`window.__mgIcon\`: a promise of the time the Workflows view's row whose text contains
 * \`label\` first shows an icon with the class \`icon\` (e.g. \`codicon-pass\`), seen by a
 * MutationObserver, as {@link ARM_DIRTY} does for the dashboard.
 */
export const ARM_ICON = `({ label, icon: expected, timeoutMs }) => {
	const matches = () => {
		const pane = [...document.querySelectorAll('.part.sidebar .pane')].find((p) => ((p.querySelector('.pane-header') || {}).textContent || '').includes('Workflows'));
		const row = pane && [...pane.querySelectorAll('.monaco-list-row')].find((r) => (r.textContent || '').includes(label));
		const icon = row && row.querySelector('.custom-view-tree-node-item-icon');
		return !!icon && icon.classList.contains(expected);
	};
	window.__mgIcon = new Promise((resolve, reject) => {
		const observer = new MutationObserver(() => check());
		const timer = setTimeout(() => { observer.disconnect(); reject(new Error('the row ' + label + ' never showed ' + expected)); }, timeoutMs);
		const check = () => {
			if (matches()) {
				const at = performance.timeOrigin + performance.now();
				observer.disconnect();
				clearTimeout(timer);
				resolve(at);
			}
		};
		observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
	});
	window.__mgIcon.catch(() => undefined);
}`;

/** Awaits the promise {@link ARM_ICON} armed. */
export const AWAIT_ICON = `() => window.__mgIcon`;
