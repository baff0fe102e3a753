import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { discoverRepositories } from '../../../src/git/discovery';
import { createMetaRepo, MetaRepo } from '../../support/createMetaRepo';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

describe('git/discovery with synchronous reads', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let meta: MetaRepo;

	before(() => {
		sandbox = createGitSandbox();
		meta = createMetaRepo(path.join(sandbox.dir, 'fixture'), { sandbox, worktree: true });
		const fixture = path.dirname(meta.root);
		TestRepo.init(sandbox, path.join(fixture, 'group', 'nested')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(fixture, 'node_modules', 'dep')).commit('init', { 'a.txt': 'a' });
		TestRepo.init(sandbox, path.join(fixture, 'vendor', 'skipped')).commit('init', { 'a.txt': 'a' });
		// A `.git` file that is not a `gitdir:` pointer: shown, with no location.
		mkdirSync(path.join(fixture, 'garbled'));
		writeFileSync(path.join(fixture, 'garbled', '.git'), 'not a pointer\n');
	});
	after(() => sandbox.dispose());

	for (const exclude of [undefined, ['**/node_modules', 'vendor/*'], []]) {
		it(`finds what the asynchronous walk finds (exclude ${JSON.stringify(exclude)})`, async () => {
			const roots = [path.dirname(meta.root), meta.root];
			const asynchronous = await discoverRepositories(roots, { exclude });
			const synchronous = await discoverRepositories(roots, { exclude, sync: true });
			assert.deepEqual(synchronous, asynchronous);
			assert.ok(asynchronous.some((r) => r.kind === 'WORKTREE' && r.location?.linkedWorktree));
			assert.ok(asynchronous.some((r) => r.kind === 'SUBMODULE' && r.location !== null && r.location.gitDir !== path.join(r.path, '.git')));
			assert.ok(asynchronous.some((r) => r.name === 'garbled' && r.location === null));
			assert.equal(asynchronous.some((r) => r.name === 'dep'), exclude?.length === 0);
			assert.equal(asynchronous.some((r) => r.name === 'skipped'), exclude?.length !== 2);
		});
	}
});
