/**
 * `meta-gothic packages`: the query it runs and the table it prints. Names, versions and ranges
 * come from package.json files, which anyone can write, so every cell has its control
 * characters escaped before it reaches the terminal (an escape sequence must not repaint it).
 */
import { escapeControl } from './terminalText';

/** The graph query behind `meta-gothic packages`. */
export const PACKAGES_QUERY = /* GraphQL */ `
	query Packages {
		packages {
			name version private latest commitsSinceRelease needsRelease releaseReasons directory
			repository { path }
			registryError { code message }
			dependents { dependent { name } range outdated }
		}
	}
`;

/** One package as the query answers it. */
export interface PackageRow {
	name: string;
	version: string | null;
	private: boolean;
	latest: string | null;
	commitsSinceRelease: number | null;
	needsRelease: boolean;
	releaseReasons: string[];
	directory: string;
	repository: { path: string };
	registryError: { code: string; message: string } | null;
	dependents: Array<{ dependent: { name: string }; range: string; outdated: boolean }>;
}

/** What `--json` prints for one package. */
export interface PackageJsonRow {
	name: string;
	version: string | null;
	private: boolean;
	latest: string | null;
	commitsSinceRelease: number | null;
	needsRelease: boolean;
	releaseReasons: string[];
	/** Workspace packages whose declared range does not admit this one's version. */
	outdatedDependents: Array<{ name: string; range: string }>;
	repository: string;
	directory: string;
	registryError: { code: string; message: string } | null;
}

/** `--json`'s shape of a row. */
export function toJsonRow(row: PackageRow): PackageJsonRow {
	return {
		name: row.name,
		version: row.version,
		private: row.private,
		latest: row.latest,
		commitsSinceRelease: row.commitsSinceRelease,
		needsRelease: row.needsRelease,
		releaseReasons: row.releaseReasons,
		outdatedDependents: row.dependents.filter((d) => d.outdated).map((d) => ({ name: d.dependent.name, range: d.range })),
		repository: row.repository.path,
		directory: row.directory,
		registryError: row.registryError,
	};
}

function latestCell(row: PackageJsonRow): string {
	if (row.private) {
		return '(private)';
	}
	if (row.registryError) {
		return row.registryError.code === 'NOT_FOUND' ? 'unpublished' : `? ${row.registryError.code.toLowerCase().replace(/_/g, ' ')}`;
	}
	return row.latest ?? '—';
}

function releaseCell(row: PackageJsonRow): string {
	if (!row.needsRelease) {
		return row.private ? '' : 'no';
	}
	const why = row.releaseReasons.map((r) => (r === 'UNRELEASED_COMMITS' ? 'commits' : r === 'UNPUBLISHED_VERSION' ? 'unpublished' : r.toLowerCase()));
	return `yes (${why.join(', ')})`;
}

/** The aligned table: package, version, latest, commits since release, needs release, outdated internal dependents. */
export function formatPackagesTable(rows: readonly PackageJsonRow[]): string {
	const header = ['PACKAGE', 'VERSION', 'LATEST', 'SINCE TAG', 'NEEDS RELEASE', 'OUTDATED DEPENDENTS'];
	const body = rows.map((r) =>
		[
			r.name,
			r.version ?? '—',
			latestCell(r),
			r.private ? '' : r.commitsSinceRelease === null ? 'no tag' : String(r.commitsSinceRelease),
			releaseCell(r),
			r.outdatedDependents.map((d) => `${d.name} (${d.range})`).join(', '),
		].map(escapeControl),
	);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), ...body.map(line)].join('\n');
}

/** The registry failures worth a line below the table (one per distinct message; unpublished packages are not failures). */
export function registryNotes(rows: readonly PackageJsonRow[]): string[] {
	return [...new Set(rows.filter((r) => r.registryError && r.registryError.code !== 'NOT_FOUND').map((r) => escapeControl(r.registryError?.message ?? '')))];
}
