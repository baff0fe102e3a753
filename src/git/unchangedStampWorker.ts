/**
 * The worker thread that takes stamps (bundled as dist/stampWorker.js; see
 * `unchangedStampWalk.ts` for what a stamp is and `unchangedStamp.ts` for its client).
 */
import { parentPort } from 'node:worker_threads';
import { DiscoveredRepository, discoverRepositories } from './discovery';
import { stampEnvironment, stampRepository, StampTarget } from './unchangedStampWalk';

/** What a re-scan's walk needs (see `discoverRepositories`). */
export interface WalkRequest {
	roots: string[];
	maxDepth: number;
	exclude: readonly string[];
}

/** A request: stamp these repositories or the configuration git runs with, or walk the roots. */
export type StampRequest = { id: number; targets: StampTarget[] } | { id: number; env: Record<string, string | undefined> } | { id: number; walk: WalkRequest };

/** Its answer: one stamp or reason per target, in order; the environment's stamp; or what the walk found (`null`: it failed). */
export type StampReply = { id: number; stamps: (string | null)[] } | { id: number; found: DiscoveredRepository[] | null };

parentPort?.on('message', (request: StampRequest) => {
	if ('walk' in request) {
		// Synchronous reads here cost the host nothing, and a fifth of the CPU of its own walk.
		const { roots, maxDepth, exclude } = request.walk;
		discoverRepositories(roots, { maxDepth, exclude, sync: true }).then(
			(found) => parentPort?.postMessage({ id: request.id, found } satisfies StampReply),
			() => parentPort?.postMessage({ id: request.id, found: null } satisfies StampReply),
		);
		return;
	}
	const stamps = 'targets' in request ? request.targets.map((target) => stampRepository(target)) : [stampEnvironment(request.env)];
	parentPort?.postMessage({ id: request.id, stamps } satisfies StampReply);
});
