import { strict as assert } from 'node:assert';
import { diagnosticsFigures, formatInterval, formatMs } from '../../../src/webview/pages/diagnosticsFigures';
import type { DiagnosticsData } from '../../../src/webview/pages/pageQueries';

function data(overrides: { rateLimits?: DiagnosticsData['githubStatus']['rateLimits']; git?: DiagnosticsData['diagnostics']['git']; processesAlive?: number | null } = {}): DiagnosticsData {
	return {
		gitStatus: { available: true, code: null, reason: null },
		githubStatus: { available: true, code: null, reason: null, lastPolledAt: null, paused: false, pollIntervalSeconds: 5, rateLimits: overrides.rateLimits ?? [] },
		claudeStatus: { available: true, reason: null },
		packagesStatus: { available: true, code: null },
		health: { status: 'OK', summary: 'All good', items: [] },
		diagnostics: {
			git: overrides.git === undefined ? { processesSpawned: 1204, processesRunning: 2, p50Ms: 3.24, p99Ms: 41.6 } : overrides.git,
			graph: { operations: 5321, operationsPerMinute: 42, p50Ms: 0.42, p99Ms: 12.2, liveSubscriptions: 7 },
			agents: { processesAlive: overrides.processesAlive === undefined ? 1 : overrides.processesAlive },
			logAvailable: true,
			logLines: [],
		},
	} as DiagnosticsData;
}

describe('webview/diagnosticsFigures', () => {
	it('says durations to a tenth below 10 ms, whole above, and seconds past 10 s; a dash before any', () => {
		assert.deepEqual([formatMs(0.42), formatMs(3), formatMs(41.6), formatMs(12_345), formatMs(null)], ['0.4 ms', '3.0 ms', '42 ms', '12.3 s', '—']);
	});

	it('says the poller\'s interval, or why there is none', () => {
		assert.equal(formatInterval(5, false, true), 'every 5 s');
		assert.equal(formatInterval(0.5, false, true), 'every 0.5 s');
		assert.equal(formatInterval(59.9, false, true), 'every 60 s');
		assert.equal(formatInterval(90, false, true), 'every 1.5 min');
		assert.equal(formatInterval(null, true, true), 'paused (the window is not focused)');
		assert.equal(formatInterval(null, false, false), 'not polling: GitHub is not available');
	});

	it('lists each figure with its numbers, and warns in words when a budget runs low', () => {
		const figures = diagnosticsFigures(
			data({
				rateLimits: [
					{ resource: 'core', limit: 5000, remaining: 4800, used: 200, resetAt: '2026-01-02T03:04:05Z' },
					{ resource: 'graphql', limit: 5000, remaining: 400, used: 4600, resetAt: '2026-01-02T03:04:05Z' },
				],
			}),
		);
		const byId = new Map(figures.map((f) => [f.id, f]));
		assert.match(byId.get('github-budget-core')!.value, /^200 used, 4,800 left of 5,000 this hour; full again at \d\d:\d\d$/);
		assert.equal(byId.get('github-budget-core')!.name, 'GitHub API budget (REST)');
		assert.equal(byId.get('github-budget-core')!.warning, undefined);
		assert.equal(byId.get('github-budget-graphql')!.warning, 'running low: polling slows down');
		assert.equal(byId.get('github-poll')!.value, 'every 5 s');
		assert.equal(byId.get('git-processes')!.value, '1,204 spawned, 2 running');
		assert.equal(byId.get('git-duration')!.value, 'p50 3.2 ms, p99 42 ms');
		assert.equal(byId.get('graph-operations')!.value, '42 per minute, 5,321 in all');
		assert.equal(byId.get('graph-duration')!.value, 'p50 0.4 ms, p99 12 ms');
		assert.equal(byId.get('graph-subscriptions')!.value, '7');
		assert.equal(byId.get('agent-processes')!.value, '1');
	});

	it('says what is not known instead of a zero', () => {
		const figures = new Map(diagnosticsFigures(data({ git: null, processesAlive: null })).map((f) => [f.id, f.value]));
		assert.equal(figures.get('github-budget'), 'not known yet: GitHub has not answered');
		assert.equal(figures.get('git-processes'), 'not counted here');
		assert.equal(figures.has('git-duration'), false);
		assert.equal(figures.get('agent-processes'), 'not counted here');
	});
});
