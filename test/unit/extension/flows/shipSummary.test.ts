import { strict as assert } from 'node:assert';
import { type ShipRowFacts, summarizeShip, summarizeShipRow } from '../../../../src/extension/flows/shipSummary';

type Run = ShipRowFacts['runs'][number];

/** A row that was committed and pushed, CI not yet heard of; overrides move it on or make it fail. */
function row(overrides: Partial<ShipRowFacts> = {}): ShipRowFacts {
	return {
		repository: { name: 'app' },
		commit: { status: 'SUCCEEDED', error: null },
		sha: '1a2b3c4d5e6f',
		push: { status: 'SUCCEEDED', error: null },
		ci: 'WAITING',
		runs: [],
		...overrides,
	};
}

function run(overrides: Partial<Run> = {}): Run {
	return { id: '7', runNumber: 12, workflowName: 'CI', status: 'COMPLETED', conclusion: 'SUCCESS', ...overrides };
}

describe('the summary of a ship', () => {
	it('follows a pushed repository from waiting for CI to passed, settled only at the end', () => {
		const waiting = summarizeShipRow(row());
		assert.deepEqual([waiting.state, waiting.description, waiting.settled], ['CI_WAITING', 'committed 1a2b3c4 · pushed · waiting for CI', false]);
		const running = summarizeShipRow(row({ ci: 'RUNNING', runs: [run({ status: 'IN_PROGRESS', conclusion: null })] }));
		assert.deepEqual([running.state, running.icon.id, running.settled], ['CI_RUNNING', 'sync~spin', false]);
		const passed = summarizeShipRow(row({ ci: 'PASSED', runs: [run()] }));
		assert.deepEqual([passed.state, passed.description, passed.icon.id, passed.settled, passed.contextValue], ['CI_PASSED', 'committed 1a2b3c4 · pushed · CI passed', 'pass', true, 'shipRow']);
	});

	it('ends at pushed, not at a wait that never ends, where CI cannot be followed', () => {
		const pushed = summarizeShipRow(row(), 'no GitHub remote');
		assert.deepEqual([pushed.state, pushed.description, pushed.settled, pushed.icon.id], ['PUSHED', 'committed 1a2b3c4 · pushed · CI not followed (no GitHub remote)', true, 'cloud-upload']);
		assert.equal(summarizeShipRow(row({ push: { status: 'FAILED', error: { code: 'PUSH_REJECTED', message: 'pull first' } }, ci: 'NOT_PUSHED' }), 'no GitHub remote').state, 'PUSH_FAILED', 'a failed push is still said');
		const rows = [row({ repository: { name: 'app' } }), row({ repository: { name: 'lib' } })];
		assert.deepEqual(summarizeShip(rows, (r) => (r.repository.name === 'lib' ? 'GitHub not connected' : undefined)), { text: '2 pushed · CI: 1 waiting', settled: false, failed: 0 });
	});

	it('names the failed run for Fix with Claude, and not a cancelled one beside it', () => {
		const failed = summarizeShipRow(row({ ci: 'FAILED', runs: [run({ id: '8', conclusion: 'CANCELLED', workflowName: 'Lint' }), run({ id: '9', runNumber: 13, conclusion: 'FAILURE' })] }));
		assert.equal(failed.state, 'CI_FAILED');
		assert.deepEqual(failed.failedRun, { id: '9', runNumber: 13, workflowName: 'CI' });
		assert.equal(failed.description, 'committed 1a2b3c4 · pushed · CI failed: CI #13');
		assert.match(failed.contextValue, /\bfixable\b/);
		const onlyCancelled = summarizeShipRow(row({ ci: 'FAILED', runs: [run({ conclusion: 'CANCELLED' })] }));
		assert.equal(onlyCancelled.failedRun, undefined);
		assert.doesNotMatch(onlyCancelled.contextValue, /\bfixable\b/, 'a cancelled run has nothing to fix');
	});

	it('reports a rejected push with its code and says the commit was kept', () => {
		const rejected = summarizeShipRow(row({ push: { status: 'FAILED', error: { code: 'PUSH_REJECTED', message: 'pull first' } }, ci: 'NOT_PUSHED' }));
		assert.deepEqual([rejected.state, rejected.description, rejected.settled], ['PUSH_FAILED', 'committed 1a2b3c4 · push failed (PUSH_REJECTED), commit kept', true]);
		assert.match(rejected.contextValue, /\bfailed\b/);
	});

	it('tells a failed commit, a cancelled push and a repository with nothing to ship apart', () => {
		const hook = summarizeShipRow(row({ commit: { status: 'FAILED', error: { code: 'HOOK_REJECTED', message: 'lint' } }, sha: null, push: { status: 'SKIPPED', error: null }, ci: 'NOT_PUSHED' }));
		assert.deepEqual([hook.state, hook.description], ['COMMIT_FAILED', 'commit failed (HOOK_REJECTED)']);
		const cancelled = summarizeShipRow(row({ push: { status: 'SKIPPED', error: { code: 'CANCELLED', message: 'Cancelled' } }, ci: 'NOT_PUSHED' }));
		assert.deepEqual([cancelled.state, cancelled.description], ['COMMITTED', 'committed 1a2b3c4 · not pushed (CANCELLED)']);
		const nothing = summarizeShipRow(row({ commit: { status: 'SKIPPED', error: null }, sha: null, push: { status: 'SKIPPED', error: null }, ci: 'NOT_PUSHED' }));
		assert.deepEqual([nothing.state, nothing.description], ['NOT_SHIPPED', 'nothing to ship']);
	});

	it('sums the ship up in one line and counts what went wrong', () => {
		const summary = summarizeShip([
			row({ ci: 'PASSED', runs: [run()] }),
			row({ ci: 'RUNNING', runs: [run({ status: 'IN_PROGRESS', conclusion: null })] }),
			row({ push: { status: 'FAILED', error: { code: 'PUSH_REJECTED', message: 'pull first' } }, ci: 'NOT_PUSHED' }),
		]);
		assert.deepEqual(summary, { text: '2 pushed, 1 push failed · CI: 1 passed, 1 running', settled: false, failed: 1 });
		assert.equal(summarizeShip([row({ ci: 'PASSED', runs: [run()] })]).settled, true);
	});
});
