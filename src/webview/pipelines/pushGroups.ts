/**
 * The CI timeline's grouping: runs that one push of several repositories started (Ship Everything,
 * Push All, or a person pushing a family of repositories at once) are listed together under one
 * line, so a push across the meta-repository reads as one event with one outcome. One push is one
 * person's: two people pushing in the same minute make two groups. A ship is known for sure (it
 * says which commit it pushed where), so its runs are one group however long its pushes took.
 * Pure, so the rules are unit-tested in plain Node.
 */

/** Pushes this close together (from the newest run of the group) count as one. */
export const PUSH_WINDOW_MS = 60_000;

/** What the grouping reads of a run row. */
export interface GroupableRow {
	readonly key: string;
	readonly repository: { readonly path: string };
	readonly run: {
		readonly event: string;
		readonly createdAt: string;
		readonly status: string;
		readonly conclusion?: string | null;
		/** The pusher; null or absent where GitHub did not say. */
		readonly actor?: { readonly login: string } | null;
	};
}

/** The ship whose push started a row's run, if one did (see {@link shipsByPush}). */
export type ShipOf<R extends GroupableRow> = (row: R) => string | undefined;

/** One item of the timeline: a run on its own, or the runs of one push across repositories. */
export type TimelineItem<R extends GroupableRow> =
	| { readonly kind: 'run'; readonly row: R }
	| {
			readonly kind: 'push';
			/** Stable while the group grows: the key of its oldest run. */
			readonly key: string;
			readonly rows: readonly R[];
			/** Who pushed; null where GitHub did not say. */
			readonly actor: string | null;
			/** Set when Ship Everything made the push: the ship's id. */
			readonly ship?: string;
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

/** The pusher's login, or null where GitHub did not say. */
const pusherOf = (row: GroupableRow) => row.run.actor?.login ?? null;

/**
 * Which ship pushed which commit, as `shipOf` for {@link groupByPush}: a run is a ship's when its
 * repository and head commit are those of one of the ship's pushes.
 */
export function shipsByPush<R extends GroupableRow & { readonly run: { readonly headSha?: string | null } }>(
	ships: ReadonlyArray<{ readonly id: string; readonly rows: ReadonlyArray<{ readonly repository: { readonly path: string }; readonly pushedSha?: string | null }> }>,
): ShipOf<R> {
	const byPush = new Map<string, string>();
	for (const ship of ships) {
		for (const row of ship.rows) {
			if (row.pushedSha) {
				byPush.set(`${row.repository.path}@${row.pushedSha}`, ship.id);
			}
		}
	}
	return (row) => (row.run.headSha ? byPush.get(`${row.repository.path}@${row.run.headSha}`) : undefined);
}

/**
 * Groups `rows` (newest first, as the timeline lists them): the runs of one ship (`shipOf`)
 * become one push item, whenever they were created; then push runs by the same pusher created
 * within {@link PUSH_WINDOW_MS} of the group's newest run, in at least two repositories, become one
 * push item where the newest of them is listed; everything else stays a run of its own, in order.
 * Runs that are not pushes (dispatches, pull requests, schedules) and other people's pushes in
 * between do not split a push; another person's may form a group of their own. Runs whose pusher
 * is unknown group only with each other, as they did before GitHub named pushers.
 */
export function groupByPush<R extends GroupableRow>(rows: readonly R[], shipOf: ShipOf<R> = () => undefined): TimelineItem<R>[] {
	const items: TimelineItem<R>[] = [];
	const grouped = new Set<number>();
	const ships = rows.map((row) => shipOf(row));
	for (let i = 0; i < rows.length; i++) {
		if (grouped.has(i)) {
			continue;
		}
		const first = rows[i];
		const ship = ships[i];
		const members = ship !== undefined ? rows.flatMap((_, j) => (j >= i && ships[j] === ship ? [j] : [])) : first.run.event === 'push' ? pushOf(rows, i, grouped, ships) : [i];
		const repositories = new Set(members.map((m) => rows[m].repository.path)).size;
		if (repositories < 2) {
			items.push({ kind: 'run', row: first });
			continue;
		}
		members.forEach((m) => grouped.add(m));
		const pushRows = members.map((m) => rows[m]);
		items.push({ kind: 'push', key: `push:${pushRows[pushRows.length - 1].key}`, rows: pushRows, actor: pusherOf(first), repositories, ...(ship !== undefined ? { ship } : {}), ...outcomeOf(pushRows) });
	}
	return items;
}

/** Indexes of the push runs, from `start` on, that the pusher of `rows[start]` made with it; a ship's runs are the ship's. */
function pushOf(rows: readonly GroupableRow[], start: number, grouped: ReadonlySet<number>, ships: ReadonlyArray<string | undefined>): number[] {
	const newest = Date.parse(rows[start].run.createdAt);
	const pusher = pusherOf(rows[start]);
	const members = [start];
	for (let j = start + 1; j < rows.length && newest - Date.parse(rows[j].run.createdAt) <= PUSH_WINDOW_MS; j++) {
		if (!grouped.has(j) && ships[j] === undefined && rows[j].run.event === 'push' && pusherOf(rows[j]) === pusher) {
			members.push(j);
		}
	}
	return members;
}
