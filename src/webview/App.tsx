import { useQuery, useSubscription } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { RepositoryRow } from './components/RepositoryRow';
import { PackagesSection } from './packages/PackagesSection';
import { OverviewQuery, RepositoryChangedSubscription, WorkflowRunUpdatedSubscription } from './queries';

/** The dashboard's overview page: health and every repository, kept live by subscriptions. */
export function App() {
	const [withGitHub, setWithGitHub] = useState(true);
	const variables = useMemo(() => ({ withGitHub }), [withGitHub]);
	const [{ data, error, fetching }, reexecute] = useQuery({ query: OverviewQuery, variables });
	const [changed] = useSubscription({ query: RepositoryChangedSubscription });
	// Not paused while GitHub is unavailable: the first run seen after signing in brings its fields back.
	const [runUpdated] = useSubscription({ query: WorkflowRunUpdatedSubscription });

	useEffect(() => {
		if (changed.data || runUpdated.data) {
			reexecute({ requestPolicy: 'network-only' });
		}
	}, [changed.data, runUpdated.data, reexecute]);

	// GitHub came or went (sign-in, a rate limit): ask for its fields again, or stop asking.
	const githubAvailable = data?.githubStatus.available;
	useEffect(() => {
		if (githubAvailable !== undefined && githubAvailable !== withGitHub) {
			setWithGitHub(githubAvailable);
		}
	}, [githubAvailable, withGitHub]);

	const repositories = data?.repositories ?? [];
	// A domain that is not connected (GitHub, Claude) answers each of its fields with the same
	// error; say it once as a notice, and keep errors for what really failed.
	const graphQLErrors = error?.graphQLErrors ?? [];
	const notices = [...new Set([...(data && !data.githubStatus.available && data.githubStatus.reason ? [data.githubStatus.reason] : []), ...graphQLErrors.filter((e) => isUnavailable(e.extensions)).map((e) => e.message)])];
	const failures = graphQLErrors.filter((e) => !isUnavailable(e.extensions));
	const fatal = error && (error.networkError || failures.length > 0) ? (error.networkError?.message ?? failures.map((e) => e.message).join('; ')) : undefined;
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
			{fatal && (
				<p class="error" role="alert">
					{fatal}
				</p>
			)}
			{notices.map((n) => (
				<p key={n} class="notice" data-testid="notice">
					{n}
				</p>
			))}
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
			{/* Self-contained: its own query and subscriptions; it can move to a page of its own as it is. */}
			{data && <PackagesSection />}
		</main>
	);
}

/** A GitHub or Claude field refused because that domain cannot be used now (its status says why). */
function isUnavailable(extensions: Record<string, unknown> | undefined): boolean {
	const domain = extensions?.domain;
	return (domain === 'GITHUB' && ['SIGNED_OUT', 'UNAUTHORIZED', 'RATE_LIMITED', 'OFFLINE', 'UNTRUSTED'].includes(String(extensions?.code))) || (domain === 'CLAUDE' && ['CLI_MISSING', 'CLI_FAILED', 'UNTRUSTED'].includes(String(extensions?.code)));
}
