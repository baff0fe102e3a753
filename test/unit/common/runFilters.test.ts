import { strict as assert } from 'node:assert';
import { type FilterableRow, filterRuns, initialFilter } from '../../../src/common/runFilters';

type Row = FilterableRow & { readonly key: string };

function row(key: string, run: Partial<FilterableRow['run']> = {}): Row {
	return { key, repository: { name: key.split('#')[0] }, run: { status: 'COMPLETED', conclusion: 'SUCCESS', branch: 'main', event: 'push', workflowName: 'CI', actor: { login: 'mona' }, triggeringActor: { login: 'mona' }, ...run } };
}

const keys = (rows: readonly Row[]) => rows.map((r) => r.key);

describe('the CI timeline\'s filters', () => {
	const rows = [
		row('core#1'),
		row('ui#2', { actor: { login: 'hubot' }, triggeringActor: { login: 'hubot' }, conclusion: 'FAILURE' }),
		// hubot pushed it, Mona re-ran it.
		row('api#3', { actor: { login: 'hubot' }, triggeringActor: { login: 'Mona' }, status: 'IN_PROGRESS', conclusion: null }),
		row('web#4', { actor: null, triggeringActor: null, event: 'schedule' }),
	];

	it('Mine keeps the runs the signed-in account started or re-ran, whatever the case of its login', () => {
		assert.deepEqual(keys(filterRuns(rows, { state: '', text: '', mine: 'mona' })), ['core#1', 'api#3']);
		assert.deepEqual(keys(filterRuns(rows, { state: '', text: '', mine: 'HUBOT' })), ['ui#2', 'api#3']);
		assert.deepEqual(keys(filterRuns(rows, { state: '', text: '', mine: null })), ['core#1', 'ui#2', 'api#3', 'web#4'], 'off, it hides nothing, not even runs no one is named for');
	});

	it('combines Mine with the outcome chips and the text', () => {
		assert.deepEqual(keys(filterRuns(rows, { state: 'running', text: '', mine: 'mona' })), ['api#3']);
		assert.deepEqual(keys(filterRuns(rows, { state: 'failing', text: '', mine: 'mona' })), []);
		assert.deepEqual(keys(filterRuns(rows, { state: 'failing', text: '', mine: null })), ['ui#2']);
		assert.deepEqual(keys(filterRuns(rows, { state: '', text: ' SCHED ', mine: null })), ['web#4']);
		assert.deepEqual(keys(filterRuns(rows, { state: '', text: 'core', mine: 'hubot' })), []);
	});

	it('opens with the filter a link asked for', () => {
		assert.deepEqual(initialFilter('failing'), { state: 'failing', text: '', mine: false });
		assert.deepEqual(initialFilter('mine'), { state: '', text: '', mine: true });
		assert.deepEqual(initialFilter('feature/login'), { state: '', text: 'feature/login', mine: false });
		assert.deepEqual(initialFilter(''), { state: '', text: '', mine: false });
	});

	it('a branch keeps that branch\'s runs only, exactly, with the other filters', () => {
		const more = [...rows, row('core#5', { branch: 'main-next' }), row('ui#6', { branch: 'fix/ci-2', conclusion: 'FAILURE' })];
		assert.deepEqual(keys(filterRuns(more, { state: '', text: '', mine: null, branch: 'main' })), ['core#1', 'ui#2', 'api#3', 'web#4'], 'not main-next');
		assert.deepEqual(keys(filterRuns(more, { state: 'failing', text: '', mine: null, branch: 'fix/ci-2' })), ['ui#6']);
		assert.deepEqual(keys(filterRuns(more, { state: '', text: '', mine: null, branch: null })), keys(more));
	});
});
