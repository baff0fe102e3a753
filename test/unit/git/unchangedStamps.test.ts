import { strict as assert } from 'node:assert';
import { appendFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GitModel, RepositoryState } from '../../../src/git';
import { RECENT_MS } from '../../../src/git/unchangedStampWalk';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

/** Lets every file written so far age past RECENT_MS, so a stamp can vouch for it. */
function age(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, RECENT_MS + 200));
}

describe('git/GitModel re-scans keep repositories nothing was written in', function () {
	this.timeout(60_000);
	const cases = useCaseFolders();
	let model: GitModel | undefined;

	afterEach(() => model?.dispose());

	function repos(count: number): TestRepo[] {
		return Array.from({ length: count }, (_, i) => TestRepo.init(cases.sandbox, path.join(cases.root, `r${i}`)).commit('initial', { 'README.md': `# repository ${i}\n`, 'src/a.ts': 'export const a = 1;\n' }));
	}

	const byName = (m: GitModel, name: string): RepositoryState => {
		const state = m.repositories.find((r) => r.name === name);
		assert.ok(state, `no repository ${name}`);
		return state;
	};

	/** A model that has read `count` aged repositories once with stamps. */
	async function scanned(count: number): Promise<{ m: GitModel; all: TestRepo[] }> {
		const all = repos(count);
		await age();
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2 });
		await model.scan();
		return { m: model, all };
	}

	it('re-scans unchanged repositories without running git, and sees a file rewritten in place at the same size', async () => {
		const { m, all } = await scanned(4);
		const before = m.repositories.map((r) => ({ ...r, updatedAt: 0 }));
		const spawned = m.spawnCount;
		await m.scan();
		assert.equal(m.spawnCount, spawned, 'no git process for unchanged repositories');
		assert.equal(m.unchangedCount, 4);
		assert.deepEqual(m.repositories.map((r) => ({ ...r, updatedAt: 0 })), before);

		// Same length, so only the file's times tell.
		writeFileSync(path.join(all[1].path, 'src/a.ts'), 'export const a = 2;\n');
		await m.scan();
		assert.equal(m.unchangedCount, 3);
		assert.deepEqual(byName(m, 'r1').changes.map((c) => [c.path, c.worktreeStatus]), [['src/a.ts', 'MODIFIED']]);
		assert.deepEqual(byName(m, 'r0').changes, []);
	});

	it('sees a new untracked file, a commit, a stash and a branch switch made outside', async () => {
		const { m, all } = await scanned(4);
		all[0].write({ 'src/new.ts': 'new\n' });
		all[1].commit('second', { 'b.txt': 'b\n' });
		all[2].write({ 'README.md': 'edited\n' }).stash(1);
		all[3].git('switch', '-q', '-c', 'topic');
		await m.scan();
		assert.equal(m.unchangedCount, 0);
		assert.deepEqual(byName(m, 'r0').changes.map((c) => c.path), ['src/new.ts']);
		assert.equal(byName(m, 'r1').headSha, all[1].head());
		assert.equal(byName(m, 'r2').stashes, 1);
		assert.equal(byName(m, 'r3').branch, 'topic');
	});

	it('reads a repository holding another repository every time, and keeps the one inside', async () => {
		// Three besides the inner one, so they are read in a batch (single reads take no stamp).
		const [outer] = repos(3);
		TestRepo.init(cases.sandbox, path.join(outer.path, 'inner')).commit('inner', { 'i.txt': 'i\n' });
		await age();
		model = new GitModel({ roots: [cases.root], env: cases.sandbox.env, concurrency: 2 });
		await model.scan();
		const spawned = model.spawnCount;
		await model.scan();
		assert.equal(model.unchangedCount, 3, 'the nested repository and the siblings are kept');
		assert.ok(model.spawnCount > spawned, 'the outer repository is read again');
	});

	it('reads every repository again after the global git config changed', async () => {
		const { m } = await scanned(3);
		appendFileSync(cases.sandbox.env.GIT_CONFIG_GLOBAL, '[status]\n\trelativePaths = false\n');
		const spawned = m.spawnCount;
		await m.scan();
		assert.equal(m.unchangedCount, 0);
		assert.ok(m.spawnCount > spawned);
	});
});
