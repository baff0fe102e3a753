import { useQuery, useSubscription } from '@urql/preact';
import { useEffect } from 'preact/hooks';
import { RepositoryRow } from './components/RepositoryRow';
import { OverviewQuery, RepositoryChangedSubscription } from './queries';

/** The dashboard's overview page: health and every repository, kept live by a subscription. */
export function App() {
	const [{ data, error, fetching }, reexecute] = useQuery({ query: OverviewQuery });
	const [changed] = useSubscription({ query: RepositoryChangedSubscription });

	useEffect(() => {
		if (changed.data) {
			reexecute({ requestPolicy: 'network-only' });
		}
	}, [changed.data, reexecute]);

	const repositories = data?.repositories ?? [];
	return (
		<main data-testid="dashboard">
			<header>
				<h1>Meta GOTHIC</h1>
				{data && (
					<p class={`health ${data.health.status.toLowerCase()}`} data-testid="health">
						{data.health.summary}
					</p>
				)}
			</header>
			{error && <p class="error" role="alert">{error.message}</p>}
			{fetching && !data && <p class="muted">Reading repositories…</p>}
			{data && repositories.length === 0 && <p class="muted">No git repositories in this workspace.</p>}
			{repositories.length > 0 && (
				<table>
					<thead>
						<tr>
							<th>Repository</th>
							<th>Branch</th>
							<th>↑↓</th>
							<th>Changes</th>
							<th>CI</th>
						</tr>
					</thead>
					<tbody>
						{repositories.map((repo) => (
							<RepositoryRow key={repo.path} repo={repo} />
						))}
					</tbody>
				</table>
			)}
		</main>
	);
}
