import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { GitModel, RepositoryState } from '../../../src/git';
import { createMetaRepo, MetaRepo } from '../../support/createMetaRepo';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

function byPath(model: GitModel, p: string): RepositoryState {
	const state = model.get(p);
	assert.ok(state, `no repository at ${p}`);
	return state;
}

describe('git/GitModel on a meta-repository', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let meta: MetaRepo;
	let model: GitModel;

	before(() => {
		sandbox = createGitSandbox();
		meta = createMetaRepo(path.join(sandbox.dir, 'fixture'), { sandbox, worktree: true });
	});
	after(() => sandbox.dispose());
	beforeEach(() => {
		model = new GitModel({ roots: [meta.root], env: sandbox.env });
	});
	afterEach(() => model.dispose());

	it('discovers the parent, nested submodules, the uninitialised one and the worktree', async () => {
		await model.scan();
		const summary = model.repositories.map((r) => [path.relative(sandbox.dir, r.path), r.kind, r.name, r.parentPath && path.relative(sandbox.dir, r.parentPath), r.initialized]);
		assert.deepEqual(summary, [
			['fixture/meta', 'ROOT', 'meta', null, true],
			['fixture/meta/libs/core', 'SUBMODULE', 'libs/core', 'fixture/meta', true],
			['fixture/meta/libs/ui', 'SUBMODULE', 'libs/ui', 'fixture/meta', true],
			['fixture/meta/services/api', 'SUBMODULE', 'services/api', 'fixture/meta', true],
			['fixture/meta/services/auth', 'SUBMODULE', 'services/auth', 'fixture/meta', true],
			['fixture/meta/services/auth/vendor/crypto', 'SUBMODULE', 'vendor/crypto', 'fixture/meta/services/auth', true],
			['fixture/meta/tools/legacy', 'SUBMODULE', 'tools/legacy', 'fixture/meta', false],
			['fixture/meta-feature', 'WORKTREE', 'meta-feature', 'fixture/meta', true],
			['fixture/meta-feature/libs/core', 'SUBMODULE', 'libs/core', 'fixture/meta-feature', false],
			['fixture/meta-feature/libs/ui', 'SUBMODULE', 'libs/ui', 'fixture/meta-feature', false],
			['fixture/meta-feature/services/api', 'SUBMODULE', 'services/api', 'fixture/meta-feature', false],
			['fixture/meta-feature/services/auth', 'SUBMODULE', 'services/auth', 'fixture/meta-feature', false],
			['fixture/meta-feature/tools/legacy', 'SUBMODULE', 'tools/legacy', 'fixture/meta-feature', false],
		]);
		assert.ok(model.repositories.every((r) => r.error === null));
	});

	it('reads every initialised repository with at most one git process per pool slot, and none for discovery', async () => {
		const commands: string[][] = [];
		model.git.onDidRun((e) => commands.push([...e.args]));
		await model.scan();
		const initialised = model.repositories.filter((r) => r.initialized).length;
		assert.ok(model.spawnCount >= 1 && model.spawnCount <= model.git.concurrency, `${model.spawnCount} processes`);
		assert.ok(model.spawnCount < initialised);
		assert.ok(commands.every((args) => args.includes('status')));
	});

	it('reads each fixture state', async () => {
		await model.scan();
		const root = byPath(model, meta.root);
		assert.equal(root.branch, 'main');
		assert.equal(root.upstream, 'origin/main');
		assert.deepEqual(root.remotes, [{ name: 'origin', fetchUrl: meta.remotes.meta, pushUrl: meta.remotes.meta }]);
		assert.deepEqual(root.changes, []);
		// api moved its pointer (git reports it); ui is dirty inside (derived from ui's own status).
		assert.deepEqual(root.submoduleChanges.map((c) => [c.path, c.worktreeStatus]), [
			['libs/ui', 'MODIFIED'],
			['services/api', 'MODIFIED'],
		]);

		const ui = byPath(model, meta.submodules.ui);
		assert.deepEqual(ui.changes.map((c) => [c.path, c.indexStatus, c.worktreeStatus]), [
			['src/staged.ts', 'ADDED', 'UNMODIFIED'],
			['src/theme.css', 'UNMODIFIED', 'MODIFIED'],
			['notes.txt', 'UNMODIFIED', 'UNTRACKED'],
		]);
		const api = byPath(model, meta.submodules.api);
		assert.equal(api.ahead, 2);
		assert.equal(api.behind, 0);
		const core = byPath(model, meta.submodules.core);
		assert.deepEqual([core.branch, core.ahead, core.behind, core.changes.length], ['main', 0, 0, 0]);
		assert.equal(byPath(model, meta.submodules.crypto).parentPath, meta.submodules.auth);
		const legacy = byPath(model, meta.submodules.legacy);
		assert.deepEqual([legacy.initialized, legacy.error, legacy.branch], [false, null, null]);
		assert.equal(byPath(model, meta.worktree ?? '').branch, 'feature');
	});

	it('refresh spawns exactly one git status and fires only on change', async () => {
		await model.scan();
		const events: RepositoryState[] = [];
		model.onDidChangeRepository((s) => events.push(s));
		const commands: string[][] = [];
		model.git.onDidRun((e) => commands.push([...e.args]));

		const before = model.spawnCount;
		await model.refresh(meta.submodules.core);
		assert.equal(model.spawnCount - before, 1);
		assert.equal(commands.length, 1);
		assert.equal(commands[0][0], 'status');
		assert.equal(events.length, 0, 'nothing changed, so no event');

		TestRepo.open(sandbox, meta.submodules.core).write({ 'new.txt': 'x\n' });
		const state = await model.refresh(meta.submodules.core + path.sep);
		assert.equal(model.spawnCount - before, 2);
		assert.deepEqual(state?.changes.map((c) => c.path), ['new.txt']);
		// The parent now shows core as modified inside, without re-reading the parent.
		assert.deepEqual(events.map((e) => e.path), [meta.submodules.core, meta.root]);
		assert.ok(byPath(model, meta.root).submoduleChanges.some((c) => c.path === 'libs/core'));

		TestRepo.open(sandbox, meta.submodules.core).write({ 'new.txt': null });
		await model.refresh(meta.submodules.core);
		assert.ok(!byPath(model, meta.root).submoduleChanges.some((c) => c.path === 'libs/core'));
	});

	it('refreshing an uninitialised submodule or an unknown path spawns nothing', async () => {
		await model.scan();
		const before = model.spawnCount;
		assert.equal((await model.refresh(meta.submodules.legacy))?.initialized, false);
		assert.equal(await model.refresh(path.join(sandbox.dir, 'nowhere')), undefined);
		assert.equal(model.spawnCount, before);
	});

	it('serves repositories and get() from the cache', async () => {
		await model.scan();
		const before = model.spawnCount;
		assert.equal(model.repositories, model.repositories, 'same cached array');
		model.get(meta.root);
		assert.equal(model.spawnCount, before);
	});

	it('fires onDidChangeRepositories after the first scan and when the set changes', async () => {
		let fired = 0;
		model.onDidChangeRepositories(() => fired++);
		await model.scan();
		assert.equal(fired, 1);
		await model.scan();
		assert.equal(fired, 1, 'same set: no event');
		const extra = TestRepo.init(sandbox, path.join(meta.root, 'playground', 'scratch'));
		await model.scan();
		assert.equal(fired, 2);
		assert.equal(byPath(model, extra.path).kind, 'NESTED');
		assert.equal(byPath(model, extra.path).parentPath, meta.root);
		rmSync(path.join(meta.root, 'playground'), { recursive: true, force: true });
	});

	it('lists what the first scan found before reading it, as unread, then announces each read', async () => {
		const early: { count: number; unread: number; dirty: number }[] = [];
		model.onDidDiscoverRepositories(() => {
			const repos = model.repositories;
			early.push({ count: repos.length, unread: repos.filter((r) => r.updatedAt === 0 && r.error === null).length, dirty: repos.filter((r) => r.changes.length > 0).length });
		});
		const changed = new Set<string>();
		model.onDidChangeRepository((r) => changed.add(r.path));
		let sets = 0;
		model.onDidChangeRepositories(() => sets++);
		await model.scan();
		const initialised = model.repositories.filter((r) => r.initialized);
		// The first repository shows at once, every one before any is read; none passes for clean
		// with its status not read.
		assert.ok(early.length >= 2, `${early.length} discovery events`);
		assert.equal(early[0].count, 1, 'the first row does not wait for the walk');
		assert.equal(early[early.length - 1].count, model.repositories.length);
		assert.ok(early.every((e, i) => i === 0 || e.count >= early[i - 1].count), JSON.stringify(early));
		assert.ok(early.every((e) => e.unread === e.count), 'none read yet');
		assert.ok(early.every((e) => e.dirty === 0));
		assert.ok(model.repositories.every((r) => r.updatedAt > 0), 'all read once the scan ends');
		assert.ok(initialised.every((r) => changed.has(r.path)), 'each read is announced');
		assert.equal(sets, 1);
		const events = early.length;
		await model.scan();
		assert.equal(early.length, events, 'a re-scan keeps showing what it read before');
	});

	it('reads the same states when git is spawned through the helper process', async () => {
		await model.scan();
		const viaHelper = new GitModel({ roots: [meta.root], env: sandbox.env, spawnMode: 'helper' });
		try {
			await viaHelper.scan();
			const strip = (states: readonly RepositoryState[]) => states.map((s) => ({ ...s, updatedAt: 0 }));
			assert.deepEqual(strip(viaHelper.repositories), strip(model.repositories));
			assert.equal(viaHelper.spawnCount, model.spawnCount);
		} finally {
			viaHelper.dispose();
		}
	});

	it('coalesces concurrent scans', async () => {
		const single = new GitModel({ roots: [meta.root], env: sandbox.env });
		await single.scan();
		single.dispose();
		await Promise.all([model.scan(), model.scan(), model.scan(), model.scan()]);
		assert.equal(model.spawnCount, single.spawnCount * 2, 'one running scan plus one queued scan');
	});
});

describe('git/GitModel discovery of sibling and nested repositories', function () {
	this.timeout(30_000);
	let sandbox: GitSandbox;
	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());

	it('finds sibling repos as ROOTs across several roots, honouring maxDepth and exclude', async () => {
		const a = path.join(sandbox.dir, 'ws-a');
		const b = path.join(sandbox.dir, 'ws-b');
		TestRepo.init(sandbox, path.join(a, 'one')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(a, 'group', 'two')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(a, 'node_modules', 'dep')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(a, 'x', 'y', 'z', 'too-deep')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(b, 'three'));
		const model = new GitModel({ roots: [a, b, a], env: sandbox.env });
		try {
			await model.scan();
			assert.deepEqual(
				model.repositories.map((r) => [path.relative(sandbox.dir, r.path), r.kind, r.parentPath]),
				[
					['ws-a/group/two', 'ROOT', null],
					['ws-a/one', 'ROOT', null],
					['ws-b/three', 'ROOT', null],
				],
			);
			const deep = new GitModel({ roots: [a], maxDepth: 4, exclude: [], env: sandbox.env });
			await deep.scan();
			assert.equal(deep.repositories.length, 4);
			deep.dispose();
		} finally {
			model.dispose();
		}
	});
});

describe('git/GitModel and submodules initialised or deinitialised outside it', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let meta: MetaRepo;
	before(() => {
		sandbox = createGitSandbox();
		meta = createMetaRepo(path.join(sandbox.dir, 'fixture'), { sandbox });
	});
	after(() => sandbox.dispose());

	it('a refresh of a submodule deinitialised in a terminal shows it not initialised, and initialised again after `submodule update --init`', async () => {
		const model = new GitModel({ roots: [meta.root], env: sandbox.env });
		try {
			await model.scan();
			assert.equal(byPath(model, meta.submodules.ui).initialized, true);
			const parent = TestRepo.open(sandbox, meta.root);

			parent.git('submodule', 'deinit', '-q', '-f', '--', 'libs/ui');
			// What the file watcher does on the deleted files: refresh the repository they belong to.
			assert.equal((await model.refresh(meta.submodules.ui))?.initialized, false);
			assert.equal(byPath(model, meta.submodules.ui).initialized, false);

			parent.git('-c', 'protocol.file.allow=always', 'submodule', 'update', '-q', '--init', '--', 'libs/ui');
			const again = await model.refresh(meta.submodules.ui);
			assert.equal(again?.initialized, true);
			assert.equal(again?.headSha, parent.output('rev-parse', 'HEAD:libs/ui'), 'read as a checked-out repository');
		} finally {
			model.dispose();
		}
	});
});
