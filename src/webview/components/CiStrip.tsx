import type { OverviewRepository } from '../queries';

type Run = NonNullable<OverviewRepository['github']>['runs'][number];

/** The word for a run's outcome, shown in its tooltip and read by screen readers. */
export function outcome(run: { readonly status: string; readonly conclusion?: string | null }): string {
	return run.status === 'COMPLETED' ? (run.conclusion ?? 'completed').toLowerCase().replace(/_/g, ' ') : run.status.toLowerCase().replace(/_/g, ' ');
}

function tone(run: Run): string {
	if (run.status !== 'COMPLETED') {
		return 'running';
	}
	return run.conclusion === 'SUCCESS' ? 'success' : run.conclusion === 'FAILURE' || run.conclusion === 'TIMED_OUT' || run.conclusion === 'STARTUP_FAILURE' ? 'failure' : 'neutral';
}

/**
 * The last runs of a repository, oldest left, as a strip of inline SVG marks: a tall bar for a
 * failure, a short one for a success, a dot for one still going, so the shape says it even
 * without colour. Each mark's title names the run.
 */
export function CiStrip({ runs }: { runs: readonly Run[] }) {
	if (runs.length === 0) {
		return <span class="muted">—</span>;
	}
	const shown = [...runs].slice(0, 10).reverse();
	const label = shown.map((r) => `#${r.runNumber} ${outcome(r)}`).join(', ');
	return (
		<svg class="ci-strip" data-testid="ci-strip" width={shown.length * 8} height={14} viewBox={`0 0 ${shown.length * 8} 14`} role="img" aria-label={`Last runs: ${label}`}>
			{shown.map((run, i) => {
				const t = tone(run);
				return t === 'running' ? (
					<circle key={run.id} class={`mark ${t}`} cx={i * 8 + 3} cy={10} r={2.5}>
						<title>{`${run.workflowName} #${run.runNumber}: ${outcome(run)}`}</title>
					</circle>
				) : (
					<rect key={run.id} class={`mark ${t}`} x={i * 8} y={t === 'failure' ? 0 : 6} width={6} height={t === 'failure' ? 14 : 8} rx={1}>
						<title>{`${run.workflowName} #${run.runNumber}: ${outcome(run)}`}</title>
					</rect>
				);
			})}
		</svg>
	);
}
