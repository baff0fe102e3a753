/**
 * The worker thread that takes stamps (bundled as dist/stampWorker.js; see
 * `unchangedStampWalk.ts` for what a stamp is and `unchangedStamp.ts` for its client).
 */
import { parentPort } from 'node:worker_threads';
import { stampEnvironment, stampRepository, StampTarget } from './unchangedStampWalk';

/** A request: stamp these repositories, or the configuration git runs with. */
export type StampRequest = { id: number; targets: StampTarget[] } | { id: number; env: Record<string, string | undefined> };

/** Its answer: one stamp or reason per target, in order; or the environment's stamp. */
export interface StampReply {
	id: number;
	stamps: (string | null)[];
}

parentPort?.on('message', (request: StampRequest) => {
	const stamps = 'targets' in request ? request.targets.map((target) => stampRepository(target)) : [stampEnvironment(request.env)];
	parentPort?.postMessage({ id: request.id, stamps } satisfies StampReply);
});
