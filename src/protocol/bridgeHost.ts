import type { ExecutionResult } from 'graphql';
import { Emitter, type Event } from '../common/event';
import { Disposable, IDisposable, toDisposable } from '../common/lifecycle';
import type { GraphQLRequest, SubscriptionResult } from '../schema/gateway';
import { HostToWebview, parseWebviewMessage, PROTOCOL_VERSION, WireResult, type DashboardAction, type OperationMessage } from './messages';

/** What the bridge needs of the graph: the {@link Gateway}'s two entry points. */
export interface GraphExecutor {
	execute(request: GraphQLRequest): Promise<ExecutionResult>;
	subscribe(request: GraphQLRequest): Promise<SubscriptionResult | ExecutionResult>;
}

/** A two-way message channel: a webview in the extension, a fake port in tests. */
export interface MessageChannel {
	post(message: HostToWebview): void | PromiseLike<unknown>;
	onMessage(listener: (raw: unknown) => void): IDisposable;
}

/** Most operations one webview may keep open at once; more is a bug or an attack. */
const MAX_ACTIVE = 200;

/** Turns a graphql-js result into plain JSON: errors lose their class and stack. */
export function toWireResult(result: ExecutionResult): WireResult {
	const wire: WireResult = {};
	if (result.data !== undefined) {
		wire.data = result.data as Record<string, unknown> | null;
	}
	if (result.errors?.length) {
		wire.errors = result.errors.map((e) => ({
			message: e.message,
			...(e.path ? { path: e.path } : {}),
			...(e.extensions && Object.keys(e.extensions).length ? { extensions: { ...e.extensions } } : {}),
		}));
	}
	return wire;
}

function isIterator(value: SubscriptionResult | ExecutionResult): value is SubscriptionResult {
	return Symbol.asyncIterator in value;
}

/**
 * The host end of the webview bridge. Validates every message (a malformed one gets a
 * `protocolError` reply, never a throw), runs operations on the graph, streams subscription
 * results, and stops a subscription's host-side iterator when the webview tears it down or the
 * bridge is disposed.
 */
export class BridgeHost extends Disposable {
	private readonly active = new Map<string, { stop(): void }>();
	private ready = false;
	/** Results the channel took, by the top-level fields of their data. */
	private readonly delivered = new Map<string, number>();
	private readonly _onDidBecomeReady = this._register(new Emitter<void>());
	/**
	 * Fires each time a page says `ready`: the first load, and every reload (a hidden panel's page is
	 * torn down and loads again when shown), once `hello` has gone out.
	 */
	readonly onDidBecomeReady: Event<void> = this._onDidBecomeReady.event;

	constructor(
		private readonly graph: GraphExecutor,
		private readonly channel: MessageChannel,
		private readonly onAction?: (action: DashboardAction) => void,
	) {
		super();
		this._register(channel.onMessage((raw) => this.onMessage(raw)));
		this._register(toDisposable(() => this.stopAll()));
	}

	/** Operations currently running (subscriptions mostly); tests assert it drops to zero. */
	get activeOperations(): number {
		return this.active.size;
	}

	/**
	 * How many results the page accepted, by the top-level field of their data
	 * (`repositoryChanged`, `repositories`…): the live data it was shown. A post the channel
	 * refused (a closed panel) does not count.
	 */
	get resultsDelivered(): ReadonlyMap<string, number> {
		return this.delivered;
	}

	/** Posts a message of the host's own (a `navigate`); dropped before the webview said `ready`. */
	send(message: HostToWebview): void {
		if (this.ready) {
			this.post(message);
		}
	}

	private post(message: HostToWebview): void {
		if (this.isDisposed) {
			return;
		}
		try {
			// A disposed webview rejects posts; losing a reply to a closed panel is fine.
			void Promise.resolve(this.channel.post(message)).then(
				(accepted) => {
					if (accepted !== false && message.type === 'result') {
						this.countDelivered(message.result);
					}
				},
				() => undefined,
			);
		} catch {
			// Same: the panel went away between the check and the post.
		}
	}

	private countDelivered(result: WireResult): void {
		for (const field of Object.keys(result.data ?? {})) {
			this.delivered.set(field, (this.delivered.get(field) ?? 0) + 1);
		}
	}

	private onMessage(raw: unknown): void {
		const parsed = parseWebviewMessage(raw);
		if (!parsed.ok) {
			this.post({ type: 'protocolError', id: parsed.id, message: parsed.error });
			return;
		}
		const message = parsed.message;
		switch (message.type) {
			case 'ready':
				// A reloaded webview starts over: what the old page subscribed to is orphaned.
				this.stopAll();
				this.ready = true;
				this.post({ type: 'hello', protocol: PROTOCOL_VERSION });
				this._onDidBecomeReady.fire();
				return;
			case 'stop':
				this.active.get(message.id)?.stop();
				return;
			case 'action':
				this.onAction?.(message.action);
				return;
			case 'operation':
				if (!this.ready) {
					this.post({ type: 'protocolError', id: message.id, message: 'Send "ready" before any operation.' });
				} else if (this.active.has(message.id)) {
					this.post({ type: 'protocolError', id: message.id, message: `Operation ${message.id} is already running.` });
				} else if (this.active.size >= MAX_ACTIVE) {
					this.post({ type: 'protocolError', id: message.id, message: `Too many operations at once (limit ${MAX_ACTIVE}).` });
				} else {
					void this.run(message);
				}
				return;
		}
	}

	private async run(message: OperationMessage): Promise<void> {
		const request: GraphQLRequest = { query: message.query, variables: message.variables ?? null, operationName: message.operationName ?? null };
		let stopped = false;
		let iterator: SubscriptionResult | undefined;
		const stop = () => {
			stopped = true;
			this.active.delete(message.id);
			void iterator?.return?.();
		};
		this.active.set(message.id, { stop });
		try {
			if (message.kind !== 'subscription') {
				const result = await this.graph.execute(request);
				if (!stopped) {
					this.post({ type: 'result', id: message.id, result: toWireResult(result) });
				}
				return;
			}
			const result = await this.graph.subscribe(request);
			if (!isIterator(result)) {
				if (!stopped) {
					this.post({ type: 'result', id: message.id, result: toWireResult(result) });
				}
				return;
			}
			iterator = result;
			if (stopped) {
				// Torn down while the subscription was being set up.
				await result.return?.();
				return;
			}
			for await (const next of result) {
				if (stopped) {
					break;
				}
				this.post({ type: 'result', id: message.id, result: toWireResult(next) });
			}
		} catch (err) {
			if (!stopped) {
				this.post({ type: 'result', id: message.id, result: { errors: [{ message: err instanceof Error ? err.message : String(err) }] } });
			}
		} finally {
			if (!stopped) {
				this.active.delete(message.id);
				this.post({ type: 'complete', id: message.id });
			}
		}
	}

	private stopAll(): void {
		for (const op of [...this.active.values()]) {
			op.stop();
		}
	}
}
