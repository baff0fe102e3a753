/**
 * Fleets: runs started together on several repositories, recognised by the `fleetId` they share.
 * A fleet has no record of its own; its roll-up is computed from its runs.
 */
import type { AgentFleetRecord } from '../schema/contracts/agentRuns';
import type { AgentRun } from './runModel';

/**
 * The runs that stand for the fleet now: a run retried within the fleet is represented by its
 * retry, so a failure that was retried and succeeded no longer counts as failed.
 */
export function latestAttempts(runs: readonly AgentRun[]): AgentRun[] {
	const superseded = new Set(runs.filter((r) => r.origin === 'retry' && r.parentId).map((r) => r.parentId as string));
	return runs.filter((r) => !superseded.has(r.id));
}

/** The roll-up of one fleet's runs (oldest first). */
export function fleetRecord(id: string, runs: readonly AgentRun[]): AgentFleetRecord {
	const latest = latestAttempts(runs);
	const count = (status: AgentRun['status']) => latest.filter((r) => r.status === status).length;
	const costUsd = runs.reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
	const first = runs[0];
	return {
		id,
		prompt: first?.prompt ?? '',
		createdAt: first?.createdAt ?? 0,
		runIds: runs.map((r) => r.id),
		queued: count('QUEUED'),
		running: count('RUNNING'),
		succeeded: count('SUCCEEDED'),
		failed: count('FAILED'),
		cancelled: count('CANCELLED'),
		budgetExceeded: count('BUDGET_EXCEEDED'),
		costUsd: Math.round(costUsd * 1e6) / 1e6,
		finished: latest.every((r) => r.status !== 'QUEUED' && r.status !== 'RUNNING'),
	};
}

/** Every fleet among `runs` (oldest first), newest fleet first. */
export function fleetsOf(runs: readonly AgentRun[]): AgentFleetRecord[] {
	const byFleet = new Map<string, AgentRun[]>();
	for (const run of runs) {
		if (run.fleetId) {
			const list = byFleet.get(run.fleetId) ?? [];
			list.push(run);
			byFleet.set(run.fleetId, list);
		}
	}
	return [...byFleet.entries()].map(([id, list]) => fleetRecord(id, list)).sort((a, b) => b.createdAt - a.createdAt);
}
