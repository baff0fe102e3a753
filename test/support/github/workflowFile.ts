/** The stand-in's reading of workflow files. */
import { parse as parseYaml } from 'yaml';
import type { WorkflowRecord } from './state';

/**
 * Reads a workflow's name and `workflow_dispatch` inputs the way GitHub does. Deliberately
 * separate from the product's parser, so a bug there cannot hide behind the stand-in.
 */
export function parseWorkflowFile(text: string): Pick<WorkflowRecord, 'dispatchInputs'> & { name: string | undefined } {
	let doc: unknown;
	try {
		doc = parseYaml(text);
	} catch {
		return { name: undefined, dispatchInputs: undefined };
	}
	if (!doc || typeof doc !== 'object') {
		return { name: undefined, dispatchInputs: undefined };
	}
	const record = doc as Record<string, unknown>;
	const name = typeof record.name === 'string' ? record.name : undefined;
	const on = record.on ?? record.true;
	const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : [];
	if (triggers.includes('workflow_dispatch')) {
		return { name, dispatchInputs: {} };
	}
	if (!on || typeof on !== 'object' || Array.isArray(on) || !('workflow_dispatch' in on)) {
		return { name, dispatchInputs: undefined };
	}
	const dispatch = (on as Record<string, unknown>).workflow_dispatch;
	const declared = dispatch && typeof dispatch === 'object' ? (dispatch as Record<string, unknown>).inputs : undefined;
	const dispatchInputs: Record<string, { required: boolean; default: unknown }> = {};
	for (const [key, value] of Object.entries(declared && typeof declared === 'object' ? declared : {})) {
		const input = (value ?? {}) as Record<string, unknown>;
		dispatchInputs[key] = { required: input.required === true, default: input.default };
	}
	return { name, dispatchInputs };
}
