import { strict as assert } from 'node:assert';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, RepositoryState } from '../../../src/git';
import { BatchStatusReader, canBatch, MAX_BATCH_FENCES, MAX_BATCH_REPOS, planBatches, splitStatusOutputs } from '../../../src/git/batchStatus';
import { DiscoveredRepository, discoverRepositories } from '../../../src/git/discovery';
import { readRepositoryState } from '../../../src/git/statusReader';
import { createMetaRepo } from '../../support/createMetaRepo';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

/** NUL-terminated records, as `status --porcelain=v2 -z` prints them. */
function records(...fields: string[]): Buffer {
	return Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');
}

function stripTime(states: readonly RepositoryState[]): RepositoryState[] {
	return states.map((s) => ({ ...s, updatedAt: 0 }));
}

const RENAME = '2 R. N... 100644 100644 100644 1111111111111111111111111111111111111111 1111111111111111111111111111111111111111 R100 new.txt';

describe('git/batchStatus splitStatusOutputs', () => {
	it('splits concatenated outputs at each # branch.oid record', () => {
		const a = records('# branch.oid (initial)', '# branch.head main', '? a.txt');
		const b = records('# branch.oid 1111111111111111111111111111111111111111', '# branch.head (detached)');
		const c = records('# branch.oid 2222222222222222222222222222222222222222', '# branch.head dev', '# stash 2', '1 .M N... 100644 100644 100644 1 1 x');
		assert.deepEqual(splitStatusOutputs(Buffer.concat([a, b, c])), [a, b, c]);
	});

	it('never splits at the original path of a rename, whatever it reads', () => {
		const a = records('# branch.oid (initial)', '# branch.head main', RENAME, '# branch.oid not a header', '? # branch.oid also a file');
		const b = records('# branch.oid (initial)', '# branch.head other');
		assert.deepEqual(splitStatusOutputs(Buffer.concat([a, b])), [a, b]);
	});

	it('returns no outputs for no output, and null for output it cannot attribute', () => {
		assert.deepEqual(splitStatusOutputs(Buffer.alloc(0)), []);
		assert.equal(splitStatusOutputs(records('? stray.txt', '# branch.oid (initial)')), null);
	});
});

describe('git/batchStatus planBatches and canBatch', () => {
	const repos = (count: number, length = 20) => Array.from({ length: count }, (_, i) => `/w/${String(i).padStart(length, 'r')}`);
	const sizes = (batches: string[][]) => batches.map((b) => b.length);
	const self = (p: string) => p;

	it('splits evenly over the processes, keeping the order', () => {
		assert.deepEqual(sizes(planBatches(repos(100), 2, self)), [50, 50]);
		assert.deepEqual(sizes(planBatches(repos(7), 2, self)), [4, 3]);
		assert.deepEqual(planBatches(repos(7), 2, self).flat(), repos(7));
		assert.deepEqual(sizes(planBatches(repos(7), 16, self)), [4, 3], 'no batch below the minimum size when avoidable');
		assert.deepEqual(sizes(planBatches(repos(2), 4, self)), [2]);
		assert.deepEqual(planBatches([], 2, self), []);
	});

	it('fills whole rounds when there are more batches than processes, so no process idles at the end', () => {
		// 110 siblings on 2 processes: batches of 50, 50 and 10 would leave one process idle for the last.
		assert.deepEqual(sizes(planBatches(repos(110), 2, self)), [28, 28, 28, 26]);
		const thousand = planBatches(repos(1000), 2, self);
		assert.equal(thousand.length % 2, 0, `${thousand.length} batches`);
		assert.ok(thousand.every((b) => b.length <= MAX_BATCH_REPOS && b.length >= MAX_BATCH_REPOS - 2), JSON.stringify(sizes(thousand)));
		assert.deepEqual(thousand.flat(), repos(1000));
		assert.equal(planBatches(repos(1000), 4, self).length % 4, 0);
		assert.deepEqual(sizes(planBatches(repos(100), 2, self)), [50, 50], 'one round when the slots hold every repository');
	});

	it('stays within the repository, fence and argument limits', () => {
		const scattered = Array.from({ length: 100 }, (_, i) => `/w/folder-${i}/repo`);
		const fenced = planBatches(scattered, 2, self);
		assert.equal(fenced.length, Math.ceil(100 / MAX_BATCH_FENCES));
		assert.deepEqual(fenced.flat(), scattered);
		assert.ok(planBatches(repos(1000), 2, self).every((b) => b.length <= MAX_BATCH_REPOS));
		const long = planBatches(repos(400, 1000), 1, self);
		assert.ok(long.length >= 6, `${long.length} batches of 1 KB paths`);
		assert.ok(long.every((b) => b.join('').length < 64 * 1024));
	});

	it('keeps paths that argv or the fence list cannot carry out of batches', () => {
		const repo = (p: string, initialized = true): DiscoveredRepository => ({ path: p, name: 'r', kind: 'ROOT', parentPath: null, initialized, location: null });
		assert.ok(canBatch(repo(path.resolve('/w/ok'))));
		assert.ok(!canBatch(repo(path.resolve('/w/ok'), false)), 'uninitialised');
		assert.ok(!canBatch(repo(path.resolve('/w/latin\udce9'))), 'bytes that are not UTF-8');
		assert.ok(!canBatch(repo(path.resolve(`/w/a${path.delimiter}b/repo`))), 'the fence list separator in the parent');
	});
});

describe('git/batchStatus BatchStatusReader on real repositories', function () {
	this.timeout(60_000);
	const cases = useCaseFolders();
	let git: Git;

	beforeEach(() => {
		git = new Git({ env: cases.sandbox.env, concurrency: 2 });
	});
	afterEach(() => git.dispose());

	function repo(name: string): TestRepo {
		return TestRepo.init(cases.sandbox, path.join(cases.root, name)).commit('initial', { 'README.md': `# ${name}\n` });
	}

	/** Every repository of the case, in discovery order, read once in a batch and once each alone. */
	async function readBothWays(folder = cases.root): Promise<{ repos: DiscoveredRepository[]; batched: RepositoryState[]; alone: RepositoryState[]; processes: number }> {
		const repos = (await discoverRepositories([folder])).filter((r) => r.initialized);
		const before = git.spawnCount;
		const batched = await new BatchStatusReader(git).read(repos);
		const processes = git.spawnCount - before;
		const alone: RepositoryState[] = [];
		for (const r of repos) {
			alone.push(await readRepositoryState(git, r));
		}
		return { repos, batched: stripTime(batched), alone: stripTime(alone), processes };
	}

	it('reads the same states as one process per repository, with one process', async () => {
		repo('clean');
		repo('dirty').write({ 'README.md': 'changed\n', 'new dir/untracked.txt': 'x', 'new\nline.txt': 'x' }).git('add', 'new dir');
		const ahead = repo('ahead-behind');
		ahead.publish(path.join(cases.sandbox.dir, `remote-${path.basename(cases.root)}.git`));
		ahead.diverge(2, 3);
		repo('stashes').stash(2);
		repo('detached').commit('second', { 'b.txt': 'b' }).detach('HEAD~1');
		TestRepo.init(cases.sandbox, path.join(cases.root, 'unborn'), { branch: 'trunk' }).write({ 'a.txt': 'a' });
		repo('conflict').conflict('both.txt');
		// A rename whose original name reads like the record that starts each repository's output.
		const tricky = repo('tricky').commit('odd name', { '# branch.oid 1234': 'content long enough to be a rename\n' });
		tricky.git('mv', '# branch.oid 1234', 'renamed.txt').write({ '# branch.oid untracked': 'x' });

		const { repos, batched, alone, processes } = await readBothWays();
		assert.equal(repos.length, 8);
		assert.equal(processes, 1);
		assert.deepEqual(batched, alone);
		assert.ok(batched.every((s) => s.error === null));
		const byName = new Map(batched.map((s) => [s.name, s]));
		assert.deepEqual([byName.get('ahead-behind')?.ahead, byName.get('ahead-behind')?.behind], [2, 3]);
		assert.equal(byName.get('stashes')?.stashes, 2);
		assert.equal(byName.get('detached')?.detached, true);
		assert.deepEqual([byName.get('unborn')?.branch, byName.get('unborn')?.headSha], ['trunk', null]);
		assert.deepEqual(byName.get('tricky')?.changes.map((c) => [c.path, c.originalPath]), [
			['renamed.txt', '# branch.oid 1234'],
			['# branch.oid untracked', null],
		]);
	});

	it('reads submodules (nested, dirty, moved pointer) and a worktree like single reads', async () => {
		const meta = createMetaRepo(path.join(cases.root, 'fixture'), { sandbox: cases.sandbox, worktree: true });
		const { repos, batched, alone, processes } = await readBothWays(meta.root);
		assert.equal(repos.length, 7);
		assert.equal(processes, 1);
		assert.deepEqual(batched, alone);
		const parent = batched.find((s) => s.path === meta.root);
		assert.deepEqual(parent?.submoduleChanges.map((c) => c.path), ['services/api']);
	});

	it('gives a failing repository in the middle its own error and still reads the ones after it', async () => {
		const names = 'abcdefghijkl'.split('');
		for (const name of names) {
			repo(name).write({ [`${name}.txt`]: name });
		}
		writeFileSync(path.join(cases.root, 'c', '.git', 'HEAD'), 'garbage\n');
		const repos = (await discoverRepositories([cases.root])).filter((r) => r.initialized);
		// Gone between discovery and the read.
		rmSync(path.join(cases.root, 'e'), { recursive: true, force: true });

		const before = git.spawnCount;
		const states = await new BatchStatusReader(git).read(repos);
		assert.deepEqual(states.map((s) => s.name), names);
		assert.match(states[2].error ?? '', /HEAD is corrupt/);
		assert.match(states[4].error ?? '', /no longer exists/);
		states.forEach((state, i) => {
			if (i !== 2 && i !== 4) {
				assert.equal(state.error, null, state.name);
				assert.deepEqual(state.changes.map((c) => c.path), [`${state.name}.txt`]);
			}
		});
		// Each failure costs one more batch and two single reads; the repositories after it stay batched.
		assert.equal(git.spawnCount - before, 7);
	});

	it('fences each repository: a nested one with a corrupt HEAD does not report its parent', async () => {
		repo('before');
		const outer = repo('outer').write({ 'outer.txt': 'x' });
		const inner = TestRepo.init(cases.sandbox, path.join(outer.path, 'deeper', 'inner')).commit('inner', { 'x.txt': 'x' });
		writeFileSync(path.join(inner.path, '.git', 'HEAD'), 'garbage\n');
		repo('sibling');
		const { repos, batched, alone } = await readBothWays();
		assert.deepEqual(repos.map((r) => path.relative(cases.root, r.path)), ['before', 'outer', path.join('outer', 'deeper', 'inner'), 'sibling']);
		assert.deepEqual(batched, alone);
		assert.match(batched[2].error ?? '', /HEAD is corrupt/);
		assert.equal(batched[2].branch, null);
		assert.equal(batched[1].error, null);
		assert.ok(batched[1].changes.some((c) => c.path === 'outer.txt'));
		assert.equal(batched[3].error, null);
	});

	it('does not trust the last output of a failed batch: it may be cut short', async () => {
		const all = ['a', 'b', 'c', 'd'].map((name) => repo(name));
		// A batch that printed a whole output for `a`, the start of one for `b`, then failed.
		const cutShort = path.join(cases.root, 'cut-short-git');
		writeFileSync(cutShort, `#!/bin/sh\nfor a in "$@"; do [ "$a" = for-each-repo ] && { printf '# branch.oid (initial)\\0# branch.head from-batch\\0# branch.oid (initial)\\0'; exit 128; }; done\nexec git "$@"\n`);
		chmodSync(cutShort, 0o755);
		git.dispose();
		git = new Git({ env: cases.sandbox.env, concurrency: 2, gitPath: cutShort });
		const states = await new BatchStatusReader(git).read((await discoverRepositories([cases.root])).filter((r) => r.initialized));
		assert.equal(states[0].branch, 'from-batch');
		assert.deepEqual(
			states.slice(1).map((s) => [s.branch, s.headSha, s.error]),
			all.slice(1).map((r) => ['main', r.head(), null]),
		);
	});

	it('falls back to one process per repository when git has no for-each-repo', async () => {
		for (const name of ['a', 'b', 'c', 'd']) {
			repo(name);
		}
		// An old git: it knows every command but for-each-repo (added in git 2.30).
		const oldGit = path.join(cases.root, 'old-git');
		writeFileSync(oldGit, `#!/bin/sh\nfor a in "$@"; do [ "$a" = for-each-repo ] && { echo "git: 'for-each-repo' is not a git command. See 'git --help'." >&2; exit 1; }; done\nexec git "$@"\n`);
		chmodSync(oldGit, 0o755);
		git.dispose();
		git = new Git({ env: cases.sandbox.env, concurrency: 2, gitPath: oldGit });
		const repos = (await discoverRepositories([cases.root])).filter((r) => r.initialized);
		const reader = new BatchStatusReader(git);
		const first = await reader.read(repos);
		assert.ok(first.every((s) => s.error === null));
		const before = git.spawnCount;
		await reader.read(repos);
		assert.equal(git.spawnCount - before, repos.length, 'no more batch attempts');
	});
});
