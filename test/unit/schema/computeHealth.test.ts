import { strict as assert } from 'node:assert';
import { computeHealth } from '../../../src/schema/health/computeHealth';
import { agentRun, repoState, workflowRun } from '../../support/graph/memorySources';

const conflict = { path: 'a', originalPath: null, indexStatus: 'UNMERGED', worktreeStatus: 'UNMERGED', conflicted: true } as const;

describe('computeHealth', () => {
	it('is OK for clean repositories and green pipelines', () => {
		const health = computeHealth({ repositories: [repoState('/a'), repoState('/b')], latestRuns: [workflowRun('/a'), null], agentRuns: [] });
		assert.deepEqual(health, { status: 'OK', summary: '2 repositories · 0 dirty', items: [] });
	});

	it('warns about conflicts and failed agent runs', () => {
		const health = computeHealth({
			repositories: [repoState('/a', { changes: [conflict] })],
			latestRuns: [],
			agentRuns: [agentRun('/a', { status: 'FAILED' }), agentRun('/a', { status: 'FAILED' })],
		});
		assert.equal(health.status, 'WARNING');
		assert.deepEqual(health.items.map((i) => i.message), ['a · merge conflicts', '2 agent runs failed']);
		assert.equal(health.summary, '1 repository · 1 dirty · 2 warnings');
	});

	it('is an ERROR when a repository cannot be read or a pipeline failed, whatever else is true', () => {
		const health = computeHealth({
			repositories: [repoState('/a', { error: 'HEAD is corrupt' }), repoState('/b', { changes: [conflict] })],
			latestRuns: [workflowRun('/b', { conclusion: 'FAILURE', workflowName: 'CI', runNumber: 9 })],
			agentRuns: [],
		});
		assert.equal(health.status, 'ERROR');
		assert.deepEqual(health.items.map((i) => [i.status, i.kind, i.message, i.repositoryName, i.runId]), [
			['ERROR', 'REPOSITORY_ERROR', 'a · HEAD is corrupt', 'a', null],
			['WARNING', 'CONFLICT', 'b · merge conflicts', 'b', null],
			['ERROR', 'CI_FAILED', 'b · CI #9 failed', 'b', '1'],
		]);
	});

	it('counts repositories the first scan has not read yet as reading, not as clean', () => {
		const health = computeHealth({ repositories: [repoState('/a', { updatedAt: 0 }), repoState('/b', { updatedAt: 0 }), repoState('/c')], latestRuns: [], agentRuns: [] });
		assert.deepEqual([health.status, health.summary], ['OK', '3 repositories · 0 dirty · 2 reading']);
		const failed = computeHealth({ repositories: [repoState('/a', { updatedAt: 0, error: 'gone' })], latestRuns: [], agentRuns: [] });
		assert.equal(failed.summary, '1 repository · 0 dirty · 1 error', 'a failed read is an error, not reading');
	});

	it('ignores runs still in progress', () => {
		const health = computeHealth({ repositories: [], latestRuns: [workflowRun('/a', { status: 'IN_PROGRESS', conclusion: null })], agentRuns: [] });
		assert.equal(health.status, 'OK');
	});
});
