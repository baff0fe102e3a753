import { strict as assert } from 'node:assert';
import { SwitchablePackages } from '../../../src/schema/packages/switchablePackages';
import { UnavailablePackages } from '../../../src/schema/unavailableSources';
import { manifest, MemoryPackages } from '../../support/graph/memoryPackages';

describe('SwitchablePackages', () => {
	it('forwards to the source in use, follows its changes, and says when another takes its place', async () => {
		const switchable = new SwitchablePackages(new UnavailablePackages('untrusted'));
		let changes = 0;
		switchable.onDidChange(() => changes++);
		assert.deepEqual(await switchable.manifests(['/w/a']), []);
		assert.equal(switchable.status().code, 'UNTRUSTED');

		const memory = new MemoryPackages([manifest('/w/a', 'a')]);
		switchable.use(memory);
		assert.equal(changes, 1, 'plugging a source in is a change');
		assert.deepEqual((await switchable.manifests(['/w/a'])).map((m) => m.name), ['a']);
		assert.equal(switchable.unavailableReason, null);
		switchable.refresh();
		assert.equal(memory.refreshes, 1);
		memory.onDidChangeEmitter.fire();
		assert.equal(changes, 2, "the current source's changes are forwarded");

		switchable.dispose();
		memory.onDidChangeEmitter.fire();
		assert.equal(changes, 2, 'nothing is forwarded once disposed');
		assert.equal(memory.onDidChangeEmitter.listenerCount, 0);
	});
});
