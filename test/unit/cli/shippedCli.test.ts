import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createMetaRepo, MetaRepo } from '../../support/createMetaRepo';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const SHIPPED = path.join(root, 'dist', 'cli.js');

/** Runs the bundled CLI, as `npm install -g` users get it; resolves with its output and exit code. */
async function shipped(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; code: number }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [SHIPPED, ...args], { cwd: os.tmpdir(), env: { ...process.env, GITHUB_TOKEN: '', ...env } });
		return { stdout, stderr, code: 0 };
	} catch (err) {
		const e = err as { stdout: string; stderr: string; code: number };
		return { stdout: e.stdout, stderr: e.stderr, code: e.code };
	}
}

/**
 * The bundle is not the source: esbuild splits the graph commands into dist/cliGraph.js, loaded
 * through a code cache, and inlines what `require` finds at run time. The other CLI tests run the
 * source through tsx; these run what ships (`npm test` builds it first).
 */
describe('the shipped CLI (dist/cli.js)', function () {
	this.timeout(60_000);
	let dir: string;
	let meta: MetaRepo;

	before(function () {
		assert.ok(existsSync(SHIPPED), `${SHIPPED} is missing: run \`npm run build\` first`);
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-shipped-'));
		meta = createMetaRepo(dir);
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('status prints the table and --json its rows, from any folder', async () => {
		const table = await shipped(['status', '--root', meta.root]);
		assert.equal(table.code, 0, table.stderr);
		assert.match(table.stdout, /services\/api\s+main\s+↑2\s/);
		const rows = JSON.parse((await shipped(['status', '--root', meta.root, '--json'])).stdout) as Array<{ name: string; ahead: number }>;
		assert.equal(rows.find((r) => r.name === 'services/api')?.ahead, 2);
	});

	it('graphql and sdl load the graph bundle: a query answers, and the schema is the committed one', async () => {
		const query = await shipped(['graphql', '{ repositories { path isDirty } }', '--root', meta.root]);
		assert.equal(query.code, 0, query.stderr);
		const repos = (JSON.parse(query.stdout) as { data: { repositories: Array<{ path: string; isDirty: boolean }> } }).data.repositories;
		assert.equal(repos.find((r) => r.path === meta.submodules.ui)?.isDirty, true);
		const sdl = await shipped(['sdl']);
		assert.equal(sdl.code, 0, sdl.stderr);
		assert.equal(sdl.stdout, readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
	});

	it('a usage error exits 2 with the usage text', async () => {
		const bad = await shipped(['nope']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /Unknown command "nope"/);
		assert.match(bad.stderr, /Exit codes:/);
	});
});
