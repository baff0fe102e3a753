/**
 * The message protocol between the dashboard webview and the extension host. Both sides import
 * these types; the host validates every incoming message with {@link parseWebviewMessage}
 * because a webview is a separate, less trusted process.
 */

/** Bumped on any incompatible change; both sides refuse to talk across versions. */
export const PROTOCOL_VERSION = 1;

/** Which GraphQL operation kind a request carries. */
export type OperationKind = 'query' | 'mutation' | 'subscription';

/** A GraphQL result as it crosses the bridge (plain JSON). */
export interface WireResult {
	data?: Record<string, unknown> | null;
	errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

// ---- webview → host ----

/** Sent once the webview's script has loaded; the host answers with {@link HelloMessage}. */
export interface ReadyMessage {
	type: 'ready';
	protocol: number;
}

/** Runs a GraphQL operation; results come back with the same id. */
export interface OperationMessage {
	type: 'operation';
	id: string;
	kind: OperationKind;
	query: string;
	variables?: Record<string, unknown>;
	operationName?: string;
}

/** Stops the operation with this id (urql's teardown). */
export interface StopMessage {
	type: 'stop';
	id: string;
}

/** The dashboard's pages, in tab order. */
export const DASHBOARD_PAGES = ['overview', 'changes', 'pipelines', 'agents', 'diagnostics', 'packages'] as const;

/** One page of the dashboard. */
export type DashboardPage = (typeof DASHBOARD_PAGES)[number];

/** Whether a value names a dashboard page. */
export function isDashboardPage(value: unknown): value is DashboardPage {
	return typeof value === 'string' && (DASHBOARD_PAGES as readonly string[]).includes(value);
}

/**
 * Something only the host can do for the page (VS Code's editors, terminals, commands). Data goes
 * through the graph; these are the few actions that are about the workbench, not the data.
 * `command` runs a Meta GOTHIC command (an id starting `metaGothic.`) with string arguments: the
 * place for buttons whose work lives in a command (Fix with Claude, Ship). `openJobLog` opens a
 * job's log as an editor document (the Workflows view's View Log), which a string-only command
 * cannot ask for.
 */
export type DashboardAction =
	| { kind: 'openDiff'; repository: string; path: string; staged: boolean }
	| { kind: 'openJobLog'; repository: string; jobId: string; jobName: string }
	| { kind: 'openUrl'; url: string }
	| { kind: 'revealRepository'; repository: string }
	| { kind: 'openTerminal'; repository: string }
	| { kind: 'command'; command: string; args: string[] };

/** Asks the host to do a {@link DashboardAction}. */
export interface ActionMessage {
	type: 'action';
	action: DashboardAction;
}

/** Everything the webview may send. */
export type WebviewToHost = ReadyMessage | OperationMessage | StopMessage | ActionMessage;

// ---- host → webview ----

/** The host's answer to `ready`. */
export interface HelloMessage {
	type: 'hello';
	protocol: number;
}

/** One result of an operation: the only one for a query or mutation, the next one for a subscription. */
export interface ResultMessage {
	type: 'result';
	id: string;
	result: WireResult;
}

/** The operation with this id has no more results. */
export interface CompleteMessage {
	type: 'complete';
	id: string;
}

/** A message from the webview could not be understood; `id` is set when one could be read. */
export interface ProtocolErrorMessage {
	type: 'protocolError';
	id: string | null;
	message: string;
}

/** Shows a page of the dashboard, with a filter for its list when one is given. */
export interface NavigateMessage {
	type: 'navigate';
	page: DashboardPage;
	filter?: string;
}

/** Everything the host may send. */
export type HostToWebview = HelloMessage | ResultMessage | CompleteMessage | ProtocolErrorMessage | NavigateMessage;

/** A validated message, or why it is not one (and the id if it had a readable one). */
export type ParseResult = { ok: true; message: WebviewToHost } | { ok: false; id: string | null; error: string };

const MAX_ID_LENGTH = 64;
const MAX_QUERY_LENGTH = 100_000;
const OPERATION_KINDS: readonly string[] = ['query', 'mutation', 'subscription'];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value the page sent, quoted for an error message (at most 40 characters). Never throws: a
 * JSON object like `{"toString": 1}` makes `String` throw, a BigInt or a cycle `JSON.stringify`.
 */
function quoteValue(value: unknown): string {
	try {
		return (JSON.stringify(value) ?? String(value)).slice(0, 40);
	} catch {
		return typeof value;
	}
}

function readId(value: Record<string, unknown>): string | null {
	const id = value.id;
	return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : null;
}

/**
 * Validates a message from the webview. Never throws: anything that is not exactly one of the
 * {@link WebviewToHost} shapes comes back as an error the host can answer with.
 */
export function parseWebviewMessage(raw: unknown): ParseResult {
	if (!isRecord(raw)) {
		return { ok: false, id: null, error: 'A message must be an object.' };
	}
	const id = readId(raw);
	const fail = (error: string): ParseResult => ({ ok: false, id, error });
	switch (raw.type) {
		case 'ready':
			return raw.protocol === PROTOCOL_VERSION
				? { ok: true, message: { type: 'ready', protocol: PROTOCOL_VERSION } }
				: fail(`Protocol version ${quoteValue(raw.protocol)} is not supported; this host speaks ${PROTOCOL_VERSION}.`);
		case 'stop':
			return id ? { ok: true, message: { type: 'stop', id } } : fail('A stop message needs an id of 1–64 characters.');
		case 'operation': {
			if (!id) {
				return fail('An operation needs an id of 1–64 characters.');
			}
			if (typeof raw.kind !== 'string' || !OPERATION_KINDS.includes(raw.kind)) {
				return fail('An operation kind must be query, mutation or subscription.');
			}
			if (typeof raw.query !== 'string' || raw.query.length === 0 || raw.query.length > MAX_QUERY_LENGTH) {
				return fail(`An operation needs a query string of 1–${MAX_QUERY_LENGTH} characters.`);
			}
			if (raw.variables !== undefined && raw.variables !== null && !isRecord(raw.variables)) {
				return fail('Operation variables must be an object.');
			}
			if (raw.operationName !== undefined && raw.operationName !== null && typeof raw.operationName !== 'string') {
				return fail('An operation name must be a string.');
			}
			const message: OperationMessage = { type: 'operation', id, kind: raw.kind as OperationKind, query: raw.query };
			if (isRecord(raw.variables)) {
				message.variables = raw.variables;
			}
			if (typeof raw.operationName === 'string') {
				message.operationName = raw.operationName;
			}
			return { ok: true, message };
		}
		case 'action': {
			const action = parseAction(raw.action);
			return action ? { ok: true, message: { type: 'action', action } } : fail('An action must be one of openDiff, openJobLog, openUrl, revealRepository, openTerminal or command, with its string fields.');
		}
		default:
			return fail(`Unknown message type ${quoteValue(raw.type)}.`);
	}
}

const MAX_TEXT = 4096;

function text(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

/** Reads a {@link DashboardAction}, or undefined when the value is not exactly one. */
function parseAction(raw: unknown): DashboardAction | undefined {
	if (!isRecord(raw)) {
		return undefined;
	}
	switch (raw.kind) {
		case 'openDiff':
			return text(raw.repository) && text(raw.path) && typeof raw.staged === 'boolean' ? { kind: 'openDiff', repository: raw.repository, path: raw.path, staged: raw.staged } : undefined;
		case 'openJobLog':
			// A job id is GitHub's number: anything else could not name a job and is refused here.
			return text(raw.repository) && typeof raw.jobId === 'string' && /^\d{1,20}$/.test(raw.jobId) && text(raw.jobName) ? { kind: 'openJobLog', repository: raw.repository, jobId: raw.jobId, jobName: raw.jobName } : undefined;
		case 'openUrl':
			// Only web pages (GitHub's run and log pages): never file: or command: links.
			return text(raw.url) && /^https?:\/\//.test(raw.url) ? { kind: 'openUrl', url: raw.url } : undefined;
		case 'revealRepository':
		case 'openTerminal':
			return text(raw.repository) ? { kind: raw.kind, repository: raw.repository } : undefined;
		case 'command':
			return text(raw.command) && /^metaGothic\.[A-Za-z.]+$/.test(raw.command) && Array.isArray(raw.args) && raw.args.length <= 8 && raw.args.every((a) => typeof a === 'string' && a.length <= MAX_TEXT)
				? { kind: 'command', command: raw.command, args: raw.args as string[] }
				: undefined;
		default:
			return undefined;
	}
}
