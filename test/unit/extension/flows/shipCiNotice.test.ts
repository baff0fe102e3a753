import { strict as assert } from 'node:assert';
import { NO_RUN_STARTED, shipCiNotice } from '../../../../src/extension/flows/shipCiNotice';
import type { ShipRowFacts } from '../../../../src/extension/flows/shipSummary';

type Row = ShipRowFacts & { repository: { name: string; path: string } };

function row(name: string, overrides: Partial<Row> = {}): Row {
	return {
		repository: { name, path: `/ws/${name}` },
		commit: { status: 'SUCCEEDED', error: null },
		sha: '1a2b3c4d5e6f',
		push: { status: 'SUCCEEDED', error: null },
		ci: 'WAITING',
		runs: [],
		...overrides,
	};
}

const passed = (id: string): Partial<Row> => ({ ci: 'PASSED', runs: [{ id, runNumber: 3, workflowName: 'CI', status: 'COMPLETED', conclusion: 'SUCCESS' }] });
const failed = (id: string): Partial<Row> => ({ ci: 'FAILED', runs: [{ id, runNumber: 4, workflowName: 'CI', status: 'COMPLETED', conclusion: 'FAILURE' }] });

describe('the notice at the end of a ship\'s CI', () => {
	it('waits while any pushed repository still waits for or runs CI', () => {
		assert.deepEqual(shipCiNotice([row('app', passed('1')), row('lib')]), { kind: 'wait' });
		assert.deepEqual(shipCiNotice([row('app', passed('1')), row('lib', { ci: 'RUNNING', runs: [{ id: '2', runNumber: 1, workflowName: 'CI', status: 'IN_PROGRESS', conclusion: null }] })]), { kind: 'wait' });
	});

	it('says once every run passed', () => {
		assert.deepEqual(shipCiNotice([row('app', passed('1')), row('lib', passed('2'))]), { kind: 'notify', text: 'Ship CI finished: 2 pushed · CI: 2 passed.', failed: false, failedRun: undefined });
	});

	it('names the failure and offers its run to fix, with the push that failed counted too', () => {
		const notice = shipCiNotice([row('app', passed('1')), row('lib', failed('9')), row('web', { push: { status: 'FAILED', error: { code: 'PUSH_REJECTED', message: 'pull first' } }, ci: 'NOT_PUSHED' })]);
		assert.deepEqual(notice, { kind: 'notify', text: 'Ship CI finished: 2 pushed, 1 push failed · CI: 1 passed, 1 failed.', failed: true, failedRun: { repositoryPath: '/ws/lib', runId: '9' } });
	});

	it('stays silent when no CI was followed to an end: the ship\'s own message said it all', () => {
		assert.deepEqual(shipCiNotice([row('app')], () => 'no GitHub remote'), { kind: 'silent' });
		assert.deepEqual(shipCiNotice([row('app', { push: { status: 'SKIPPED', error: null }, ci: 'NOT_PUSHED' })]), { kind: 'silent' });
	});

	it('says the outcome of the others once a repository\'s push has started no run for long: it has no CI on push', () => {
		const gaveUp = (r: Row) => (r.ci === 'WAITING' ? NO_RUN_STARTED : undefined);
		assert.deepEqual(shipCiNotice([row('app', failed('7')), row('docs')], gaveUp), {
			kind: 'notify',
			text: 'Ship CI finished: 2 pushed · CI: 1 failed.',
			failed: true,
			failedRun: { repositoryPath: '/ws/app', runId: '7' },
		});
		assert.deepEqual(shipCiNotice([row('docs')], gaveUp), { kind: 'silent' }, 'with no run anywhere there is nothing to add');
	});
});
