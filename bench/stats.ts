/** One line of the benchmark table. */
export interface BenchRow {
	name: string;
	unit: string;
	median: number;
	p99: number | null;
	/** What the figure is compared with, when the issue names a baseline or a goal. */
	baseline: number | null;
	baselineLabel: string;
}

/** Median of a sample (does not modify it). */
export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile of a sample (does not modify it). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		return NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/**
 * Hands rows to `bench/run.mjs`, which prints the table; `notes` are printed under it as
 * footnotes (how a figure was measured, why a goal is out of reach on this machine).
 */
export function report(rows: BenchRow[], notes: readonly string[] = []): void {
	process.stdout.write(`${JSON.stringify(notes.length > 0 ? { rows, notes } : { rows })}\n`);
}
