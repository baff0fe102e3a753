import type { IDisposable } from '../../../src/common/lifecycle';
import type { MessageChannel } from '../../../src/protocol/bridgeHost';
import type { HostToWebview, WebviewToHost } from '../../../src/protocol/messages';
import type { BridgePort } from '../../../src/webview/bridge/bridgeClient';

/**
 * Both ends of a webview message channel in one process. Messages are structured-cloned and
 * delivered asynchronously, as `postMessage` does between a webview and the host.
 */
export class MemoryChannel {
	readonly received: HostToWebview[] = [];
	private readonly toHost = new Set<(raw: unknown) => void>();
	private readonly toWebview = new Set<(m: HostToWebview) => void>();

	/** The host side, for `BridgeHost`. */
	readonly host: MessageChannel = {
		post: (message) => {
			const copy = structuredClone(message);
			setImmediate(() => {
				this.received.push(copy);
				for (const l of this.toWebview) {
					l(copy);
				}
			});
		},
		onMessage: (listener): IDisposable => {
			this.toHost.add(listener);
			return { dispose: () => this.toHost.delete(listener) };
		},
	};

	/** The webview side, for `BridgeClient`. */
	readonly webview: BridgePort = {
		post: (message: WebviewToHost) => this.sendRaw(message),
		listen: (listener) => {
			this.toWebview.add(listener);
			return () => this.toWebview.delete(listener);
		},
	};

	/** Sends anything at all to the host, as a hostile or buggy page could. */
	sendRaw(raw: unknown): void {
		const copy = structuredClone(raw);
		setImmediate(() => {
			for (const l of this.toHost) {
				l(copy);
			}
		});
	}

	/** Waits until the host has posted a message matching `predicate`. */
	async waitFor(predicate: (m: HostToWebview) => boolean, timeoutMs = 5000): Promise<HostToWebview> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.received.find(predicate);
			if (found) {
				return found;
			}
			if (Date.now() > deadline) {
				throw new Error('Timed out waiting for a host message');
			}
			await new Promise((r) => setTimeout(r, 2));
		}
	}
}
