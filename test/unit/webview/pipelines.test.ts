import { strict as assert } from 'node:assert';
import { codedFailure } from '../../../src/webview/pages/codedFailure';
import { durationText, elapsedMs, formatDuration } from '../../../src/webview/pipelines/duration';
import { applicableActions, isFailed, stateMark } from '../../../src/webview/pipelines/runState';

describe('the Pipelines page: durations', () => {
	it('words a duration as GitHub does: seconds, then minutes and seconds, then hours and minutes', () => {
		assert.deepEqual([0, 999, 42_000, 60_000, 185_000, 3_599_999, 3_720_000, 90_000_000].map(formatDuration), ['0s', '0s', '42s', '1m 00s', '3m 05s', '59m 59s', '1h 02m', '25h 00m']);
	});

	it('measures to the end once finished, to now while running, and not at all before the start', () => {
		const now = Date.parse('2026-01-01T10:05:00Z');
		assert.equal(elapsedMs({ startedAt: '2026-01-01T10:00:00Z', completedAt: '2026-01-01T10:01:30Z' }, now), 90_000);
		assert.equal(elapsedMs({ startedAt: '2026-01-01T10:00:00Z', completedAt: null }, now), 300_000);
		assert.equal(elapsedMs({ startedAt: null, completedAt: null }, now), null);
		assert.equal(elapsedMs({ startedAt: 'not a time', completedAt: null }, now), null);
		// GitHub's step and job clocks differ by a little: never a negative duration.
		assert.equal(elapsedMs({ startedAt: '2026-01-01T10:00:01Z', completedAt: '2026-01-01T10:00:00Z' }, now), 0);
		assert.equal(durationText({ startedAt: null }, now), '');
		assert.equal(durationText({ startedAt: '2026-01-01T10:00:00Z', completedAt: '2026-01-01T10:00:07Z' }, now), '7s');
	});
});

describe('the Pipelines page: run states', () => {
	it('offers cancel while a run has not finished, re-run once it has, and re-run failed jobs after a failure or a cancellation', () => {
		const offered = (status: string, conclusion: string | null = null) => [...applicableActions({ status, conclusion })].sort();
		assert.deepEqual(offered('QUEUED'), ['cancel']);
		assert.deepEqual(offered('IN_PROGRESS'), ['cancel']);
		assert.deepEqual(offered('WAITING'), ['cancel']);
		assert.deepEqual(offered('COMPLETED', 'SUCCESS'), ['rerun']);
		assert.deepEqual(offered('COMPLETED', 'SKIPPED'), ['rerun']);
		assert.deepEqual(offered('COMPLETED', 'FAILURE'), ['rerun', 'rerunFailed']);
		assert.deepEqual(offered('COMPLETED', 'TIMED_OUT'), ['rerun', 'rerunFailed']);
		assert.deepEqual(offered('COMPLETED', 'CANCELLED'), ['rerun', 'rerunFailed']);
		// A startup failure never started a job: there is none to re-run.
		assert.deepEqual(offered('COMPLETED', 'STARTUP_FAILURE'), ['rerun']);
	});

	it('marks a state by its icon and tone: a spinner while running, a clock while waiting, then the conclusion', () => {
		assert.deepEqual(stateMark({ status: 'IN_PROGRESS' }), { icon: 'sync', spin: true, tone: 'running' });
		assert.deepEqual(stateMark({ status: 'QUEUED' }), { icon: 'clock', tone: 'running' });
		assert.deepEqual(stateMark({ status: 'COMPLETED', conclusion: 'SUCCESS' }), { icon: 'pass', tone: 'success' });
		assert.deepEqual(stateMark({ status: 'COMPLETED', conclusion: 'FAILURE' }), { icon: 'error', tone: 'failure' });
		assert.deepEqual(stateMark({ status: 'COMPLETED', conclusion: 'CANCELLED' }), { icon: 'circle-slash', tone: 'neutral' });
		assert.equal(isFailed({ status: 'COMPLETED', conclusion: 'TIMED_OUT' }), true);
		assert.equal(isFailed({ status: 'IN_PROGRESS', conclusion: 'FAILURE' }), false, 'a conclusion counts only once completed');
	});

	it('words a refused write with its code first', () => {
		assert.equal(codedFailure(undefined), undefined);
		assert.equal(codedFailure({ graphQLErrors: [{ message: 'Cannot cancel a workflow run that is completed.', extensions: { code: 'CONFLICT', domain: 'GITHUB' } }] }), 'CONFLICT: Cannot cancel a workflow run that is completed.');
		assert.equal(codedFailure({ graphQLErrors: [{ message: 'a' }, { message: 'a' }] }), 'a');
		assert.equal(codedFailure({ networkError: new Error('The host went away.'), graphQLErrors: [] }), 'The host went away.');
	});
});
