import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../support/cliProcess';
import { createMetaRepo, MetaRepo } from '../../support/createMetaRepo';
import { createGitSandbox, runGit, TestRepo } from '../../support/repoBuilder';

const cli = runCli;

describe('meta-gothic CLI', function () {
	this.timeout(60_000);
	let dir: string;
	let meta: MetaRepo;

	before(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-cli-'));
		meta = createMetaRepo(dir);
		// As VS Code writes it: with a comment and a trailing comma.
		mkdirSync(path.join(meta.root, '.vscode'));
		writeFileSync(
			path.join(meta.root, '.vscode', 'settings.json'),
			'{\n\t// groups for --group\n\t"metaGothic.repos.groups": { "libs": ["libs/*"], "services": ["services/**"], },\n}\n',
		);
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('graphql prints the repositories of a meta-repo as JSON', async () => {
		const { stdout, code } = await cli(['graphql', '{ repositories { path branch isDirty kind initialized } }', '--root', meta.root]);
		assert.equal(code, 0);
		const repos = JSON.parse(stdout).data.repositories as Array<{ path: string; branch: string | null; isDirty: boolean; kind: string; initialized: boolean }>;
		const byPath = new Map(repos.map((r) => [r.path, r]));
		assert.deepEqual(byPath.get(meta.root), { path: meta.root, branch: 'main', isDirty: true, kind: 'ROOT', initialized: true });
		assert.deepEqual(byPath.get(meta.submodules.core), { path: meta.submodules.core, branch: 'main', isDirty: false, kind: 'SUBMODULE', initialized: true });
		assert.equal(byPath.get(meta.submodules.ui)?.isDirty, true);
		assert.equal(byPath.get(meta.submodules.crypto)?.kind, 'SUBMODULE', 'nested submodules are found');
		assert.equal(byPath.get(meta.submodules.legacy)?.initialized, false, 'an uninitialised submodule is listed, not hidden');
	});

	it('graphql exits 1 and prints the errors of a bad document', async () => {
		const { stdout, code } = await cli(['graphql', '{ repositories { nope } }', '--root', meta.root]);
		assert.equal(code, 1);
		assert.match(JSON.parse(stdout).errors[0].message, /Cannot query field "nope"/);
	});

	it('graphql takes variables as JSON and rejects JSON that is not an object', async () => {
		const ok = await cli(['graphql', 'query($p: String!) { repository(path: $p) { name } }', '--variables', JSON.stringify({ p: meta.submodules.api }), '--root', meta.root]);
		assert.deepEqual(JSON.parse(ok.stdout), { data: { repository: { name: 'services/api' } } });
		const bad = await cli(['graphql', '{ health { status } }', '--variables', '[1]']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /--variables must be a JSON object/);
	});

	it('status prints a table with branch, ahead/behind and changes, and --json the same rows', async () => {
		const table = await cli(['status', '--root', meta.root]);
		assert.equal(table.code, 0);
		const lines = table.stdout.trim().split('\n');
		assert.match(lines[0], /^REPOSITORY\s+BRANCH\s+↑↓\s+CHANGES\s+CI$/);
		assert.match(table.stdout, /services\/api\s+main\s+↑2\s/);
		assert.match(table.stdout, /tools\/legacy\s+\(not initialised\)/);
		const json = await cli(['status', '--root', meta.root, '--json']);
		const rows = JSON.parse(json.stdout) as Array<{ name: string; ahead: number }>;
		assert.equal(rows.find((r) => r.name === 'services/api')?.ahead, 2);
		assert.equal(rows.length, lines.length - 1);
	});

	// With a token, status reads through the graph; the stand-in address keeps it off the network.
	const withToken = { GITHUB_TOKEN: 'test-token', META_GOTHIC_GITHUB_API_URL: 'http://127.0.0.1:9' };

	it('status --group prints the group\'s repositories only, the same with and without a token', async () => {
		const direct = await cli(['status', '--root', meta.root, '--group', 'services', '--json']);
		assert.equal(direct.code, 0, direct.stderr);
		const names = (JSON.parse(direct.stdout) as Array<{ name: string }>).map((r) => r.name);
		assert.deepEqual([...names].sort(), ['services/api', 'services/auth', 'vendor/crypto']);
		const fromGraph = await cli(['status', '--root', meta.root, '--group', 'services', '--json'], withToken);
		assert.equal(fromGraph.code, 0, fromGraph.stderr);
		assert.equal(fromGraph.stdout, direct.stdout);

		const table = await cli(['status', '--root', meta.root, '--group', 'libs']);
		assert.equal(table.code, 0, table.stderr);
		assert.deepEqual(table.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]).sort(), ['libs/core', 'libs/ui']);
		assert.equal((await cli(['status', '--root', meta.root, '--group', 'libs'], withToken)).stdout, table.stdout);
	});

	it('status --group with an unknown group names the defined ones and exits 2, with and without a token', async () => {
		const direct = await cli(['status', '--root', meta.root, '--group', 'frontend']);
		assert.equal(direct.code, 2);
		assert.equal(direct.stdout, '');
		assert.match(direct.stderr, /^meta-gothic: --group: Repository group "frontend" is not defined in the setting metaGothic\.repos\.groups; the groups are "libs", "services"\n/);
		const fromGraph = await cli(['status', '--root', meta.root, '--group', 'frontend'], withToken);
		assert.equal(fromGraph.code, 2);
		assert.equal(fromGraph.stderr, direct.stderr);
	});

	it('rejects --group outside status', async () => {
		const { stderr, code } = await cli(['graphql', '{ repositories { name } }', '--group', 'libs', '--root', meta.root]);
		assert.equal(code, 2);
		assert.match(stderr, /--group applies to status only; in a query, pass group: "libs"/);
	});

	it('sdl prints the schema', async () => {
		const { stdout, code } = await cli(['sdl']);
		assert.equal(code, 0);
		assert.match(stdout, /type Repository \{/);
		assert.doesNotMatch(stdout, /ByPath/);
	});

	it('a --root that is missing, a file or unreadable is a usage error naming the path, not "No git repositories found."', async () => {
		const missing = path.join(dir, 'does-not-exist');
		const file = path.join(dir, 'a-file');
		writeFileSync(file, 'x');
		for (const [root, reason] of [[missing, 'no such folder'], [file, 'not a folder']] as const) {
			const { stdout, stderr, code } = await cli(['status', '--root', root]);
			assert.deepEqual([code, stdout], [2, ''], stderr);
			assert.ok(stderr.startsWith(`meta-gothic: --root ${root}: ${reason}\n`), stderr);
		}
		if (process.getuid?.() !== 0) {
			// root reads everything; elsewhere a folder without read permission is refused too.
			const locked = path.join(dir, 'locked');
			mkdirSync(locked, { mode: 0o000 });
			assert.equal((await cli(['status', '--root', locked])).code, 2);
		}
	});

	it('an unknown option names the option, malformed --variables names the JSON error, --help lists the exit codes', async () => {
		const unknown = await cli(['status', '--frobnicate']);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /--frobnicate/);
		const malformed = await cli(['graphql', '{ health { status } }', '--variables', '{"p": ']);
		assert.equal(malformed.code, 2);
		assert.match(malformed.stderr, /--variables is not valid JSON: .*(JSON|position|end)/);
		const help = await cli(['--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /Exit codes:\n\s+0 +done\n\s+1 +the operation failed[^\n]*\n\s+2 +usage error/);
		assert.match(help.stdout, /meta-gothic sync \[--recursive\]/);
	});

	it('the status table marks conflicts and uninitialised submodules as such', async () => {
		const { stdout } = await cli(['status', '--root', meta.root]);
		assert.match(stdout, /tools\/legacy\s+\(not initialised\)\s+=\s+—/, 'an uninitialised submodule is not "clean"');
		const conflicted = path.join(dir, 'conflicted');
		const sandbox = createGitSandbox();
		try {
			TestRepo.init(sandbox, conflicted).commit('initial', { 'README.md': '# c\n' }).conflict('clash.txt');
			const table = await cli(['status', '--root', conflicted], sandbox.env);
			assert.match(table.stdout, /conflicted\s+main\s+=\s+1 CONFLICTED/);
		} finally {
			sandbox.dispose();
		}
	});

	it('sync checks out the submodules that are registered but not checked out, from their (local bare) remotes', async () => {
		const clone = path.join(dir, 'fresh-clone');
		const sandbox = createGitSandbox();
		try {
			// What a newcomer has after `git clone`: the meta-repository, its submodules registered only.
			runGit(sandbox, dir, ['clone', '-q', meta.remotes.meta, clone]);
			const before = JSON.parse((await cli(['status', '--root', clone, '--json'], sandbox.env)).stdout) as Array<{ name: string; initialized: boolean }>;
			assert.ok(before.filter((r) => !r.initialized).length >= 4, JSON.stringify(before));
			const flat = await cli(['sync', '--root', clone], sandbox.env);
			assert.equal(flat.code, 0, flat.stderr + flat.stdout);
			assert.match(flat.stdout, /^Checking out \d+ submodules…\n/);
			assert.match(flat.stdout, /checked out {2}libs\/core\n/);
			const again = await cli(['sync', '--root', clone, '--recursive'], sandbox.env);
			assert.equal(again.code, 0, again.stderr + again.stdout);
			const after = JSON.parse((await cli(['status', '--root', clone, '--json'], sandbox.env)).stdout) as Array<{ name: string; initialized: boolean }>;
			assert.deepEqual(after.filter((r) => !r.initialized).map((r) => r.name), [], 'every submodule, nested ones too, is checked out');
			assert.ok(after.some((r) => r.name === 'vendor/crypto'), 'the nested submodule was found and checked out');
			assert.match((await cli(['sync', '--root', clone], sandbox.env)).stdout, /^Every submodule is checked out/);
			assert.equal((await cli(['status', '--root', clone, '--recursive'])).code, 2, '--recursive belongs to sync');
		} finally {
			sandbox.dispose();
		}
	});

	it('rejects an unknown command with usage and exit code 2', async () => {
		const { stderr, code } = await cli(['frobnicate']);
		assert.equal(code, 2);
		assert.match(stderr, /Unknown command "frobnicate"[\s\S]*Usage:/);
	});
});
