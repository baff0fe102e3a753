import { VscodeButton, VscodeCheckbox, VscodeTextarea } from '../elements';
import { useMutation, useQuery, useSubscription } from '@urql/preact';
import { memo } from 'preact/compat';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useShell } from '../pageContext';
import { RepositoryChangedSubscription } from '../queries';
import { ChangesQuery, CommitAllMutation, CommitHierarchyMutation, GenerateMessagesMutation, PushMutation, StageFilesMutation, UnstageFilesMutation, type ChangesRepository } from './pageQueries';
import { PageErrors } from '../components/PageErrors';
import { windowItemProps, WindowedFeed } from '../components/Windowed';
import { splitErrors } from './unavailable';

type FileRow = ChangesRepository['changes'][number];

/** A repository's part before it is measured: its header, one file and the message box. */
const CHANGES_HEIGHT = 150;

const repoKey = (repo: ChangesRepository) => repo.path;

/** The host takes at most this many arguments with a command; past it Ship starts with every changed repository picked. */
const MAX_COMMAND_ARGS = 8;

/** What happened to a repository's last commit or push, shown in its row. */
type RowResult = { ok: boolean; text: string };

const STATUS_LETTER: Record<string, string> = { MODIFIED: 'M', ADDED: 'A', DELETED: 'D', RENAMED: 'R', COPIED: 'C', UNTRACKED: 'U', IGNORED: '!', TYPE_CHANGED: 'T', UNMERGED: '!' };

function isStaged(file: FileRow): boolean {
	return file.indexStatus !== 'UNMODIFIED' && file.indexStatus !== 'UNTRACKED' && file.indexStatus !== 'IGNORED';
}

const FileLine = memo(function FileLine({ repository, file }: { repository: string; file: FileRow }) {
	const shell = useShell();
	const [, stage] = useMutation(StageFilesMutation);
	const [, unstage] = useMutation(UnstageFilesMutation);
	const staged = isStaged(file);
	const status = staged ? file.indexStatus : file.worktreeStatus;
	return (
		<li class="file" data-testid="change-file" data-path={file.path}>
			<button class="link" title={`Open the ${staged ? 'staged' : 'working tree'} diff`} onClick={() => shell.action({ kind: 'openDiff', repository, path: file.path, staged })}>
				<span class={`status ${status.toLowerCase()}`} title={status.toLowerCase()}>
					{STATUS_LETTER[status] ?? '?'}
				</span>{' '}
				{file.path}
			</button>
			{file.conflicted && <span class="badge error">conflict</span>}
			<button
				class="icon"
				aria-label={`${staged ? 'Unstage' : 'Stage'} ${file.path}`}
				title={staged ? 'Unstage' : 'Stage'}
				onClick={() => void (staged ? unstage : stage)({ repository, paths: [file.path] })}
			>
				<span class={`codicon codicon-${staged ? 'remove' : 'add'}`} aria-hidden="true" />
			</button>
		</li>
	);
});

/** One repository's part of the page; the callbacks are the page's, stable, and take its path. */
interface RepositoryChangesProps {
	repo: ChangesRepository;
	heads: ReadonlyMap<string, string | null>;
	selected: boolean;
	message: string;
	busy: string | undefined;
	result: RowResult | undefined;
	index: number;
	count: number;
	tabStop: boolean;
	onSelect(path: string, on: boolean): void;
	onMessage(path: string, text: string): void;
}

/** What a repository's part draws of the heads: those of its own submodules. */
function pointerHeads(props: RepositoryChangesProps): string {
	return props.repo.submoduleChanges.map((s) => props.heads.get(`${props.repo.path}/${s.path}`) ?? '?').join(' ');
}

/** Drawn again only when what it shows changed: a re-read brings new objects for every repository. */
function sameChanges(a: RepositoryChangesProps, b: RepositoryChangesProps): boolean {
	const keys = ['selected', 'message', 'busy', 'result', 'index', 'count', 'tabStop', 'onSelect', 'onMessage'] as const;
	return keys.every((k) => a[k] === b[k]) && (a.repo === b.repo || JSON.stringify(a.repo) === JSON.stringify(b.repo)) && pointerHeads(a) === pointerHeads(b);
}

const RepositoryChanges = memo(function RepositoryChanges(props: RepositoryChangesProps) {
	const { repo } = props;
	return (
		<article class="change-repo" data-testid="change-repo" data-path={repo.path} aria-posinset={props.index + 1} aria-setsize={props.count} aria-label={repo.name} {...windowItemProps(props.index, props.tabStop)}>
			<header>
				<VscodeCheckbox checked={props.selected} aria-label={`Select ${repo.name}`} data-testid="change-select" onChange={(e) => props.onSelect(repo.path, (e.target as HTMLInputElement).checked)} />
				<strong>{repo.name}</strong> <span class="muted">{repo.branch ?? ''}</span>
				{props.busy && <span class="muted"> · {props.busy}…</span>}
				{props.result && (
					<span class={props.result.ok ? 'ok' : 'error'} data-testid="change-result">
						<span class={`codicon codicon-${props.result.ok ? 'check' : 'error'}`} aria-hidden="true" /> {props.result.text}
					</span>
				)}
			</header>
			{repo.submoduleChanges.map((s) => (
				<p key={s.path} class="pointer" data-testid="submodule-pointer">
					<span class="codicon codicon-file-submodule" aria-hidden="true" /> {s.path}: checked out at {props.heads.get(`${repo.path}/${s.path}`)?.slice(0, 7) ?? '?'}, not the recorded commit
				</p>
			))}
			<ul class="files">
				{repo.changes.map((f) => (
					<FileLine key={f.path} repository={repo.path} file={f} />
				))}
			</ul>
			<VscodeTextarea rows={3} placeholder="Commit message" aria-label={`Commit message for ${repo.name}`} value={props.message} data-testid="change-message" onInput={(e) => props.onMessage(repo.path, (e.target as HTMLTextAreaElement).value)} />
		</article>
	);
}, sameChanges);

/**
 * The Changes page: every dirty repository with its files, an editable message per repository,
 * messages from Claude for the selected ones, and commit (flat or submodules first) and push.
 * Results stay in each repository's row until its next action.
 */
export function ChangesPage() {
	const shell = useShell();
	const [{ data, error }, reexecute] = useQuery({ query: ChangesQuery });
	const [changed] = useSubscription({ query: RepositoryChangedSubscription });
	useEffect(() => {
		if (changed.data) {reexecute({ requestPolicy: 'network-only' });}
	}, [changed.data, reexecute]);
	const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
	const [messages, setMessages] = useState<Record<string, string>>({});
	const [busy, setBusy] = useState<Record<string, string>>({});
	const [results, setResults] = useState<Record<string, RowResult>>({});
	const [, generate] = useMutation(GenerateMessagesMutation);
	const [, commitAll] = useMutation(CommitAllMutation);
	const [, commitHierarchy] = useMutation(CommitHierarchyMutation);
	const [, push] = useMutation(PushMutation);
	const all = data?.repositories ?? [];
	const dirty = all.filter((r) => r.isDirty);
	const heads = new Map(all.map((r) => [r.path, r.headSha]));
	// A committed repository leaves the list; what happened to it stays said below the toolbar.
	const done = all.filter((r) => !r.isDirty && results[r.path]);
	const chosen = dirty.filter((r) => selected.has(r.path)).map((r) => r.path);
	const { fatal } = splitErrors(error);

	const mark = (paths: string[], what: string | undefined) => setBusy((b) => Object.fromEntries([...Object.entries(b).filter(([p]) => !paths.includes(p)), ...(what ? paths.map((p) => [p, what]) : [])]));
	const record = (rows: ReadonlyArray<{ repository: { path: string }; status: string; sha?: string | null; error?: { code: string; message: string } | null }>, verb: string) =>
		setResults((r) => ({ ...r, ...Object.fromEntries(rows.map((row) => [row.repository.path, row.error ? { ok: false, text: `${row.error.code}: ${row.error.message}` } : { ok: true, text: `${verb}${row.sha ? ` ${row.sha.slice(0, 7)}` : ''}` }])) }));

	const onGenerate = async () => {
		mark(chosen, 'asking Claude');
		const answer = await generate({ paths: chosen });
		mark(chosen, undefined);
		const suggestions = answer.data?.generateCommitMessages ?? [];
		setMessages((m) => ({ ...m, ...Object.fromEntries(suggestions.filter((s) => s.message).map((s) => [s.repository.path, s.message ?? ''])) }));
		setResults((r) => ({ ...r, ...Object.fromEntries(suggestions.filter((s) => s.error).map((s) => [s.repository.path, { ok: false, text: s.error ?? '' }])) }));
		if (answer.error) {setResults((r) => ({ ...r, ...Object.fromEntries(chosen.map((p) => [p, { ok: false, text: answer.error?.message ?? '' }])) }));}
	};
	const onCommit = async (hierarchy: boolean) => {
		const commits = chosen.filter((p) => messages[p]?.trim()).map((repository) => ({ repository, message: messages[repository]!.trim() }));
		const missing = chosen.filter((p) => !messages[p]?.trim());
		setResults((r) => ({ ...r, ...Object.fromEntries(missing.map((p) => [p, { ok: false, text: 'Write a message first' }])) }));
		if (commits.length === 0) {return;}
		mark(commits.map((c) => c.repository), 'committing');
		const answer = hierarchy ? await commitHierarchy({ commits }) : await commitAll({ commits });
		mark(commits.map((c) => c.repository), undefined);
		const rows = answer.data ? ('commitHierarchy' in answer.data ? answer.data.commitHierarchy : answer.data.commitAll) : [];
		record(rows, 'committed');
	};
	const onPush = async () => {
		mark(chosen, 'pushing');
		const answer = await push({ repositories: chosen });
		mark(chosen, undefined);
		record(answer.data?.push ?? [], 'pushed');
	};
	const onSelect = useCallback((path: string, on: boolean) => setSelected((s) => (on ? new Set([...s, path]) : new Set([...s].filter((p) => p !== path)))), []);
	const onMessage = useCallback((path: string, text: string) => setMessages((m) => ({ ...m, [path]: text })), []);
	const none = chosen.length === 0;
	return (
		<section data-testid="changes">
			<PageErrors fatal={fatal} />
			<div class="toolbar">
				<VscodeButton disabled={none} data-testid="generate-messages" onClick={() => void onGenerate()}>
					Generate messages with Claude
				</VscodeButton>
				<VscodeButton disabled={none} data-testid="commit-selected" onClick={() => void onCommit(false)}>
					Commit selected
				</VscodeButton>
				<VscodeButton secondary disabled={none} data-testid="commit-hierarchy" onClick={() => void onCommit(true)}>
					Commit all, submodules first
				</VscodeButton>
				<VscodeButton secondary disabled={none} data-testid="push" onClick={() => void onPush()}>
					Push
				</VscodeButton>
				{/* Ship (messages from Claude, review, commit, push and CI) is a host command: the page names the selection, the host asks the rest. */}
				<VscodeButton secondary disabled={dirty.length === 0} data-testid="ship" title="Commit with messages from Claude, push, and follow CI (the selected repositories, or every changed one)" onClick={() => shell.action({ kind: 'command', command: 'metaGothic.repos.shipEverything', args: chosen.length <= MAX_COMMAND_ARGS ? chosen : [] })}>
					<span class="codicon codicon-rocket" aria-hidden="true" /> Ship…
				</VscodeButton>
				<span class="muted">{chosen.length} selected</span>
			</div>
			{done.length > 0 && (
				<ul class="done" data-testid="changes-done">
					{done.map((r) => (
						<li key={r.path}>
							<span class={`codicon codicon-${results[r.path]!.ok ? 'check' : 'error'}`} aria-hidden="true" /> {r.name}: {results[r.path]!.text}
						</li>
					))}
				</ul>
			)}
			{data && dirty.length === 0 && <p class="muted">No repository has uncommitted changes.</p>}
			<WindowedFeed
				items={dirty}
				keyOf={repoKey}
				estimate={CHANGES_HEIGHT}
				label="Repositories with changes"
				testId="changes-window"
				render={(repo, index, tabStop) => (
					<RepositoryChanges
						key={repo.path}
						repo={repo}
						heads={heads}
						selected={selected.has(repo.path)}
						message={messages[repo.path] ?? ''}
						busy={busy[repo.path]}
						result={results[repo.path]}
						index={index}
						count={dirty.length}
						tabStop={tabStop}
						onSelect={onSelect}
						onMessage={onMessage}
					/>
				)}
			/>
		</section>
	);
}
