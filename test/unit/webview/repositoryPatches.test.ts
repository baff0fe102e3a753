import { strict as assert } from 'node:assert';
import { overlay, settle } from '../../../src/webview/pages/repositoryPatches';

interface Row {
	path: string;
	isDirty: boolean;
	changes: { path: string }[];
	github: { runs: number } | null;
}

const row = (path: string, isDirty: boolean, github: Row['github'] = null): Row => ({ path, isDirty, changes: isDirty ? [{ path: 'a.txt' }] : [], github });
const patch = (path: string, isDirty: boolean) => ({ path, isDirty, changes: isDirty ? [{ path: 'a.txt' }] : [] });

describe('repositoryChanged events over the Overview read', () => {
	it('an event shows over the read at once, keeping what only the read has', () => {
		const read = [row('/a', false, { runs: 3 }), row('/b', false)];
		const shown = overlay(read, new Map([['/a', patch('/a', true)]]));
		assert.deepEqual(shown[0], row('/a', true, { runs: 3 }));
		assert.equal(shown[1], read[1], 'the other repository keeps its object, so its row is not drawn again');
		assert.equal(overlay(read, new Map()), read);
	});

	it('a read from before the event does not draw the old state back; one that agrees retires the event', () => {
		const events = new Map([['/a', patch('/a', true)]]);
		const older = [row('/a', false), row('/b', false)];
		assert.equal(settle(older, events), events, 'the event stays over an older read');
		assert.equal(overlay(older, settle(older, events))[0]!.isDirty, true);
		const caughtUp = [row('/a', true, { runs: 1 }), row('/b', false)];
		assert.equal(settle(caughtUp, events).size, 0);
	});

	it('an event for a repository the read does not have is dropped, and later events replace earlier ones', () => {
		const events = new Map([['/gone', patch('/gone', true)], ['/a', patch('/a', false)]]);
		const kept = settle([row('/a', true)], events);
		assert.deepEqual([...kept.keys()], ['/a']);
		assert.deepEqual(overlay([row('/a', true)], kept)[0], row('/a', false));
	});
});
