import { VscodeButton } from '../elements';
import { useQuery } from '@urql/preact';
import { DiagnosticsQuery } from './pageQueries';

function Status({ name, available, detail }: { name: string; available: boolean; detail: string | null | undefined }) {
	return (
		<tr data-testid="diagnostic">
			<th scope="row">{name}</th>
			<td>
				<span class={`codicon codicon-${available ? 'pass' : 'warning'}`} aria-hidden="true" /> {available ? 'available' : 'unavailable'}
			</td>
			<td class="muted">{detail ?? ''}</td>
		</tr>
	);
}

/** The Diagnostics page: what each domain says of itself, and the workspace's health items. */
export function DiagnosticsPage() {
	const [{ data, error }, reexecute] = useQuery({ query: DiagnosticsQuery, requestPolicy: 'network-only' });
	if (!data) {
		return error ? (
			<p class="error" role="alert">
				{error.message}
			</p>
		) : (
			<p class="muted">Reading…</p>
		);
	}
	return (
		<section data-testid="diagnostics">
			<div class="toolbar">
				<VscodeButton secondary onClick={() => reexecute({ requestPolicy: 'network-only' })}>
					Read again
				</VscodeButton>
			</div>
			<table>
				<tbody>
					<Status name="git" available={data.gitStatus.available} detail={data.gitStatus.reason ?? data.gitStatus.code} />
					<Status name="GitHub" available={data.githubStatus.available} detail={data.githubStatus.reason ?? (data.githubStatus.lastPolledAt ? `last polled ${data.githubStatus.lastPolledAt}` : null)} />
					<Status name="Claude" available={data.claudeStatus.available} detail={data.claudeStatus.reason} />
					<Status name="npm registry" available={data.packagesStatus.available} detail={data.packagesStatus.code} />
				</tbody>
			</table>
			<h2>Health</h2>
			<p>{data.health.summary}</p>
			<ul>
				{data.health.items.map((item, i) => (
					<li key={i}>
						{item.repositoryName ? `${item.repositoryName}: ` : ''}
						{item.message} <span class="muted">{item.detail}</span>
					</li>
				))}
			</ul>
		</section>
	);
}
