import type { DashboardAction, HostToWebview, NavigateMessage, OperationKind, WebviewToHost, WireResult } from '../../protocol/messages';
import { PROTOCOL_VERSION } from '../../protocol/messages';

/** Receives the results of one operation. */
export interface ResultSink {
	next(result: WireResult): void;
	error(error: Error): void;
	complete(): void;
}

/** The transport the client runs over: the VS Code webview API, or a test double. */
export interface BridgePort {
	post(message: WebviewToHost): void;
	listen(listener: (message: HostToWebview) => void): () => void;
}

/** One GraphQL operation to send. */
export interface BridgeRequest {
	query: string;
	variables?: Record<string, unknown> | undefined;
	operationName?: string | undefined;
}

/**
 * The webview end of the bridge. It says `ready` and holds operations until the host answers
 * `hello`, correlates replies by id, and turns a teardown into a `stop` so the host stops the
 * matching iterator.
 */
export class BridgeClient {
	private readonly sinks = new Map<string, ResultSink>();
	private readonly pending: WebviewToHost[] = [];
	private connected = false;
	private nextId = 0;
	private readonly unlisten: () => void;
	private readonly navigateListeners = new Set<(message: NavigateMessage) => void>();

	constructor(private readonly port: BridgePort) {
		this.unlisten = port.listen((message) => this.onMessage(message));
		port.post({ type: 'ready', protocol: PROTOCOL_VERSION });
	}

	/** Starts an operation; the returned function tears it down. */
	request(kind: OperationKind, request: BridgeRequest, sink: ResultSink): () => void {
		const id = `op-${++this.nextId}`;
		this.sinks.set(id, sink);
		this.send({ type: 'operation', id, kind, query: request.query, variables: request.variables, operationName: request.operationName });
		return () => {
			if (this.sinks.delete(id)) {
				this.send({ type: 'stop', id });
			}
		};
	}

	/** Asks the host for something only it can do (a diff editor, a terminal, a command). */
	action(action: DashboardAction): void {
		this.send({ type: 'action', action });
	}

	/** Listens for the host asking to show a page; returns the unsubscribe function. */
	onDidNavigate(listener: (message: NavigateMessage) => void): () => void {
		this.navigateListeners.add(listener);
		return () => this.navigateListeners.delete(listener);
	}

	dispose(): void {
		this.unlisten();
		this.sinks.clear();
	}

	private send(message: WebviewToHost): void {
		if (this.connected) {
			this.port.post(message);
		} else {
			this.pending.push(message);
		}
	}

	private onMessage(message: HostToWebview): void {
		switch (message?.type) {
			case 'hello':
				this.connected = true;
				for (const queued of this.pending.splice(0)) {
					this.port.post(queued);
				}
				return;
			case 'navigate':
				for (const listener of [...this.navigateListeners]) {
					listener(message);
				}
				return;
			case 'result':
				this.sinks.get(message.id)?.next(message.result);
				return;
			case 'complete': {
				const sink = this.sinks.get(message.id);
				this.sinks.delete(message.id);
				sink?.complete();
				return;
			}
			case 'protocolError': {
				const sink = message.id ? this.sinks.get(message.id) : undefined;
				if (sink && message.id) {
					this.sinks.delete(message.id);
					sink.error(new Error(message.message));
				} else {
					console.error(`[meta-gothic] the host rejected a message: ${message.message}`);
				}
				return;
			}
		}
	}
}
