/**
 * What to release, and in which order: the packages with unreleased work, plus the workspace
 * packages whose declared range of one of them will no longer admit its next version (they must
 * widen the range, so they change and are released too — and so on down the graph). Ordered so
 * that every package comes after what it depends on; dependency cycles are reported, and their
 * members released together, never looped over. Pure: no I/O.
 */
import inc from 'semver/functions/inc';
import valid from 'semver/functions/valid';
import type { PackageManifestRecord } from '../contracts/packages';
import { type DependencyEdge, packageKey, rangeAdmits, type WorkspaceGraph } from './workspaceGraph';

/** Why a package is in the plan. */
export type ReleaseReason = 'UNRELEASED_COMMITS' | 'UNPUBLISHED_VERSION' | 'DEPENDENCY_OUT_OF_RANGE';

/** How far a package with unreleased commits moves. */
export type ReleaseBump = 'PATCH' | 'MINOR' | 'MAJOR';

/** A package that needs a release by itself. */
export interface ReleaseCandidate {
	pkg: PackageManifestRecord;
	reasons: ReleaseReason[];
	/** True when the version in package.json is not on the registry yet (already bumped): that is the next version. */
	versionUnpublished: boolean;
}

/** One step of the plan. */
export interface ReleaseStepRecord {
	/** Position in the plan, from 1. */
	order: number;
	pkg: PackageManifestRecord;
	reasons: ReleaseReason[];
	/** The version it would be released as; null for a private package (it only widens its ranges). */
	nextVersion: string | null;
	/** Its dependencies on planned packages whose range will not admit their next version: widen these first. */
	rangeUpdates: DependencyEdge[];
	/** The planned packages it depends on (they come earlier, unless in the same cycle). */
	after: PackageManifestRecord[];
	/** True when it is in a dependency cycle with other planned packages. */
	inCycle: boolean;
}

/** The plan. */
export interface ReleasePlanRecord {
	steps: ReleaseStepRecord[];
	/** Dependency cycles among the planned packages, each sorted by name. */
	cycles: PackageManifestRecord[][];
}

function nextVersionOf(pkg: PackageManifestRecord, bump: ReleaseBump, versionUnpublished: boolean): string | null {
	if (pkg.private || !pkg.version || !valid(pkg.version)) {
		return null;
	}
	return versionUnpublished ? pkg.version : inc(pkg.version, bump.toLowerCase() as 'patch' | 'minor' | 'major');
}

interface Planned {
	pkg: PackageManifestRecord;
	reasons: Set<ReleaseReason>;
	next: string | null;
	rangeUpdates: DependencyEdge[];
}

/** See the module comment. `bump` moves packages with unreleased commits; dependents pulled in move by a patch. */
export function planReleases(graph: WorkspaceGraph, candidates: readonly ReleaseCandidate[], bump: ReleaseBump = 'PATCH'): ReleasePlanRecord {
	const planned = new Map<string, Planned>();
	const queue: Planned[] = [];
	for (const { pkg, reasons, versionUnpublished } of candidates) {
		const entry: Planned = { pkg, reasons: new Set(reasons), next: nextVersionOf(pkg, bump, versionUnpublished), rangeUpdates: [] };
		planned.set(packageKey(pkg), entry);
		queue.push(entry);
	}
	// Each package enters the queue once, so a cycle of out-of-range dependents ends.
	while (queue.length > 0) {
		const current = queue.shift() as Planned;
		if (current.next === null) {
			continue;
		}
		for (const edge of graph.dependents(current.pkg)) {
			if (rangeAdmits(edge.range, current.next) !== false) {
				continue;
			}
			const key = packageKey(edge.dependent);
			let dependent = planned.get(key);
			if (!dependent) {
				dependent = { pkg: edge.dependent, reasons: new Set(), next: nextVersionOf(edge.dependent, 'PATCH', false), rangeUpdates: [] };
				planned.set(key, dependent);
				queue.push(dependent);
			}
			dependent.reasons.add('DEPENDENCY_OUT_OF_RANGE');
			dependent.rangeUpdates.push(edge);
		}
	}
	return order(graph, planned);
}

/** Tarjan's strongly connected components of the planned packages (edges: dependency → dependent). */
function components(graph: WorkspaceGraph, planned: Map<string, Planned>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const onStack = new Set<string>();
	const stack: string[] = [];
	const result: string[][] = [];
	let counter = 0;
	const successors = (key: string) =>
		[...new Set(graph.dependents((planned.get(key) as Planned).pkg).map((e) => packageKey(e.dependent)).filter((k) => planned.has(k)))];
	// Iterative, so a long chain of packages cannot overflow the stack.
	for (const start of [...planned.keys()].sort()) {
		if (index.has(start)) {
			continue;
		}
		const work: Array<{ key: string; next: string[]; i: number }> = [];
		const visit = (key: string) => {
			index.set(key, counter);
			low.set(key, counter);
			counter++;
			stack.push(key);
			onStack.add(key);
			work.push({ key, next: successors(key), i: 0 });
		};
		visit(start);
		while (work.length > 0) {
			const frame = work[work.length - 1];
			if (frame.i < frame.next.length) {
				const to = frame.next[frame.i++];
				if (!index.has(to)) {
					visit(to);
				} else if (onStack.has(to)) {
					low.set(frame.key, Math.min(low.get(frame.key) as number, index.get(to) as number));
				}
				continue;
			}
			work.pop();
			const parent = work[work.length - 1];
			if (parent) {
				low.set(parent.key, Math.min(low.get(parent.key) as number, low.get(frame.key) as number));
			}
			if (low.get(frame.key) === index.get(frame.key)) {
				const component: string[] = [];
				let member: string;
				do {
					member = stack.pop() as string;
					onStack.delete(member);
					component.push(member);
				} while (member !== frame.key);
				result.push(component);
			}
		}
	}
	return result;
}

function order(graph: WorkspaceGraph, planned: Map<string, Planned>): ReleasePlanRecord {
	const byName = (a: string, b: string) => ((planned.get(a) as Planned).pkg.name < (planned.get(b) as Planned).pkg.name ? -1 : 1);
	const sccs = components(graph, planned).map((c) => c.sort(byName));
	const sccOf = new Map<string, number>();
	sccs.forEach((members, i) => members.forEach((m) => sccOf.set(m, i)));
	// Kahn's algorithm over the components, the ready one with the first name first, so the order is stable.
	const waitingOn = sccs.map(() => new Set<number>());
	const unblocks = sccs.map(() => new Set<number>());
	for (const [key, entry] of planned) {
		for (const edge of graph.dependsOn(entry.pkg)) {
			const from = sccOf.get(packageKey(edge.dependency));
			const to = sccOf.get(key) as number;
			if (from !== undefined && from !== to) {
				waitingOn[to].add(from);
				unblocks[from].add(to);
			}
		}
	}
	const ready = sccs.map((_, i) => i).filter((i) => waitingOn[i].size === 0);
	const steps: ReleaseStepRecord[] = [];
	const firstName = (i: number) => (planned.get(sccs[i][0]) as Planned).pkg.name;
	while (ready.length > 0) {
		ready.sort((a, b) => (firstName(a) < firstName(b) ? -1 : 1));
		const next = ready.shift() as number;
		for (const key of sccs[next]) {
			const entry = planned.get(key) as Planned;
			const after = graph
				.dependsOn(entry.pkg)
				.map((e) => e.dependency)
				.filter((dep, i, all) => planned.has(packageKey(dep)) && all.findIndex((d) => packageKey(d) === packageKey(dep)) === i);
			steps.push({
				order: steps.length + 1,
				pkg: entry.pkg,
				reasons: (['UNRELEASED_COMMITS', 'UNPUBLISHED_VERSION', 'DEPENDENCY_OUT_OF_RANGE'] as const).filter((r) => entry.reasons.has(r)),
				nextVersion: entry.next,
				rangeUpdates: entry.rangeUpdates,
				after,
				inCycle: sccs[next].length > 1,
			});
		}
		for (const to of unblocks[next]) {
			waitingOn[to].delete(next);
			if (waitingOn[to].size === 0) {
				ready.push(to);
			}
		}
	}
	const cycles = sccs.filter((c) => c.length > 1).map((c) => c.map((k) => (planned.get(k) as Planned).pkg));
	cycles.sort((a, b) => (a[0].name < b[0].name ? -1 : 1));
	return { steps, cycles };
}
