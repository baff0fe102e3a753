/**
 * A script that uses the Node API as a user's script would: it opens the graph, starts one agent
 * run and then does what its stdin says, so a test can end it the ways a real host ends.
 *
 *   node --import tsx apiRunHost.ts <root> <storageDir> <repository> <prompt>
 *
 * Prints `started <runId>` once the run is queued. Commands on stdin, one a line: `dispose`
 * (graph.dispose(), then the host should exit by itself once the run is stopped), `exit`
 * (graph.dispose() and process.exit(0) at once). Without a command it waits, so a signal ends it.
 * With HOST_HANDLES_SIGTERM=1 the host handles SIGTERM itself, as a server would: it disposes the
 * graph and lets the process end by itself.
 * META_GOTHIC_CLAUDE_PATH names the CLI; the rest of the environment is passed to it.
 */
import * as readline from 'node:readline';
import { createGateway } from '../../../src/api';

async function main(): Promise<void> {
	const [root, storageDir, repository, prompt] = process.argv.slice(2);
	const graph = await createGateway({ roots: [root], storageDir, githubToken: null, claudePath: process.env.META_GOTHIC_CLAUDE_PATH, scan: true });
	const result = await graph.execute({
		query: 'mutation($repository: String!, $prompt: String!) { startAgentRun(repository: $repository, prompt: $prompt) { id } }',
		variables: { repository, prompt },
	});
	if (result.errors?.length) {
		throw new Error(result.errors.map((e) => e.message).join('; '));
	}
	process.stdout.write(`started ${(result.data as { startAgentRun: { id: string } }).startAgentRun.id}\n`);
	const lines = readline.createInterface({ input: process.stdin });
	if (process.env.HOST_HANDLES_SIGTERM === '1') {
		process.once('SIGTERM', () => {
			lines.close();
			process.stdin.destroy();
			graph.dispose();
		});
	}
	lines.on('line', (line) => {
		if (line === 'dispose' || line === 'exit') {
			lines.close();
			graph.dispose();
			if (line === 'exit') {
				process.exit(0);
			}
		}
	});
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
	process.exit(1);
});
