/**
 * The CI timeline's grouping: runs that one push of several repositories started (Ship Everything,
 * Push All, or a person pushing a family of repositories at once) are listed together under one
 * line, so a push across the meta-repository reads as one event with one outcome. Pure, so the
 * rules are unit-tested in plain Node.
 */

/** Pushes this close together (from the newest run of the group) count as one. */
export const PUSH_WINDOW_MS = 60_000;

/** What the grouping reads of a run row. */
export interface GroupableRow {
	readonly key: string;
	readonly repository: { readonly path: string };
	readonly run: { readonly event: string; readonly createdAt: string; readonly status: string; readonly conclusion?: string | null };
}

/** One item of the timeline: a run on its own, or the runs of one push across repositories. */
export type TimelineItem<R extends GroupableRow> =
	| { readonly kind: 'run'; readonly row: R }
	| {
			readonly kind: 'push';
			/** Stable while the group grows: the key of its oldest run. */
			readonly key: string;
			readonly rows: readonly R[];
			/** How many repositories the push reached. */
			readonly repositories: number;
			/** "2 passed, 1 failed, 1 running". */
			readonly outcome: string;
			/** Overall: running until every run finished, then failure if any failed. */
			readonly state: 'running' | 'failure' | 'success' | 'neutral';
	  };

const FAILED = new Set(['FAILURE', 'TIMED_OUT', 'STARTUP_FAILURE']);

function outcomeOf(rows: readonly GroupableRow[]): { outcome: string; state: 'running' | 'failure' | 'success' | 'neutral' } {
	const running = rows.filter((r) => r.run.status !== 'COMPLETED').length;
	const failed = rows.filter((r) => r.run.status === 'COMPLETED' && FAILED.has(r.run.conclusion ?? '')).length;
	const passed = rows.filter((r) => r.run.status === 'COMPLETED' && r.run.conclusion === 'SUCCESS').length;
	const other = rows.length - running - failed - passed;
	const parts = [[passed, 'passed'], [failed, 'failed'], [running, 'running'], [other, 'other']].filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}`);
	const state = running > 0 ? 'running' : failed > 0 ? 'failure' : passed === rows.length ? 'success' : 'neutral';
	return { outcome: parts.join(', '), state };
}

/**
 * Groups `rows` (newest first, as the timeline lists them): consecutive push runs created within
 * {@link PUSH_WINDOW_MS} of the group's newest run, in at least two repositories, become one
 * push item; everything else stays a run of its own, in order. Runs that are not pushes
 * (dispatches, pull requests, schedules) in between do not split a push.
 */
export function groupByPush<R extends GroupableRow>(rows: readonly R[]): TimelineItem<R>[] {
	const items: TimelineItem<R>[] = [];
	let i = 0;
	while (i < rows.length) {
		const first = rows[i];
		if (first.run.event !== 'push') {
			items.push({ kind: 'run', row: first });
			i++;
			continue;
		}
		const newest = Date.parse(first.run.createdAt);
		const members: R[] = [first];
		const between: R[] = [];
		let j = i + 1;
		for (; j < rows.length; j++) {
			const next = rows[j];
			if (newest - Date.parse(next.run.createdAt) > PUSH_WINDOW_MS) {
				break;
			}
			(next.run.event === 'push' ? members : between).push(next);
		}
		const repositories = new Set(members.map((r) => r.repository.path)).size;
		if (repositories < 2) {
			items.push({ kind: 'run', row: first });
			i++;
			continue;
		}
		items.push({ kind: 'push', key: `push:${members[members.length - 1].key}`, rows: members, repositories, ...outcomeOf(members) });
		items.push(...between.map((row) => ({ kind: 'run' as const, row })));
		i = j;
	}
	return items;
}
