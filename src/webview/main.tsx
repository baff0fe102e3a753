import { Client } from '@urql/core';
import { Provider } from '@urql/preact';
import { render } from 'preact';
import { App } from './App';
import { BridgeClient } from './bridge/bridgeClient';
import { bridgeExchange } from './bridge/bridgeExchange';
import { onHostMessage, vscode } from './vscodeApi';

const bridge = new BridgeClient({ post: (m) => vscode.postMessage(m), listen: onHostMessage });

const client = new Client({
	// The URL is never fetched: every operation goes through the bridge exchange.
	url: 'meta-gothic:graph',
	exchanges: [bridgeExchange(bridge)],
	requestPolicy: 'cache-and-network',
});

// A handle for benchmarks and diagnostics driven from outside the page (Playwright): it reaches
// only what the page itself can, the bridge to the host.
(window as unknown as { metaGothic: { bridge: BridgeClient } }).metaGothic = { bridge };

const root = document.getElementById('root');
if (root) {
	render(
		<Provider value={client}>
			<App />
		</Provider>,
		root,
	);
}
