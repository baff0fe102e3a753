import type { HostToWebview, WebviewToHost } from '../protocol/messages';

interface VsCodeApi {
	postMessage(message: WebviewToHost): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The webview's one handle on the host. `acquireVsCodeApi` may be called only once per page, so
 * every module goes through this.
 */
export const vscode: VsCodeApi = acquireVsCodeApi();

/** Subscribes to messages from the host; returns the unsubscribe function. */
export function onHostMessage(listener: (message: HostToWebview) => void): () => void {
	const handler = (event: MessageEvent) => listener(event.data as HostToWebview);
	window.addEventListener('message', handler);
	return () => window.removeEventListener('message', handler);
}
