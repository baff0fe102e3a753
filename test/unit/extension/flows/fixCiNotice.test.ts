import { strict as assert } from 'node:assert';
import { type FixCiFacts, fixCiNotice } from '../../../../src/extension/flows/fixCiNotice';

type Run = FixCiFacts['followUpRuns'][number];

function run(id: string, status: string, conclusion: string | null, workflowName = 'CI'): Run {
	return { id, runNumber: Number(id), workflowName, status, conclusion, url: `https://github.com/acme/web/actions/runs/${id}` };
}

function fix(followUpRuns: Run[], overrides: Partial<FixCiFacts> = {}): FixCiFacts {
	return { runNumber: 4, workflowName: 'CI', round: 1, maxRounds: 3, pushed: true, repository: { path: '/ws/web' }, followUpRuns, ...overrides };
}

describe('the notice at the end of a pushed fix\'s CI', () => {
	it('waits until the push has runs and every one of them has completed', () => {
		assert.deepEqual(fixCiNotice(fix([])), { kind: 'wait' });
		assert.deepEqual(fixCiNotice(fix([run('5', 'COMPLETED', 'SUCCESS'), run('6', 'IN_PROGRESS', null, 'Lint')])), { kind: 'wait' });
		assert.deepEqual(fixCiNotice(fix([run('5', 'COMPLETED', 'SUCCESS')], { pushed: false })), { kind: 'wait' });
	});

	it('says the fix passes once every run succeeded', () => {
		assert.deepEqual(fixCiNotice(fix([run('6', 'COMPLETED', 'SUCCESS', 'Lint'), run('5', 'COMPLETED', 'SKIPPED')])), {
			kind: 'notify',
			text: 'The fix of CI #4 in web passes CI: Lint #6, CI #5 succeeded.',
			failed: false,
			nextRound: undefined,
			url: 'https://github.com/acme/web/actions/runs/6',
		});
	});

	it('names the failed run and offers it for the next round', () => {
		assert.deepEqual(fixCiNotice(fix([run('6', 'COMPLETED', 'SUCCESS', 'Lint'), run('5', 'COMPLETED', 'FAILURE')])), {
			kind: 'notify',
			text: 'The fix of CI #4 in web did not pass CI: CI #5 did not succeed.',
			failed: true,
			nextRound: { repositoryPath: '/ws/web', runId: '5' },
			url: 'https://github.com/acme/web/actions/runs/5',
		});
	});

	it('offers no further round past the round limit, and none for a cancelled run', () => {
		const last = fixCiNotice(fix([run('5', 'COMPLETED', 'FAILURE')], { round: 3 }));
		assert.equal(last.kind === 'notify' && last.nextRound, undefined);
		assert.match(last.kind === 'notify' ? last.text : '', /round 3 of 3: no further round/);
		const cancelled = fixCiNotice(fix([run('5', 'COMPLETED', 'CANCELLED')]));
		assert.deepEqual(cancelled.kind === 'notify' && [cancelled.failed, cancelled.nextRound], [true, undefined]);
	});
});
