import { VscodeButton, VscodeOption, VscodeSingleSelect } from '../elements';
import { useQuery } from '@urql/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useShell } from '../pageContext';
import { diagnosticsFigures } from './diagnosticsFigures';
import { DiagnosticsQuery, type DiagnosticsData } from './pageQueries';

/** How often the figures are read again while the page is shown. */
export const DIAGNOSTICS_REFRESH_MS = 2000;

type Level = 'INFO' | 'WARNING' | 'ERROR';

const LEVELS: ReadonlyArray<{ value: Level; label: string }> = [
	{ value: 'INFO', label: 'All levels' },
	{ value: 'WARNING', label: 'Warnings and errors' },
	{ value: 'ERROR', label: 'Errors only' },
];

const LEVEL_ICONS: Record<Level, string> = { INFO: 'info', WARNING: 'warning', ERROR: 'error' };

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

function Figures({ data }: { data: DiagnosticsData }) {
	const figures = useMemo(() => diagnosticsFigures(data), [data]);
	return (
		<table data-testid="figures">
			<tbody>
				{figures.map((figure) => (
					<tr key={figure.id} data-testid="figure" data-figure={figure.id}>
						<th scope="row">{figure.name}</th>
						<td class="figure-value">
							{figure.value}
							{figure.warning && (
								<span class="figure-warning">
									{' '}
									<span class="codicon codicon-warning" aria-hidden="true" /> {figure.warning}
								</span>
							)}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}

function LogSection({ data, level, setLevel }: { data: DiagnosticsData; level: Level; setLevel: (level: Level) => void }) {
	const shell = useShell();
	// Newest first: a live page shows what just happened without scrolling.
	const lines = [...data.diagnostics.logLines].reverse();
	return (
		<section aria-labelledby="diagnostics-log">
			<h2 id="diagnostics-log">Log</h2>
			<div class="toolbar">
				<label for="diagnostics-log-level">Level</label>
				<VscodeSingleSelect id="diagnostics-log-level" data-testid="log-level" value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value as Level)}>
					{LEVELS.map((l) => (
						<VscodeOption key={l.value} value={l.value}>
							{l.label}
						</VscodeOption>
					))}
				</VscodeSingleSelect>
				<VscodeButton secondary data-testid="open-log" onClick={() => shell.action({ kind: 'command', command: 'metaGothic.showLog', args: [] })}>
					<span class="codicon codicon-output" slot="content-before" aria-hidden="true" /> Open Log
				</VscodeButton>
			</div>
			{!data.diagnostics.logAvailable ? (
				<p class="muted">This host keeps no log.</p>
			) : lines.length === 0 ? (
				<p class="muted" data-testid="log-empty">
					{level === 'INFO' ? 'Nothing logged yet.' : 'No line at this level among the latest 200.'}
				</p>
			) : (
				<ol class="log" data-testid="log-lines" aria-label="Latest log lines, newest first">
					{lines.map((line, i) => (
						<li key={`${line.at}-${lines.length - i}`} data-testid="log-line" data-level={line.level}>
							<time class="muted" dateTime={line.at}>
								{new Date(line.at).toLocaleTimeString('en-GB')}
							</time>{' '}
							<span class={`log-level ${line.level.toLowerCase()}`}>
								<span class={`codicon codicon-${LEVEL_ICONS[line.level]}`} aria-hidden="true" /> {line.level.toLowerCase()}
							</span>{' '}
							<span class="log-message">{line.message}</span>
						</li>
					))}
				</ol>
			)}
		</section>
	);
}

/**
 * The Diagnostics page: what each domain says of itself, the figures of the extension's own work
 * (read again every {@link DIAGNOSTICS_REFRESH_MS} while shown: nothing signals their change),
 * the workspace's health items and the latest log lines with a level filter.
 */
export function DiagnosticsPage() {
	const [level, setLevel] = useState<Level>('INFO');
	const [{ data: fresh, error }, reexecute] = useQuery({ query: DiagnosticsQuery, variables: { level }, requestPolicy: 'network-only' });
	// A new level is a new query: keep showing the last answer (and the select, with its focus) until it comes.
	const last = useRef<DiagnosticsData | undefined>(undefined);
	last.current = fresh ?? last.current;
	const data = last.current;
	useEffect(() => {
		const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), DIAGNOSTICS_REFRESH_MS);
		return () => clearInterval(timer);
	}, [reexecute]);
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
			<h2>Figures</h2>
			<Figures data={data} />
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
			<LogSection data={data} level={level} setLevel={setLevel} />
		</section>
	);
}
