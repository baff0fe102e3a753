import { strict as assert } from 'node:assert';
import type { RepositoryState } from '../../../src/schema/contracts/repos';
import { wasPushed } from '../../../src/schema/flows/pushWatch';
import { repoState } from '../../support/graph/memorySources';

const state = (overrides: Partial<RepositoryState> = {}): RepositoryState => repoState('/ws/app', overrides);

describe('a push seen in a repository\'s state', () => {
	it('is HEAD staying put while the upstream catches up, or a branch published with nothing ahead', () => {
		assert.equal(wasPushed(state({ ahead: 2 }), state()), true, 'pushed two commits');
		assert.equal(wasPushed(state({ upstream: null }), state()), true, 'published');
	});

	it('is not a pull, a new commit, a reset, a branch switch, or a state read for the first time', () => {
		assert.equal(wasPushed(state({ behind: 3, headSha: 'b'.repeat(40) }), state()), false, 'pulled');
		assert.equal(wasPushed(state(), state({ headSha: 'c'.repeat(40), ahead: 1 })), false, 'committed');
		assert.equal(wasPushed(state({ ahead: 1, headSha: 'c'.repeat(40) }), state()), false, 'reset to the upstream');
		assert.equal(wasPushed(state({ ahead: 1, branch: 'feature' }), state()), false, 'switched branch');
		assert.equal(wasPushed(undefined, state()), false, 'first read');
		assert.equal(wasPushed(state(), state()), false, 'nothing changed');
		assert.equal(wasPushed(state({ ahead: 1 }), state({ ahead: 1 })), false, 'still ahead');
	});
});
