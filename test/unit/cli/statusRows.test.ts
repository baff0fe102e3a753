import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { statusFromGraph } from '../../../src/cli/graphCommands';
import { readStatusRows } from '../../../src/cli/statusRows';
import { readRepositoryGroup } from '../../../src/cli/statusGroup';
import { createMetaRepo, MetaRepo } from '../../support/createMetaRepo';
import { TestRepo } from '../../support/repoBuilder';

/**
 * `meta-gothic status` reads its rows from the git model when GitHub is not connected, and from
 * the graph otherwise: both must print the same JSON, byte for byte.
 */
describe('meta-gothic status rows', function () {
	this.timeout(60_000);
	let dir: string;
	let meta: MetaRepo;
	let token: string | undefined;

	before(() => {
		token = process.env.GITHUB_TOKEN;
		process.env.GITHUB_TOKEN = '';
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-status-rows-'));
		meta = createMetaRepo(dir, { worktree: true });
		// States the meta-repository lacks: a rename, a detached HEAD, and a repository git refuses.
		TestRepo.open(meta.sandbox, meta.submodules.core).git('mv', 'README.md', 'READ ME.md');
		TestRepo.open(meta.sandbox, meta.submodules.crypto).detach();
		const broken = TestRepo.init(meta.sandbox, path.join(meta.root, 'scratch', 'broken')).commit('initial', { 'a.txt': 'a\n' });
		writeFileSync(path.join(broken.path, '.git', 'HEAD'), 'garbage\n');
		mkdirSync(path.join(dir, '.vscode'));
		writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'metaGothic.repos.groups': { services: ['meta/services/**'], roots: ['meta', 'meta-feature'] } }));
	});
	after(() => {
		process.env.GITHUB_TOKEN = token;
		rmSync(dir, { recursive: true, force: true });
	});

	it('from the git model equal those from the graph', async () => {
		const roots = [path.dirname(meta.root)];
		const direct = await readStatusRows(roots);
		const fromGraph = await statusFromGraph(roots);
		assert.deepEqual(fromGraph.errors, []);
		assert.equal(JSON.stringify(direct, null, 2), JSON.stringify(fromGraph.rows, null, 2));
		// The comparison covers what it claims to.
		assert.ok(direct.length >= 8, `${direct.length} repositories`);
		assert.ok(direct.some((r) => r.kind === 'WORKTREE'));
		assert.ok(direct.some((r) => r.detached));
		assert.ok(direct.some((r) => r.error !== null));
		assert.ok(direct.some((r) => !r.initialized));
		assert.ok(direct.some((r) => r.submoduleChanges.length > 0));
	});

	for (const name of ['services', 'roots']) {
		it(`of group "${name}" from the git model equal those from the graph`, async () => {
			const roots = [path.dirname(meta.root)];
			const direct = await readStatusRows(roots, await readRepositoryGroup(roots, name));
			const fromGraph = await statusFromGraph(roots, name);
			assert.deepEqual(fromGraph.errors, []);
			assert.equal(JSON.stringify(direct, null, 2), JSON.stringify(fromGraph.rows, null, 2));
			assert.ok(direct.length >= 2, `${direct.length} repositories`);
			assert.ok(direct.length < (await readStatusRows(roots)).length, 'the group narrows');
		});
	}
});
