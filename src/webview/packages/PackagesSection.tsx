import { useQuery, useSubscription } from '@urql/preact';
import { useEffect } from 'preact/hooks';
import { DependencyGraph } from './DependencyGraph';
import { PackagesChangedSubscription, PackagesRepositoryChangedSubscription, PackagesSectionQuery, type SectionReleaseStep } from './packagesQueries';
import { PACKAGES_STYLE } from './packagesStyle';

const REASON_TEXT: Record<string, string> = {
	UNRELEASED_COMMITS: 'commits since release',
	UNPUBLISHED_VERSION: 'version not on the registry',
	DEPENDENCY_OUT_OF_RANGE: 'range of a dependency to widen',
};

function why(step: SectionReleaseStep): string {
	const reasons = step.reasons.map((r) => (r === 'UNRELEASED_COMMITS' && step.package.commitsSinceRelease ? `${step.package.commitsSinceRelease} commits since ${step.package.releaseTag}` : (REASON_TEXT[r] ?? r)));
	const widen = step.rangeUpdates.map((u) => `${u.dependency.name} ${u.range}`);
	return [...reasons, ...(widen.length ? [`widen ${widen.join(', ')}`] : [])].join('; ');
}

/**
 * The dashboard's packages section: the workspace's internal dependency graph and the packages
 * that need a release, in the order to release them. Self-contained (its own query, live through
 * its own subscriptions, its own styles), so it can move to another page as it is.
 */
export function PackagesSection() {
	const [{ data, error, fetching }, reexecute] = useQuery({ query: PackagesSectionQuery });
	const [changed] = useSubscription({ query: PackagesChangedSubscription });
	const [repositoryChanged] = useSubscription({ query: PackagesRepositoryChangedSubscription });
	useEffect(() => {
		if (changed.data || repositoryChanged.data) {
			reexecute({ requestPolicy: 'network-only' });
		}
	}, [changed.data, repositoryChanged.data, reexecute]);

	const packages = data?.packages ?? [];
	const steps = data?.releasePlan?.steps ?? [];
	const cycles = data?.releasePlan?.cycles ?? [];
	const status = data?.packagesStatus;
	return (
		<section class="packages" data-testid="packages-section" aria-labelledby="packages-heading">
			<style>{PACKAGES_STYLE}</style>
			<h2 id="packages-heading">Packages</h2>
			{status && !status.available && status.reason && (
				<p class="notice" data-testid="packages-notice" data-code={status.code ?? ''}>
					{status.reason}
				</p>
			)}
			{error && !data?.packages && status?.available !== false && (
				<p class="error" role="alert">
					{error.networkError?.message ?? error.graphQLErrors.map((e) => e.message).join('; ')}
				</p>
			)}
			{fetching && !data && <p class="muted">Reading packages…</p>}
			{data && packages.length === 0 && status?.available !== false && <p class="muted">No repository of this workspace has a package.json with a name.</p>}
			{packages.length > 0 && (
				<>
					<p class="muted legend">
						{`${packages.length} packages${status?.registry ? ` · registry ${status.registry}` : ''} · arrows point to what a package depends on · `}
						<span class="legend-outdated">⚠ dashed: the declared range does not admit the current version</span>
					</p>
					<div class="graph-scroll">
						<DependencyGraph packages={packages} />
					</div>
				</>
			)}
			{data?.releasePlan && (
				<>
					<h3>
						Needs release <span class="badge">{steps.filter((s) => s.nextVersion).length}</span>
					</h3>
					{steps.length === 0 ? (
						<p class="muted">Every package is released.</p>
					) : (
						<table data-testid="release-table">
							<thead>
								<tr>
									<th>#</th>
									<th>Package</th>
									<th>Version</th>
									<th>Latest</th>
									<th>Next</th>
									<th>Why</th>
								</tr>
							</thead>
							<tbody>
								{steps.map((step) => (
									<tr key={step.package.id} data-testid="release-row" data-name={step.package.name}>
										<td>{step.order}</td>
										<td class="name">
											{step.package.name}
											{step.inCycle ? ' ⟲' : ''}
										</td>
										<td>{step.package.version ?? '—'}</td>
										<td>{step.package.latest ?? '—'}</td>
										<td>{step.nextVersion ?? 'private: no release'}</td>
										<td class="why">{why(step)}</td>
									</tr>
								))}
							</tbody>
						</table>
					)}
					{cycles.length > 0 && (
						<p class="notice" data-testid="release-cycles">
							{`Dependency cycles, released together: ${cycles.map((c) => c.packages.map((p) => p.name).join(' ⇄ ')).join('; ')}`}
						</p>
					)}
				</>
			)}
		</section>
	);
}
