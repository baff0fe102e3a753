import { strict as assert } from 'node:assert';
import { groupByPush, type GroupableRow, shipsByPush } from '../../../src/webview/pipelines/pushGroups';

const T0 = Date.parse('2026-03-01T12:00:00Z');

function row(repo: string, secondsAgo: number, overrides: Partial<GroupableRow['run']> = {}): GroupableRow {
	return { key: `${repo}#${secondsAgo}`, repository: { path: `/ws/${repo}` }, run: { event: 'push', createdAt: new Date(T0 - secondsAgo * 1000).toISOString(), status: 'COMPLETED', conclusion: 'SUCCESS', actor: { login: 'mona' }, ...overrides } };
}

const shape = (items: ReturnType<typeof groupByPush>) => items.map((i) => (i.kind === 'run' ? i.row.key : `[${i.rows.map((r) => r.key).join(' ')}] ${i.outcome} (${i.state})`));
const pushers = (items: ReturnType<typeof groupByPush>) => items.map((i) => (i.kind === 'run' ? i.row.key : `${i.actor ?? '?'}: ${i.rows.map((r) => r.key).join(' ')}`));
const by = (login: string | null) => ({ actor: login === null ? null : { login } });

describe('the CI timeline: runs grouped by the push that started them', () => {
	it('puts the push runs of several repositories within a minute under one line with one outcome', () => {
		const rows = [row('core', 0), row('ui', 20, { status: 'IN_PROGRESS', conclusion: null }), row('api', 50, { conclusion: 'FAILURE' }), row('core', 600)];
		assert.deepEqual(shape(groupByPush(rows)), ['[core#0 ui#20 api#50] 1 passed, 1 failed, 1 running (running)', 'core#600']);
	});

	it('leaves a push of one repository, and pushes further apart than a minute, as runs of their own', () => {
		assert.deepEqual(shape(groupByPush([row('core', 0), row('core', 10)])), ['core#0', 'core#10']);
		assert.deepEqual(shape(groupByPush([row('core', 0), row('ui', 61)])), ['core#0', 'ui#61']);
	});

	it('does not let a dispatch or a pull request build in between split the push, nor join it', () => {
		const rows = [row('core', 0), row('ui', 5, { event: 'workflow_dispatch' }), row('api', 10), row('web', 30, { event: 'pull_request' })];
		assert.deepEqual(shape(groupByPush(rows)), ['[core#0 api#10] 2 passed (success)', 'ui#5', 'web#30']);
	});

	it('keeps the group\'s key while newer runs of the same push arrive', () => {
		const before = groupByPush([row('core', 5), row('ui', 10)]);
		const after = groupByPush([row('api', 0), row('core', 5), row('ui', 10)]);
		assert.equal(before[0].kind === 'push' && before[0].key, 'push:ui#10');
		assert.equal(after[0].kind === 'push' && after[0].key, 'push:ui#10');
		assert.equal(after[0].kind === 'push' && after[0].repositories, 3);
	});

	it('makes two groups of two people pushing in the same minute, each listed where its newest run is', () => {
		const rows = [row('core', 0), row('ui', 5, by('hubot')), row('api', 10), row('web', 20, by('hubot')), row('docs', 30, by('hubot'))];
		assert.deepEqual(pushers(groupByPush(rows)), ['mona: core#0 api#10', 'hubot: ui#5 web#20 docs#30']);
	});

	it('never lets another person\'s push make a group of a push to one repository', () => {
		assert.deepEqual(shape(groupByPush([row('core', 0), row('ui', 5, by('hubot'))])), ['core#0', 'ui#5']);
		assert.deepEqual(pushers(groupByPush([row('core', 0), row('ui', 5, by('hubot')), row('core', 8, by('hubot'))])), ['core#0', 'hubot: ui#5 core#8']);
	});

	it('keeps a person\'s push whole around someone else\'s single run, and an unknown pusher apart from a known one', () => {
		const rows = [row('core', 0), row('web', 4, by('hubot')), row('ui', 8), row('api', 12, by(null)), row('docs', 14, by(null))];
		assert.deepEqual(pushers(groupByPush(rows)), ['mona: core#0 ui#8', 'web#4', '?: api#12 docs#14']);
	});

	it('still takes a minute from the group\'s newest run, per person', () => {
		const rows = [row('core', 0), row('ui', 50, by('hubot')), row('api', 61), row('web', 100, by('hubot'))];
		assert.deepEqual(pushers(groupByPush(rows)), ['core#0', 'hubot: ui#50 web#100', 'api#61']);
	});

	it('lists the runs of one ship under one line however long its pushes took, and keeps a push of the same minute out of it', () => {
		type ShaRow = GroupableRow & { run: GroupableRow['run'] & { headSha: string } };
		const at = (repo: string, secondsAgo: number, headSha: string, overrides: Partial<GroupableRow['run']> = {}): ShaRow => {
			const r = row(repo, secondsAgo, overrides);
			return { ...r, run: { ...r.run, headSha } };
		};
		// The ship pushed core, ui and api over three minutes; mona pushed docs by hand meanwhile.
		const rows = [at('core', 0, 'c1'), at('docs', 10, 'd1'), at('ui', 100, 'u1', { status: 'IN_PROGRESS', conclusion: null }), at('api', 200, 'a1'), at('api', 900, 'a0')];
		const shipOf = shipsByPush<ShaRow>([
			{ id: '2', rows: [{ repository: { path: '/ws/core' }, pushedSha: 'c1' }, { repository: { path: '/ws/ui' }, pushedSha: 'u1' }, { repository: { path: '/ws/api' }, pushedSha: 'a1' }, { repository: { path: '/ws/web' }, pushedSha: null }] },
			{ id: '1', rows: [{ repository: { path: '/ws/api' }, pushedSha: 'older' }] },
		]);
		const items = groupByPush(rows, shipOf);
		assert.deepEqual(shape(items), ['[core#0 ui#100 api#200] 2 passed, 1 running (running)', 'docs#10', 'api#900']);
		assert.equal(items[0].kind === 'push' && items[0].ship, '2', 'the line knows it was a ship');
		assert.deepEqual(shape(groupByPush(rows)), ['[core#0 docs#10] 2 passed (success)', 'ui#100', 'api#200', 'api#900'], 'without the ships only the minute and the pusher tell');
	});
});
