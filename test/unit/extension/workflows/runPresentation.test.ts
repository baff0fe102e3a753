import { strict as assert } from 'node:assert';
import {
	type RunFacts,
	elapsedText,
	jobContextValue,
	relativeTime,
	runContextValue,
	runDescription,
	runLabel,
	runState,
	stateIcon,
	workflowContextValue,
} from '../../../../src/extension/workflows/runPresentation';

const NOW = Date.parse('2026-03-10T12:00:00Z');

/** A run as the view reads it; every field can be overridden. */
function run(overrides: Partial<RunFacts> = {}): RunFacts {
	return {
		id: '7000001',
		runNumber: 12,
		workflowName: 'CI',
		status: 'COMPLETED',
		conclusion: 'SUCCESS',
		event: 'push',
		branch: 'main',
		createdAt: '2026-03-10T11:00:00Z',
		updatedAt: '2026-03-10T11:05:00Z',
		...overrides,
	};
}

/** Whether a `viewItem =~ /\btoken\b/` clause in package.json would match. */
function matches(contextValue: string, token: string): boolean {
	return new RegExp(`\\b${token}\\b`).test(contextValue);
}

describe('how runs read in the Workflows view', () => {
	it('gives each status and conclusion one state, and a spinning icon only while running', () => {
		assert.equal(runState('IN_PROGRESS', null), 'running');
		assert.equal(runState('QUEUED', null), 'queued');
		assert.equal(runState('WAITING', null), 'waiting');
		assert.equal(runState('COMPLETED', 'SUCCESS'), 'success');
		assert.equal(runState('COMPLETED', 'TIMED_OUT'), 'failure');
		assert.equal(runState('COMPLETED', 'STARTUP_FAILURE'), 'failure');
		assert.equal(runState('COMPLETED', 'CANCELLED'), 'cancelled');
		assert.equal(runState('COMPLETED', 'SKIPPED'), 'skipped');
		assert.equal(runState('COMPLETED', null), 'neutral');
		assert.deepEqual(stateIcon('running'), { id: 'sync~spin', color: 'charts.yellow' });
		assert.deepEqual(stateIcon('success'), { id: 'pass', color: 'testing.iconPassed' });
		assert.deepEqual(stateIcon('failure'), { id: 'error', color: 'testing.iconFailed' });
		assert.ok(!stateIcon('cancelled').id.includes('~spin'));
	});

	it('writes times relative to now, tolerating a clock a little ahead', () => {
		assert.equal(relativeTime('2026-03-10T12:00:20Z', NOW), 'just now');
		assert.equal(relativeTime('2026-03-10T11:59:30Z', NOW), 'just now');
		assert.equal(relativeTime('2026-03-10T11:55:00Z', NOW), '5 min ago');
		assert.equal(relativeTime('2026-03-10T09:00:00Z', NOW), '3 h ago');
		assert.equal(relativeTime('2026-03-09T10:00:00Z', NOW), 'yesterday');
		assert.equal(relativeTime('2026-03-05T12:00:00Z', NOW), '5 days ago');
		assert.equal(relativeTime('2025-12-01T12:00:00Z', NOW), '2025-12-01');
		assert.equal(relativeTime(null, NOW), '');
		assert.equal(relativeTime('not a date', NOW), '');
	});

	it('counts elapsed time up while a job runs and stops at its end', () => {
		assert.equal(elapsedText('2026-03-10T11:59:18Z', null, NOW), '42 s');
		assert.equal(elapsedText('2026-03-10T11:00:00Z', '2026-03-10T11:03:05Z', NOW), '3 min 5 s');
		assert.equal(elapsedText('2026-03-10T10:58:00Z', null, NOW), '1 h 2 min');
		assert.equal(elapsedText(null, null, NOW), '');
	});

	it('labels a run by workflow and number, naming the repository in the timeline; branch, event and time describe it', () => {
		assert.equal(runLabel(run()), 'CI #12');
		assert.equal(runLabel(run(), 'api'), 'api · CI #12');
		assert.equal(runDescription(run(), NOW), 'main · push · 55 min ago');
		// An unfinished run is described by when it started, not by its last heartbeat.
		assert.equal(runDescription(run({ status: 'IN_PROGRESS', conclusion: null, event: 'workflow_dispatch', updatedAt: '2026-03-10T11:59:59Z' }), NOW), 'main · workflow dispatch · 1 h ago');
		assert.equal(runDescription(run({ branch: null, event: 'schedule' }), NOW), 'schedule · 55 min ago');
	});

	it('offers cancel while a run is going, re-run once it finished, and re-run failed jobs only after a failure', () => {
		const going = runContextValue(run({ status: 'IN_PROGRESS', conclusion: null }));
		assert.ok(matches(going, 'workflowRun') && matches(going, 'cancelable') && !matches(going, 'rerunnable'));
		const green = runContextValue(run());
		assert.ok(matches(green, 'rerunnable') && !matches(green, 'failed') && !matches(green, 'cancelable'));
		const red = runContextValue(run({ conclusion: 'FAILURE' }));
		assert.ok(matches(red, 'rerunnable') && matches(red, 'failed'));
		assert.ok(matches(runContextValue(run({ conclusion: 'CANCELLED' })), 'failed'), 'cancelled jobs can be re-run as failed ones');
		assert.ok(matches(runContextValue(run({ status: 'QUEUED', conclusion: null })), 'cancelable'));
	});

	it('offers Fix with Claude on failed runs and jobs, not on cancelled or green ones', () => {
		assert.ok(matches(runContextValue(run({ conclusion: 'FAILURE' })), 'fixable'));
		assert.ok(matches(runContextValue(run({ conclusion: 'TIMED_OUT' })), 'fixable'));
		assert.ok(!matches(runContextValue(run({ conclusion: 'CANCELLED' })), 'fixable'), 'a cancelled run has nothing to fix');
		assert.ok(!matches(runContextValue(run()), 'fixable'));
		assert.ok(matches(jobContextValue({ status: 'COMPLETED', conclusion: 'FAILURE', url: null }), 'fixable'));
		assert.ok(!matches(jobContextValue({ status: 'COMPLETED', conclusion: 'SUCCESS', url: null }), 'fixable'));
		assert.ok(!matches(jobContextValue({ status: 'IN_PROGRESS', conclusion: null, url: null }), 'fixable'));
	});

	it('marks workflows that can be run by hand and jobs whose log exists', () => {
		assert.ok(matches(workflowContextValue(true, true), 'dispatchable'));
		assert.ok(!matches(workflowContextValue(false, true), 'dispatchable'));
		assert.ok(!matches(workflowContextValue(true, false), 'workflowRun'), 'a workflow is not a run');
		assert.ok(matches(jobContextValue({ status: 'COMPLETED', url: 'https://github.com/x' }), 'hasLog'));
		assert.ok(matches(jobContextValue({ status: 'IN_PROGRESS', url: null }), 'hasLog'));
		assert.ok(!matches(jobContextValue({ status: 'QUEUED', url: null }), 'hasLog'), 'no log before the job starts');
	});
});
