/**
 * Injected faults: server errors, secondary rate limits, latency, dropped connections and bodies
 * cut short. Each counts its hits so a test can assert that a client's retries stayed bounded.
 */
import type { FaultHandle, FaultMatch, FaultOptions, FaultSpec } from './types';

interface FaultRecord extends FaultHandle {
	hits: number;
	left: number;
	readonly match: FaultMatch | undefined;
}

/** What to do to one request: wait first, then maybe answer in place of the route. */
export interface FaultPlan {
	readonly delayMs: number;
	readonly terminal: FaultSpec | undefined;
	/** Kinds applied, for the request log. */
	readonly kind: FaultSpec['kind'] | undefined;
}

/** The list of live faults. */
export class Faults {
	private readonly records: FaultRecord[] = [];

	/** Injects a fault into the next `times` matching requests (default 1). */
	add(spec: FaultSpec, options: FaultOptions = {}): FaultHandle {
		const times = options.times ?? 1;
		if (!(times > 0)) {
			throw new Error(`A fault needs times > 0, got ${times}`);
		}
		const record: FaultRecord = {
			spec,
			hits: 0,
			left: times,
			match: options.match,
			remove: () => {
				record.left = 0;
			},
		};
		this.records.push(record);
		return record;
	}

	/** Retires every fault. */
	clear(): void {
		for (const record of this.records) {
			record.left = 0;
		}
		this.records.length = 0;
	}

	/** Total hits of all faults ever added since the last `clear`. */
	get hits(): number {
		return this.records.reduce((sum, record) => sum + record.hits, 0);
	}

	/**
	 * Picks the faults for a request and counts their hits: every matching latency fault adds
	 * up, and the first matching answering fault (status, rate limit, reset) wins.
	 */
	plan(method: string, path: string): FaultPlan {
		let delayMs = 0;
		let terminal: FaultSpec | undefined;
		let kind: FaultSpec['kind'] | undefined;
		for (const record of this.records) {
			if (record.left <= 0 || !matches(record.match, method, path)) {
				continue;
			}
			if (record.spec.kind === 'latency') {
				delayMs += record.spec.ms;
			} else if (terminal) {
				continue;
			} else {
				terminal = record.spec;
			}
			kind = record.spec.kind === 'latency' ? (kind ?? 'latency') : record.spec.kind;
			record.hits++;
			record.left--;
		}
		return { delayMs, terminal, kind };
	}
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
	if (!match) {
		return true;
	}
	if (match.method && match.method.toUpperCase() !== method.toUpperCase()) {
		return false;
	}
	if (match.path !== undefined) {
		return typeof match.path === 'string' ? match.path === path : match.path.test(path);
	}
	return true;
}
