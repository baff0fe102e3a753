import type { Gateway, SubscriptionResult } from '../../schema/gateway';
import { log } from '../log';

/**
 * A push that has started no run by then never will (no workflow runs on that branch, or on a
 * push at all): following it stops, so no subscription is held for the rest of the session.
 */
export const NO_RUN_AFTER_MS = 10 * 60_000;

/** What {@link followGraph} follows: a subscription, and the check that reads what it announced. */
export interface FollowSpec {
	/** The subscription whose events say "read again" (its payload is not used). */
	readonly subscription: Parameters<Gateway['subscribe']>[0];
	/** Reads the graph; true once nothing more will be said (following then stops). */
	readonly check: (stopped: () => boolean) => Promise<boolean>;
	/** What the log says when following fails. */
	readonly what: string;
	/**
	 * Asked once when following has gone on for `afterMs` (default {@link NO_RUN_AFTER_MS});
	 * true stops following. Without it, following goes on until `check` settles it.
	 */
	readonly giveUp?: { readonly afterMs?: number; readonly check: (stopped: () => boolean) => Promise<boolean> };
}

/**
 * Follows a record of the graph until `check` says it is settled: checks once when the
 * subscription starts (what was read before it counts too) and again at each event, and asks
 * `giveUp` once its time has come. Returns the function that stops following (idempotent), which
 * also ends the give-up timer; a refused subscription (the source went away) follows nothing.
 */
export function followGraph(gateway: Pick<Gateway, 'subscribe'>, spec: FollowSpec): () => void {
	let stopped = false;
	let iterator: SubscriptionResult | undefined;
	let giveUpTimer: ReturnType<typeof setTimeout> | undefined;
	const stop = () => {
		stopped = true;
		clearTimeout(giveUpTimer);
		void iterator?.return?.();
	};
	const isStopped = () => stopped;
	const { giveUp } = spec;
	if (giveUp) {
		giveUpTimer = setTimeout(() => {
			giveUp
				.check(isStopped)
				.then((done) => done && stop())
				.catch((err: unknown) => log.warn(`${spec.what}: ${err instanceof Error ? err.message : String(err)}`));
		}, giveUp.afterMs ?? NO_RUN_AFTER_MS);
	}
	const run = async (): Promise<void> => {
		const result = await gateway.subscribe(spec.subscription);
		if (!(Symbol.asyncIterator in result)) {
			return;
		}
		iterator = result;
		if (stopped) {
			await result.return?.();
			return;
		}
		if (await spec.check(isStopped)) {
			stop();
			return;
		}
		for await (const event of result) {
			if (!event.errors?.length && (await spec.check(isStopped))) {
				stop();
			}
		}
	};
	run().catch((err: unknown) => log.warn(`${spec.what}: ${err instanceof Error ? err.message : String(err)}`));
	return stop;
}
