import '@vscode/codicons/dist/codicon.css';
import { Client } from '@urql/core';
import { Provider } from '@urql/preact';
import { render } from 'preact';
import { isDashboardPage } from '../protocol/messages';
import { App, type Location } from './App';
import { agentRowRenders } from './agents/AgentRunItem';
import { rowRenders } from './components/RepositoryRow';
import { BridgeClient } from './bridge/bridgeClient';
import { bridgeExchange } from './bridge/bridgeExchange';
import type { Shell } from './pageContext';
import { saveState, savedState } from './savedState';
import { onHostMessage, vscode } from './vscodeApi';

const bridge = new BridgeClient({ post: (m) => vscode.postMessage(m), listen: onHostMessage });

const client = new Client({
	// The URL is never fetched: every operation goes through the bridge exchange.
	url: 'meta-gothic:graph',
	exchanges: [bridgeExchange(bridge)],
	requestPolicy: 'cache-and-network',
});

// A handle for benchmarks and diagnostics driven from outside the page (Playwright): it reaches
// only what the page itself can, the bridge to the host, and the count of repository and agent run rows drawn.
(window as unknown as { metaGothic: { bridge: BridgeClient; renders: typeof rowRenders; agentRenders: typeof agentRowRenders } }).metaGothic = { bridge, renders: rowRenders, agentRenders: agentRowRenders };

const root = document.getElementById('root');

/** The page asked for by the command that opened the panel, else the one saved before a reload. */
function initialLocation(): Location {
	const saved = savedState();
	const asked = root?.dataset.page;
	if (isDashboardPage(asked)) {
		return { page: asked, filter: root?.dataset.filter ?? '' };
	}
	return { page: isDashboardPage(saved.page) ? saved.page : 'overview', filter: typeof saved.filter === 'string' ? saved.filter : '' };
}

let location = initialLocation();

const shell: Shell = {
	navigate(page, filter = '') {
		location = { page, filter };
		// VS Code hands this state to the panel serializer after a window reload.
		saveState(location);
		draw();
	},
	action: (action) => bridge.action(action),
};

bridge.onDidNavigate((message) => shell.navigate(message.page, message.filter));

function draw(): void {
	if (root) {
		render(
			<Provider value={client}>
				<App location={location} shell={shell} />
			</Provider>,
			root,
		);
	}
}

saveState(location);
draw();
