/** The stand-in's reading of workflow files. */
import { parse as parseYaml } from 'yaml';
import type { WorkflowRecord } from './state';

/**
 * The branches a `push` trigger names: undefined without a push trigger, null for every branch
 * (`on: push`, or `push:` without `branches`). Entries may be patterns (see {@link branchMatches}).
 */
function pushBranches(on: unknown, triggers: readonly unknown[]): readonly string[] | null | undefined {
	if (triggers.includes('push')) {
		return null;
	}
	if (!on || typeof on !== 'object' || Array.isArray(on) || !('push' in on)) {
		return undefined;
	}
	const push = (on as Record<string, unknown>).push;
	const branches = push && typeof push === 'object' ? (push as Record<string, unknown>).branches : undefined;
	return Array.isArray(branches) ? branches.map(String) : null;
}

/**
 * Whether `branch` matches a `branches:` filter entry as GitHub reads it: `*` matches any
 * characters but `/`, `**` any characters, `?` one character; anything else matches itself.
 * (Negations and character classes are not read: the stand-in's workflows do not use them.)
 */
export function branchMatches(pattern: string, branch: string): boolean {
	const source = pattern
		.split(/(\*\*|\*|\?)/)
		.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${source}$`).test(branch);
}

/**
 * Reads a workflow's name, `workflow_dispatch` inputs and push branches the way GitHub does.
 * Deliberately separate from the product's parser, so a bug there cannot hide behind the stand-in.
 */
export function parseWorkflowFile(text: string): Pick<WorkflowRecord, 'dispatchInputs' | 'pushBranches'> & { name: string | undefined } {
	const { name, dispatchInputs, on, triggers } = parseDispatch(text);
	return { name, dispatchInputs, pushBranches: pushBranches(on, triggers) };
}

function parseDispatch(text: string): Pick<WorkflowRecord, 'dispatchInputs'> & { name: string | undefined; on?: unknown; triggers: readonly unknown[] } {
	let doc: unknown;
	try {
		doc = parseYaml(text);
	} catch {
		return { name: undefined, dispatchInputs: undefined, triggers: [] };
	}
	if (!doc || typeof doc !== 'object') {
		return { name: undefined, dispatchInputs: undefined, triggers: [] };
	}
	const record = doc as Record<string, unknown>;
	const name = typeof record.name === 'string' ? record.name : undefined;
	const on = record.on ?? record.true;
	const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : [];
	if (triggers.includes('workflow_dispatch')) {
		return { name, dispatchInputs: {}, on, triggers };
	}
	if (!on || typeof on !== 'object' || Array.isArray(on) || !('workflow_dispatch' in on)) {
		return { name, dispatchInputs: undefined, on, triggers };
	}
	const dispatch = (on as Record<string, unknown>).workflow_dispatch;
	const declared = dispatch && typeof dispatch === 'object' ? (dispatch as Record<string, unknown>).inputs : undefined;
	const dispatchInputs: Record<string, { required: boolean; default: unknown }> = {};
	for (const [key, value] of Object.entries(declared && typeof declared === 'object' ? declared : {})) {
		const input = (value ?? {}) as Record<string, unknown>;
		dispatchInputs[key] = { required: input.required === true, default: input.default };
	}
	return { name, dispatchInputs, on, triggers };
}
