import { strict as assert } from 'node:assert';
import type { CachedRun } from '../../../src/github/restReads';
import { RunStore } from '../../../src/github/runStore';

const run = (id: string, overrides: Partial<CachedRun> = {}): CachedRun => ({
	slug: 'acme/api',
	id,
	runNumber: Number(id),
	workflowName: 'CI',
	workflowId: '1',
	status: 'IN_PROGRESS',
	conclusion: null,
	event: 'push',
	branch: 'main',
	headSha: 'a'.repeat(40),
	url: `https://github.com/acme/api/actions/runs/${id}`,
	createdAt: `2026-01-01T00:0${id}:00Z`,
	updatedAt: `2026-01-01T00:0${id}:00Z`,
	actor: { login: 'octocat', avatarUrl: null },
	triggeringActor: { login: 'octocat', avatarUrl: null },
	...overrides,
});

describe('RunStore', () => {
	it('fires when a run appears or changes status or conclusion, and never rolls a run back', () => {
		const store = new RunStore();
		const seen: string[] = [];
		store.onDidChangeRun((r) => seen.push(`${r.id} ${r.status} ${r.conclusion}`));
		assert.equal(store.upsertRun(run('1')), true);
		assert.equal(store.upsertRun(run('1', { updatedAt: '2026-01-01T00:01:30Z' })), false, 'only a newer timestamp');
		assert.equal(store.upsertRun(run('1', { status: 'COMPLETED', conclusion: 'SUCCESS', updatedAt: '2026-01-01T00:02:00Z' })), true);
		assert.equal(store.upsertRun(run('1', { status: 'IN_PROGRESS', updatedAt: '2026-01-01T00:01:45Z' })), false, 'an older answer is ignored');
		assert.equal(store.upsertRun(run('1', { status: 'IN_PROGRESS', updatedAt: '2026-01-01T00:02:00Z' })), false, 'finished wins a tie');
		assert.equal(store.upsertRun(run('1', { status: 'QUEUED', conclusion: null, updatedAt: '2026-01-01T00:05:00Z' })), true, 'a re-run starts it again');
		assert.deepEqual(seen, ['1 IN_PROGRESS null', '1 COMPLETED SUCCESS', '1 QUEUED null']);
	});

	it('serves a run list while no new run appeared and it is younger than the limit', () => {
		const store = new RunStore();
		store.setList('acme/api', null, 20, [run('3'), run('2')], 1000);
		assert.deepEqual(store.list('acme/api', null, 1, 2000, 60_000)?.map((r) => r.id), ['3']);
		assert.equal(store.list('acme/api', null, 50, 2000, 60_000), undefined, 'the list holds fewer than asked for');
		assert.equal(store.list('acme/api', 'feature', 1, 2000, 60_000), undefined, 'another branch');
		assert.equal(store.list('acme/api', null, 1, 61_000, 60_000), undefined, 'too old');
		store.upsertRun(run('4'));
		assert.equal(store.list('acme/api', null, 1, 2000, 60_000), undefined, 'a new run makes it stale');
	});

	it('answers the latest run on the default branch and the newest across repositories', () => {
		const store = new RunStore();
		store.upsertRun(run('1'));
		assert.equal(store.latest('acme/api'), undefined, 'the default branch is not known before an overview');
		store.applyOverview([{ slug: 'acme/api', overview: { repo: { owner: 'acme', name: 'api' }, found: true, error: undefined, defaultBranch: 'main', headSha: 'b'.repeat(40), runs: [], pullRequests: [], pullRequestRuns: [] } }], 0);
		store.upsertRun(run('2', { branch: 'feature' }));
		store.upsertRun(run('3', { slug: 'acme/web' }));
		assert.equal(store.latest('acme/api')?.id, '1');
		assert.deepEqual(store.recent(['acme/api', 'acme/web'], 2).map((r) => r.id), ['3', '2']);
		assert.deepEqual(store.unfinished(['acme/api']).map((r) => r.id), ['1', '2']);
	});

	it('reports the latest run as changed when an overview first names the default branch of runs already held', () => {
		// A run list can arrive before the first overview; its red run becomes the latest only then.
		const store = new RunStore();
		const seen: string[] = [];
		store.upsertRun(run('1', { status: 'COMPLETED', conclusion: 'FAILURE' }));
		store.onDidChangeRun((r) => seen.push(`${r.id} ${r.conclusion}`));
		const overview = { repo: { owner: 'acme', name: 'api' }, found: true, error: undefined, defaultBranch: 'main', headSha: 'b'.repeat(40), runs: [], pullRequests: [], pullRequestRuns: [] };
		store.applyOverview([{ slug: 'acme/api', overview }], 0);
		assert.equal(store.latest('acme/api')?.id, '1');
		assert.deepEqual(seen, ['1 FAILURE']);
		store.applyOverview([{ slug: 'acme/api', overview }], 1);
		assert.deepEqual(seen, ['1 FAILURE'], 'an overview that changes nothing says nothing');
	});

	it('keeps jobs until their run changes', () => {
		const store = new RunStore();
		store.upsertRun(run('1'));
		store.setJobs('1', [], run('1').updatedAt);
		assert.deepEqual(store.jobs('1'), []);
		store.upsertRun(run('1', { updatedAt: '2026-01-01T00:09:00Z' }));
		assert.equal(store.jobs('1'), undefined);
		assert.deepEqual(store.staleJobs(new Set(['acme/api'])).map((r) => r.id), ['1']);
	});
});
