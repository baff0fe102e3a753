/**
 * A pure parser for `git status --porcelain=v2 --branch -z --show-stash` output.
 *
 * Input is the raw stdout bytes: with `-z` paths are not quoted and may hold any byte except NUL
 * (spaces, newlines, invalid UTF-8). Paths are decoded with {@link decodePath}, which keeps
 * non-UTF-8 bytes reversible.
 *
 * Format reference: git-status(1), "Porcelain Format Version 2".
 */
import type { FileChange, FileStatus } from '../schema/contracts/repos';
import { decodePath } from '../common/pathEncoding';

/** The submodule state field of a changed entry (`S<c><m><u>`). */
export interface SubmoduleStatus {
	path: string;
	/** `C`: the checked-out commit differs from the recorded one. */
	commitChanged: boolean;
	/** `M`: tracked changes inside the submodule. */
	trackedChanges: boolean;
	/** `U`: untracked files inside the submodule. */
	untrackedChanges: boolean;
}

/** Everything one status call reports. */
export interface PorcelainStatus {
	/** The HEAD commit; `null` on an unborn branch (`# branch.oid (initial)`). */
	headSha: string | null;
	/** The branch; `null` when detached or when the header is missing. */
	branch: string | null;
	detached: boolean;
	/** True on an unborn branch (no commit yet). */
	unborn: boolean;
	upstream: string | null;
	/** An upstream is configured but its remote-tracking branch no longer exists (no `branch.ab`). */
	upstreamGone: boolean;
	ahead: number;
	behind: number;
	stashes: number;
	/** Changes to ordinary paths. */
	changes: FileChange[];
	/** Changes whose path is a submodule. */
	submoduleChanges: FileChange[];
	/** The `S<c><m><u>` flags of each entry in `submoduleChanges`, in the same order. */
	submodules: SubmoduleStatus[];
}

/** Thrown when the output does not follow the format (a truncated or unexpected record). */
export class PorcelainParseError extends Error {
	override readonly name = 'PorcelainParseError';
}

/** Fields before the path in each record kind (the path is the rest of the record, spaces and all). */
const FIELDS_BEFORE_PATH = { '1': 8, '2': 9, u: 10 } as const;

/** Parses the whole output. Unknown header lines are ignored (newer git may add some). */
export function parsePorcelainV2(output: Uint8Array): PorcelainStatus {
	const status: PorcelainStatus = {
		headSha: null,
		branch: null,
		detached: false,
		unborn: false,
		upstream: null,
		upstreamGone: false,
		ahead: 0,
		behind: 0,
		stashes: 0,
		changes: [],
		submoduleChanges: [],
		submodules: [],
	};
	let sawAheadBehind = false;
	const records = splitNul(output);
	for (let i = 0; i < records.length; i++) {
		const record = records[i];
		if (record.length === 0) {
			continue;
		}
		const type = String.fromCharCode(record[0]);
		if (type === '#') {
			sawAheadBehind = parseHeader(record, status) || sawAheadBehind;
		} else if (type === '1' || type === 'u') {
			addEntry(status, parseChanged(record, type));
		} else if (type === '2') {
			// With -z the original path is the next NUL-terminated field, not part of this record.
			const originalPath = records[++i];
			if (originalPath === undefined) {
				throw new PorcelainParseError('A rename or copy record has no original path');
			}
			addEntry(status, parseChanged(record, type, decodePath(originalPath)));
		} else if (type === '?' || type === '!') {
			const path = decodePath(record.subarray(2));
			const worktreeStatus: FileStatus = type === '?' ? 'UNTRACKED' : 'IGNORED';
			status.changes.push({ path, originalPath: null, indexStatus: 'UNMODIFIED', worktreeStatus, conflicted: false });
		} else {
			throw new PorcelainParseError(`Unknown status record type "${type}"`);
		}
	}
	status.upstreamGone = status.upstream !== null && !sawAheadBehind;
	return status;
}

/** Returns true when the header was `branch.ab`. */
function parseHeader(record: Uint8Array, status: PorcelainStatus): boolean {
	const line = decodePath(record.subarray(2));
	const space = line.indexOf(' ');
	const key = space < 0 ? line : line.slice(0, space);
	const value = space < 0 ? '' : line.slice(space + 1);
	switch (key) {
		case 'branch.oid':
			status.unborn = value === '(initial)';
			status.headSha = status.unborn ? null : value;
			return false;
		case 'branch.head':
			status.detached = value === '(detached)';
			status.branch = status.detached ? null : value;
			return false;
		case 'branch.upstream':
			status.upstream = value;
			return false;
		case 'branch.ab': {
			const match = /^\+(\d+) -(\d+)$/.exec(value);
			if (!match) {
				throw new PorcelainParseError(`Malformed branch.ab header "${value}"`);
			}
			status.ahead = Number(match[1]);
			status.behind = Number(match[2]);
			return true;
		}
		case 'stash':
			status.stashes = Number(value) || 0;
			return false;
		default:
			return false;
	}
}

interface ParsedEntry {
	change: FileChange;
	submodule: SubmoduleStatus | null;
}

function parseChanged(record: Uint8Array, type: '1' | '2' | 'u', originalPath: string | null = null): ParsedEntry {
	const fieldCount = FIELDS_BEFORE_PATH[type];
	const fields: string[] = [];
	let start = 0;
	for (let f = 0; f < fieldCount; f++) {
		const end = record.indexOf(0x20, start);
		if (end < 0) {
			throw new PorcelainParseError(`Truncated "${type}" status record`);
		}
		fields.push(Buffer.from(record.buffer, record.byteOffset + start, end - start).toString('latin1'));
		start = end + 1;
	}
	const xy = fields[1];
	const sub = fields[2];
	if (xy.length !== 2 || sub.length !== 4) {
		throw new PorcelainParseError(`Malformed "${type}" status record`);
	}
	const path = decodePath(record.subarray(start));
	const conflicted = type === 'u';
	const change: FileChange = {
		path,
		originalPath,
		indexStatus: statusFromCode(xy[0], conflicted),
		worktreeStatus: statusFromCode(xy[1], conflicted),
		conflicted,
	};
	const submodule =
		sub[0] === 'S'
			? { path, commitChanged: sub[1] === 'C', trackedChanges: sub[2] === 'M', untrackedChanges: sub[3] === 'U' }
			: null;
	return { change, submodule };
}

function addEntry(status: PorcelainStatus, entry: ParsedEntry): void {
	if (entry.submodule) {
		status.submoduleChanges.push(entry.change);
		status.submodules.push(entry.submodule);
	} else {
		status.changes.push(entry.change);
	}
}

/**
 * Maps one XY character. In an unmerged record `U` means "modified by this side" and `A`/`D`
 * mean added/deleted by this side, so `UU` is both modified and `DU` deleted by us.
 */
export function statusFromCode(code: string, conflicted = false): FileStatus {
	switch (code) {
		case '.':
			return 'UNMODIFIED';
		case 'M':
			return 'MODIFIED';
		case 'T':
			return 'TYPE_CHANGED';
		case 'A':
			return 'ADDED';
		case 'D':
			return 'DELETED';
		case 'R':
			return 'RENAMED';
		case 'C':
			return 'COPIED';
		case 'U':
			return 'UNMERGED';
		default:
			throw new PorcelainParseError(`Unknown status code "${code}"${conflicted ? ' in a conflict' : ''}`);
	}
}

/** Splits on NUL; a trailing NUL does not produce an empty last record. */
function splitNul(output: Uint8Array): Uint8Array[] {
	const records: Uint8Array[] = [];
	let start = 0;
	while (start < output.length) {
		let end = output.indexOf(0, start);
		if (end < 0) {
			end = output.length;
		}
		records.push(output.subarray(start, end));
		start = end + 1;
	}
	return records;
}
