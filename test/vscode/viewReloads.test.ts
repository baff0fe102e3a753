// The Repositories and Agent Runs views when the repository group changes during a reload: the
// answer of the reload started last is what they show, whichever answer comes back last. The
// providers run over a real graph of in-memory sources; only the timing of one answer is held.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RepositoryGroups } from '../../src/common/repositoryGroups';
import { Gateway, type GraphQLRequest } from '../../src/schema/gateway';
import type { RepositoryFilterView } from '../../src/extension/repositoryFilter';
import { AgentRunsProvider } from '../../src/extension/views/agentRuns/agentRunsProvider';
import { RepositoriesProvider } from '../../src/extension/views/repositories/repositoriesProvider';
import { agentRun, MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../support/graph/memorySources';

/** A filter the test sets, as *Filter by Group…* sets the extension's. */
class TestFilter implements RepositoryFilterView {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	readonly onDidChange = this._onDidChange.event;
	group: string | undefined;

	constructor(private readonly groups: RepositoryGroups) {}

	includes(path: string): boolean {
		return this.group === undefined || (this.groups.get(this.group)?.includes(path) ?? false);
	}

	set(group: string | undefined): void {
		this.group = group;
		this._onDidChange.fire();
	}

	dispose(): void {
		this._onDidChange.dispose();
	}
}

/** The graph, with the answer to the next request held until `release()`. */
function heldGraph() {
	const groups = RepositoryGroups.fromSetting({ web: ['apps/*'] }, ['/w/meta']);
	const gateway = new Gateway({
		repos: new MemoryRepos([repoState('/w/meta'), repoState('/w/meta/apps/web', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'apps/web' }), repoState('/w/meta/libs/core', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'libs/core' })]),
		workflows: new MemoryWorkflows(new Map(), []),
		agentRuns: new MemoryAgentRuns([agentRun('/w/meta/libs/core', { id: 'r2' }), agentRun('/w/meta/apps/web', { id: 'r1' })]),
		repositoryGroups: { groups },
	});
	let hold: Promise<void> | undefined;
	let release: () => void = () => undefined;
	const held = {
		execute: async (request: GraphQLRequest) => {
			const wait = hold;
			hold = undefined;
			// The answer is computed now, as the graph would; only its delivery waits.
			const result = await gateway.execute(request);
			await wait;
			return result;
		},
		holdNext: () => {
			hold = new Promise<void>((resolve) => (release = resolve));
		},
		release: () => release(),
		dispose: () => gateway.dispose(),
	};
	return { held, filter: new TestFilter(groups) };
}

suite('View reloads', () => {
	test('Repositories: a group chosen during a reload is not undone by the older answer', async () => {
		const { held, filter } = heldGraph();
		const never = new vscode.EventEmitter<unknown>();
		const provider = new RepositoriesProvider(held as unknown as Gateway, never.event, 'state', filter);
		try {
			held.holdNext();
			const everyRepository = provider.reload();
			filter.set('web');
			await provider.reload();
			assert.deepEqual(provider.shown.map((r) => r.path), ['/w/meta/apps/web']);
			held.release();
			await everyRepository;
			assert.deepEqual(provider.shown.map((r) => r.path), ['/w/meta/apps/web'], 'the older answer (every repository) is dropped');
		} finally {
			provider.dispose();
			filter.dispose();
			never.dispose();
			held.dispose();
		}
	});

	test('Agent Runs: a group chosen during a reload is not undone by the older answer', async () => {
		const { held, filter } = heldGraph();
		const never = new vscode.EventEmitter<unknown>();
		const provider = new AgentRunsProvider(held, never.event, filter);
		try {
			held.holdNext();
			const everyRun = provider.reload();
			filter.set('web');
			await provider.reload();
			assert.deepEqual(provider.runs.map((r) => r.id), ['r1']);
			held.release();
			await everyRun;
			assert.deepEqual(provider.runs.map((r) => r.id), ['r1'], 'the older answer (every run) is dropped');
		} finally {
			provider.dispose();
			filter.dispose();
			never.dispose();
			held.dispose();
		}
	});
});
