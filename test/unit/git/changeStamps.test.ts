import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ChangeStamps } from '../../../src/git/changeStamps';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

describe('git/ChangeStamps', () => {
	let sandbox: GitSandbox;
	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());

	it('names the repositories whose HEAD or index changed since the last look', async () => {
		const a = TestRepo.init(sandbox, path.join(sandbox.dir, 'a')).commit('one', { 'x.txt': '1' });
		const b = TestRepo.init(sandbox, path.join(sandbox.dir, 'b')).commit('one', { 'y.txt': '1' });
		const stamps = new ChangeStamps();
		assert.deepEqual(await stamps.changed([a.path, b.path]), [], 'the first look only records');
		assert.deepEqual(await stamps.changed([a.path, b.path]), []);
		// A commit made by another tool rewrites HEAD's ref and the index.
		b.commit('two', { 'y.txt': '2' });
		assert.deepEqual(await stamps.changed([a.path, b.path]), [b.path]);
		a.git('checkout', '-q', '-b', 'feature');
		assert.deepEqual(await stamps.changed([a.path, b.path]), [a.path]);
		assert.deepEqual(await stamps.changed([a.path, b.path, path.join(sandbox.dir, 'missing')]), []);
	});
});
