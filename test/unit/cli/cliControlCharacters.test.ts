import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runCli } from '../../support/cliProcess';
import type { GitHubStandIn } from '../../support/github';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';
import { standIn, TOKEN } from '../github/helpers';

/** ESC, and the C1 controls a terminal may read as CSI, OSC or ST. */
// eslint-disable-next-line no-control-regex
const RAW_ESCAPES = /[\u001b\u0007\u0080-\u009f]/;

describe('meta-gothic CLI with control characters in names', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let gh: GitHubStandIn;
	let repo: TestRepo;

	before(async () => {
		sandbox = createGitSandbox('meta-gothic-cli-control-');
		// Git refuses C0 controls in a branch name but takes C1 ones (UTF-8 encoded); a folder takes ESC.
		repo = TestRepo.init(sandbox, path.join(sandbox.dir, 'evil\u001b[2J\u001b]0;pwned\u0007repo'), { branch: 'main\u009b31mx' })
			.commit('initial', { 'README.md': '# evil\n' })
			.git('remote', 'add', 'origin', 'https://github.com/acme/evil.git');
		gh = await standIn();
		const remote = gh.addRepo({ owner: 'acme', name: 'evil' });
		const ci = gh.addWorkflow(remote, { path: '.github/workflows/ci.yml', name: 'CI\u001b]8;;https://evil.example\u0007click here\u001b]8;;\u0007', jobs: [{ name: 'build' }] });
		gh.addRun(remote, { workflow: ci, ageMs: 3_600_000 });
	});
	after(async () => {
		await gh.close();
		sandbox.dispose();
	});

	it('status prints no raw escape from a folder, branch or workflow name, with and without GitHub', async () => {
		const direct = await runCli(['status', '--root', repo.path], sandbox.env);
		assert.equal(direct.code, 0, direct.stderr);
		assert.doesNotMatch(direct.stdout, RAW_ESCAPES, JSON.stringify(direct.stdout));
		assert.match(direct.stdout, /evil\\x1b\[2J\\x1b\]0;pwned\\x07repo\s+main\\x9b31mx\s/);

		const withGitHub = await runCli(['status', '--root', repo.path], { ...sandbox.env, GITHUB_TOKEN: TOKEN, META_GOTHIC_GITHUB_API_URL: gh.url });
		assert.equal(withGitHub.code, 0, withGitHub.stderr);
		assert.doesNotMatch(withGitHub.stdout + withGitHub.stderr, RAW_ESCAPES, JSON.stringify(withGitHub));
		assert.match(withGitHub.stdout, /CI\\x1b\]8;;https:\/\/evil\.example\\x07click here\\x1b\]8;;\\x07: success/);
	});

	it('an error message quoting a name is escaped too; --json keeps the names as they are', async () => {
		const missing = await runCli(['status', '--root', path.join(sandbox.dir, 'gone\u001b[2J')], sandbox.env);
		assert.equal(missing.code, 2);
		assert.doesNotMatch(missing.stderr, RAW_ESCAPES, JSON.stringify(missing.stderr));
		const json = await runCli(['status', '--root', repo.path, '--json'], sandbox.env);
		assert.equal((JSON.parse(json.stdout) as Array<{ branch: string }>)[0].branch, 'main\u009b31mx', 'JSON is for programs: the data is not rewritten');
	});
});
