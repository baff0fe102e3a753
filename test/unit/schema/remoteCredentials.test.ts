import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { createGateway, type MetaGothicGraph } from '../../../src/api';
import { UnavailableAgentRuns } from '../../../src/schema/unavailableSources';
import { runCli } from '../../support/cliProcess';
import type { GitHubStandIn } from '../../support/github';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';
import { standIn, TOKEN } from '../github/helpers';

/** Not token-shaped, so only the URL's structure can give it away. */
const PASSWORD = 'correct-horse-battery-staple';

describe('credentials in remote URLs', function () {
	this.timeout(30_000);
	let sandbox: GitSandbox;
	let repo: TestRepo;

	before(() => {
		sandbox = createGitSandbox('meta-gothic-remote-credentials-');
		repo = TestRepo.init(sandbox, path.join(sandbox.dir, 'api')).commit('initial', { 'README.md': '# api\n' });
		// A token as the password (with a user name), and a token as the user name alone.
		repo.git('remote', 'add', 'origin', `https://x:${TOKEN}@github.com/acme/api.git`);
		repo.git('config', 'remote.origin.pushurl', `https://${TOKEN}@github.com/acme/api.git`);
		repo.git('remote', 'add', 'mirror', `https://alice:${PASSWORD}@git.example.com/acme/api.git`);
		repo.git('remote', 'add', 'ssh', 'ssh://git@github.com/acme/api.git');
	});
	after(() => sandbox.dispose());

	const QUERY = '{ repositories { path remotes { name fetchUrl pushUrl } github { owner name } } }';

	it('the graph returns remote URLs without their credentials, and still maps the repository to GitHub', async () => {
		let gh: GitHubStandIn | undefined;
		let graph: MetaGothicGraph | undefined;
		try {
			gh = await standIn();
			gh.addRepo({ owner: 'acme', name: 'api' });
			graph = await createGateway({ roots: [repo.path], gitEnv: sandbox.env, githubToken: TOKEN, githubApiUrl: gh.url, agentRuns: new UnavailableAgentRuns('not under test') });
			const result = await graph.execute({ query: QUERY });
			const text = JSON.stringify(result);
			assert.ok(!text.includes(TOKEN) && !text.includes(PASSWORD), text);
			const [row] = JSON.parse(text).data.repositories as Array<{ remotes: unknown[]; github: unknown }>;
			assert.deepEqual(row.remotes, [
				{ name: 'origin', fetchUrl: 'https://[REDACTED]@github.com/acme/api.git', pushUrl: 'https://[REDACTED]@github.com/acme/api.git' },
				{ name: 'mirror', fetchUrl: 'https://[REDACTED]@git.example.com/acme/api.git', pushUrl: 'https://[REDACTED]@git.example.com/acme/api.git' },
				// An SSH user name is an account, not a secret.
				{ name: 'ssh', fetchUrl: 'ssh://git@github.com/acme/api.git', pushUrl: 'ssh://git@github.com/acme/api.git' },
			]);
			assert.deepEqual(row.github, { owner: 'acme', name: 'api' }, 'owner and name still parse from the redacted URL');
		} finally {
			graph?.dispose();
			await gh?.close();
		}
	});

	it('the CLI prints no credential of a remote, as JSON or as a table', async () => {
		const env = sandbox.env;
		for (const args of [['graphql', '{ repositories { remotes { name fetchUrl pushUrl } } }'], ['status'], ['status', '--json']]) {
			const { stdout, stderr, code } = await runCli([...args, '--root', repo.path], env);
			assert.equal(code, 0, stderr);
			assert.ok(!(stdout + stderr).includes(TOKEN) && !(stdout + stderr).includes(PASSWORD), stdout + stderr);
		}
		const { stdout } = await runCli(['graphql', '{ repositories { remotes { fetchUrl } } }', '--root', repo.path], env);
		assert.match(stdout, /https:\/\/\[REDACTED\]@github\.com\/acme\/api\.git/);
	});
});
