/**
 * The set-up every suite that runs the real Claude CLI shares: one Messages API stand-in for the
 * suite, and for each test a fresh CLI sandbox (its own HOME and config, pointed at the stand-in),
 * a git sandbox with `meta/` for the test's repositories and `storage/` for the run history, and
 * the graph the test opens, shut down (no CLI left running) and disposed after it.
 */
import * as path from 'node:path';
import { createGateway, type CreateGatewayOptions, type MetaGothicGraph } from '../../../src/api';
import { createGitSandbox, type GitSandbox } from '../repoBuilder';
import { claudeBinary, type CliSandbox, createCliSandbox } from './cliFixture';
import { MessagesStandIn } from './messagesStandIn';

/** What {@link useRealClaude} gives a suite; everything but the stand-in is new for each test. */
export interface RealClaude {
	readonly standIn: MessagesStandIn;
	readonly cli: CliSandbox;
	readonly sandbox: GitSandbox;
	/** `<sandbox>/meta`: where the test's repositories go (not made). */
	readonly root: string;
	/** `<sandbox>/storage`: the run history. */
	readonly storageDir: string;
	/**
	 * Opens the graph over `root` with the real CLI and the sandboxes' environments, the test's
	 * `options` over those; it is shut down and disposed after the test.
	 */
	open(options?: CreateGatewayOptions): Promise<MetaGothicGraph>;
}

/** Registers the hooks in the calling `describe` and returns what they set up. Call it first, before the suite's own hooks. */
export function useRealClaude(sandboxPrefix: string): RealClaude {
	let standIn: MessagesStandIn | undefined;
	let cli: CliSandbox | undefined;
	let sandbox: GitSandbox | undefined;
	const graphs: MetaGothicGraph[] = [];
	const need = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) {
			throw new Error(`${what} is set up for each test: read it inside a hook or a test`);
		}
		return value;
	};

	before(async () => (standIn = await MessagesStandIn.start()));
	after(() => standIn?.close());
	beforeEach(() => {
		need(standIn, 'the stand-in').reset();
		cli = createCliSandbox(need(standIn, 'the stand-in').baseUrl);
		sandbox = createGitSandbox(sandboxPrefix);
	});
	afterEach(async () => {
		for (const graph of graphs.splice(0)) {
			await graph.agentRuns?.shutdown();
			graph.dispose();
		}
		cli?.dispose();
		sandbox?.dispose();
		cli = undefined;
		sandbox = undefined;
	});

	const suite: RealClaude = {
		get standIn() {
			return need(standIn, 'the stand-in');
		},
		get cli() {
			return need(cli, 'the CLI sandbox');
		},
		get sandbox() {
			return need(sandbox, 'the git sandbox');
		},
		get root() {
			return path.join(suite.sandbox.dir, 'meta');
		},
		get storageDir() {
			return path.join(suite.sandbox.dir, 'storage');
		},
		async open(options = {}) {
			const graph = await createGateway({ roots: [suite.root], gitEnv: suite.sandbox.env, githubToken: null, claudePath: claudeBinary, claudeEnv: suite.cli.env, storageDir: suite.storageDir, ...options });
			graphs.push(graph);
			return graph;
		},
	};
	return suite;
}
