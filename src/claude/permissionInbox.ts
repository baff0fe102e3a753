/**
 * The permission inbox: tool calls a running agent was not allowed to make wait here for a
 * person's answer. A request that nobody answers is denied when its time is up, and every request
 * still pending when its run ends is denied too: the inbox never allows on its own.
 */
import { randomUUID } from 'node:crypto';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';

/** How a person answered a request. */
export type PermissionDecision = 'ALLOW_ONCE' | 'ALLOW_RUN' | 'DENY';

/** Every {@link PermissionDecision}, in the order faces offer them. */
export const PERMISSION_DECISIONS: readonly PermissionDecision[] = ['ALLOW_ONCE', 'ALLOW_RUN', 'DENY'];

/** Default time a request waits before it is denied. */
export const DEFAULT_PERMISSION_TIMEOUT_SECONDS = 300;

/** Longest input summary kept; a tool input can be a whole file. */
export const MAX_INPUT_SUMMARY_LENGTH = 200;

/** One tool call waiting for an answer. */
export interface PermissionRequest {
	readonly id: string;
	readonly runId: string;
	readonly repositoryPath: string;
	/** The CLI's tool name, e.g. `Bash`, `Edit`, `WebFetch`. */
	readonly tool: string;
	/** One line saying what the tool would do (the command, the file), at most {@link MAX_INPUT_SUMMARY_LENGTH}. */
	readonly inputSummary: string;
	readonly requestedAt: Date;
}

/** What the agent is told. */
export type PermissionOutcome =
	| { readonly behavior: 'allow' }
	| { readonly behavior: 'deny'; readonly message: string };

/** Why a request was denied without a person saying so. */
export type AutomaticDenial = 'timedOut' | 'runEnded';

/** Options of a {@link PermissionInbox}. */
export interface PermissionInboxOptions {
	/** Seconds a request waits before it is denied; {@link DEFAULT_PERMISSION_TIMEOUT_SECONDS} when absent. */
	readonly timeoutSeconds?: number;
	/** Clock, replaceable in tests. */
	readonly now?: () => Date;
}

interface Pending {
	readonly request: PermissionRequest;
	readonly resolve: (outcome: PermissionOutcome) => void;
	readonly timer: NodeJS.Timeout;
}

/**
 * Summarises a tool input as one line of plain text: the field a person recognises the call by
 * (a command, a path, an address), else the compact JSON, with line breaks folded and the length
 * capped.
 */
export function summarizeToolInput(input: unknown): string {
	const record = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
	const known = ['command', 'file_path', 'notebook_path', 'path', 'url', 'pattern', 'query'].map((k) => record[k]).find((v) => typeof v === 'string');
	let text = typeof known === 'string' ? known : JSON.stringify(input ?? null) ?? '';
	text = text.replace(/\s+/g, ' ').trim();
	return text.length > MAX_INPUT_SUMMARY_LENGTH ? `${text.slice(0, MAX_INPUT_SUMMARY_LENGTH - 1)}…` : text;
}

/** The pending permission requests of all runs, and their answers. */
export class PermissionInbox extends Disposable {
	private readonly _onDidChangeRequests = this._register(new Emitter<readonly PermissionRequest[]>());
	/** Fires with the pending requests whenever one arrives or is settled. */
	readonly onDidChangeRequests: Event<readonly PermissionRequest[]> = this._onDidChangeRequests.event;

	private readonly _onDidAddRequest = this._register(new Emitter<PermissionRequest>());
	/** Fires for each new request that waits for a person (not for those a run already allows). */
	readonly onDidAddRequest: Event<PermissionRequest> = this._onDidAddRequest.event;

	private readonly pending = new Map<string, Pending>();
	/** Tools each run may use without asking again, from ALLOW_RUN answers. */
	private readonly allowedForRun = new Map<string, Set<string>>();
	private timeoutMs: number;
	private readonly now: () => Date;

	constructor(options: PermissionInboxOptions = {}) {
		super();
		this.timeoutMs = secondsToMs(options.timeoutSeconds);
		this.now = options.now ?? (() => new Date());
		this._register(toDisposable(() => this.denyAll('runEnded')));
	}

	/** Changes the timeout of requests made from now on. */
	setTimeoutSeconds(seconds: number | undefined): void {
		this.timeoutMs = secondsToMs(seconds);
	}

	/** Pending requests, oldest first. */
	get requests(): readonly PermissionRequest[] {
		return [...this.pending.values()].map((p) => p.request);
	}

	/**
	 * Asks for permission for one tool call and settles with the answer. A tool the run was
	 * allowed for the rest of the run is allowed at once, without a request.
	 */
	request(runId: string, repositoryPath: string, tool: string, input: unknown): Promise<PermissionOutcome> {
		if (this.allowedForRun.get(runId)?.has(tool)) {
			return Promise.resolve({ behavior: 'allow' });
		}
		if (this.isDisposed) {
			return Promise.resolve(denial('runEnded'));
		}
		const request: PermissionRequest = { id: randomUUID(), runId, repositoryPath, tool, inputSummary: summarizeToolInput(input), requestedAt: this.now() };
		return new Promise<PermissionOutcome>((resolve) => {
			const timer = setTimeout(() => this.settle(request.id, denial('timedOut')), this.timeoutMs);
			this.pending.set(request.id, { request, resolve, timer });
			this._onDidAddRequest.fire(request);
			this.fireChange();
		});
	}

	/**
	 * Answers a pending request. ALLOW_RUN also allows the same tool for the rest of that run.
	 * Returns false when the id is not pending (answered, timed out or its run ended).
	 */
	answer(id: string, decision: PermissionDecision): boolean {
		const p = this.pending.get(id);
		if (!p) {
			return false;
		}
		if (decision === 'ALLOW_RUN') {
			const tools = this.allowedForRun.get(p.request.runId) ?? new Set<string>();
			tools.add(p.request.tool);
			this.allowedForRun.set(p.request.runId, tools);
			// Other requests of the run for the same tool are covered by the same answer.
			for (const other of [...this.pending.values()]) {
				if (other.request.runId === p.request.runId && other.request.tool === p.request.tool && other.request.id !== id) {
					this.settle(other.request.id, { behavior: 'allow' });
				}
			}
		}
		this.settle(id, decision === 'DENY' ? { behavior: 'deny', message: 'Denied in VS Code.' } : { behavior: 'allow' });
		return true;
	}

	/** Denies the run's pending requests and forgets what it was allowed; for a run that ended or was cancelled. */
	endRun(runId: string): void {
		for (const p of [...this.pending.values()]) {
			if (p.request.runId === runId) {
				this.settle(p.request.id, denial('runEnded'));
			}
		}
		this.allowedForRun.delete(runId);
	}

	private denyAll(reason: AutomaticDenial): void {
		for (const id of [...this.pending.keys()]) {
			this.settle(id, denial(reason));
		}
	}

	private settle(id: string, outcome: PermissionOutcome): void {
		const p = this.pending.get(id);
		if (!p) {
			return;
		}
		this.pending.delete(id);
		clearTimeout(p.timer);
		p.resolve(outcome);
		this.fireChange();
	}

	private fireChange(): void {
		this._onDidChangeRequests.fire(this.requests);
	}
}

function denial(reason: AutomaticDenial): PermissionOutcome {
	return {
		behavior: 'deny',
		message: reason === 'timedOut' ? 'Nobody answered the permission request in VS Code in time; denied.' : 'The run ended before the permission request was answered; denied.',
	};
}

function secondsToMs(seconds: number | undefined): number {
	const s = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_PERMISSION_TIMEOUT_SECONDS;
	return s * 1000;
}
