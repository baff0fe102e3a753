/**
 * The table of `meta-gothic status`. Folder, branch and workflow names are anyone's to choose,
 * so every cell has its control characters escaped (see `terminalText.ts`).
 */
import { escapeControl } from './terminalText';

/** One row of `meta-gothic status`, as read from the graph. */
export interface StatusRow {
	name: string;
	path: string;
	kind: string;
	initialized: boolean;
	branch: string | null;
	detached: boolean;
	headSha: string | null;
	ahead: number;
	behind: number;
	changes: ReadonlyArray<{ path: string; conflicted: boolean }>;
	submoduleChanges: unknown[];
	error: string | null;
	github: { latestRun: { workflowName: string; status: string; conclusion: string | null } | null } | null;
}

function branchCell(row: StatusRow): string {
	if (!row.initialized) {
		return '(not initialised)';
	}
	if (row.error) {
		return '(error)';
	}
	if (row.detached) {
		return `(detached ${row.headSha?.slice(0, 7) ?? '?'})`;
	}
	return row.branch ?? '?';
}

function syncCell(row: StatusRow): string {
	const parts: string[] = [];
	if (row.ahead) {
		parts.push(`↑${row.ahead}`);
	}
	if (row.behind) {
		parts.push(`↓${row.behind}`);
	}
	return parts.join(' ') || '=';
}

function dirtyCell(row: StatusRow): string {
	if (!row.initialized) {
		// Not checked out: there is nothing to be clean or dirty yet (`meta-gothic sync` checks it out).
		return '—';
	}
	const conflicts = row.changes.filter((c) => c.conflicted).length;
	const files = row.changes.length - conflicts;
	const subs = row.submoduleChanges.length;
	if (!conflicts && !files && !subs) {
		return 'clean';
	}
	return [conflicts ? `${conflicts} CONFLICTED` : '', files ? `${files} changed` : '', subs ? `${subs} submodule${subs === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
}

function ciCell(row: StatusRow): string {
	const run = row.github?.latestRun;
	if (!run) {
		return '—';
	}
	const state = run.status === 'COMPLETED' ? (run.conclusion ?? 'completed').toLowerCase() : run.status.toLowerCase().replace('_', ' ');
	return `${run.workflowName}: ${state}`;
}

/**
 * Formats rows as an aligned text table like `gita ll`: repository, branch, ahead/behind,
 * dirty count, last CI run, and the error where a repository could not be read. Cells are
 * escaped before they are measured, so the columns stay aligned.
 */
export function formatStatusTable(rows: readonly StatusRow[]): string {
	const header = ['REPOSITORY', 'BRANCH', '↑↓', 'CHANGES', 'CI'];
	const body = rows.map((r) => [r.name, branchCell(r), syncCell(r), r.error ? r.error.split('\n')[0] : dirtyCell(r), ciCell(r)].map(escapeControl));
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), ...body.map(line)].join('\n');
}
