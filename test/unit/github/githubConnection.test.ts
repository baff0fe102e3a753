import { strict as assert } from 'node:assert';
import { GitHubConnection } from '../../../src/github/githubConnection';
import type { GitHubClient } from '../../../src/github/octokit';
import { RunStore } from '../../../src/github/runStore';
import type { GitHubStandIn } from '../../support/github';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';
import { clientFor, standIn } from './helpers';

describe('GitHubConnection', () => {
	let gh: GitHubStandIn;
	/** Clients the connection has disposed. */
	let disposed: Set<GitHubClient>;
	/** Resolves the client of each `createClient` call, in call order. */
	let pending: Array<(client: GitHubClient | undefined) => void>;
	let connection: GitHubConnection;

	const client = async (): Promise<GitHubClient> => {
		const made = await clientFor(gh);
		const dispose = made.dispose.bind(made);
		made.dispose = () => {
			disposed.add(made);
			dispose();
		};
		return made;
	};

	failOnUnhandledRejections();
	beforeEach(async () => {
		gh = await standIn();
		disposed = new Set();
		pending = [];
		connection = new GitHubConnection(() => new Promise((resolve) => pending.push(resolve)), new RunStore(), () => [], { fastIntervalMs: 60_000, idleIntervalMs: 60_000 });
	});
	afterEach(async () => {
		connection.dispose();
		await gh.close();
	});

	it('a reconnect while a client is made: the older client, made last, is dropped', async () => {
		// What two reconnects in a row do (the extension's sign-in and the sessions event both ask).
		const older = connection.connect();
		connection.disconnect();
		const newer = connection.connect();
		assert.equal(pending.length, 2, 'each connection asks for its client');
		const [olderClient, newerClient] = [await client(), await client()];
		pending[1](newerClient);
		assert.ok(await newer === newerClient);
		pending[0](olderClient);
		assert.ok(await older === newerClient, 'a caller of the older connection gets the current client');
		assert.ok(connection.client === newerClient, 'the stale client does not replace the current one');
		assert.ok(disposed.has(olderClient), 'the stale client is disposed');
		assert.ok(!disposed.has(newerClient));
		connection.dispose();
		assert.ok(disposed.has(newerClient), 'disposing the connection disposes the client it holds (no leaked poller or client)');
	});

	it('a reconnect while a client is made: the older client, made first, is dropped', async () => {
		const older = connection.connect();
		connection.disconnect();
		const newer = connection.connect();
		const [olderClient, newerClient] = [await client(), await client()];
		pending[0](olderClient);
		pending[1](newerClient);
		assert.ok(await older === newerClient);
		assert.ok(await newer === newerClient);
		assert.ok(connection.client === newerClient);
		assert.ok(disposed.has(olderClient));
		connection.dispose();
		assert.ok(disposed.has(newerClient));
	});
});
