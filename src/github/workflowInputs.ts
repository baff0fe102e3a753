/**
 * Reads a workflow file's `on.workflow_dispatch.inputs`, so "Run Workflow…" can ask for exactly
 * the inputs the workflow declares, typed, with defaults, and GitHub's rules applied before the
 * dispatch rather than after a 422.
 */
import { parseDocument } from 'yaml';

/** The input types GitHub supports for `workflow_dispatch`. */
export type WorkflowInputType = 'string' | 'boolean' | 'number' | 'choice' | 'environment';

interface InputBase {
	readonly name: string;
	readonly description: string | undefined;
	readonly required: boolean;
	/** Set when the input is marked `deprecationMessage`. */
	readonly deprecationMessage: string | undefined;
}

/** One declared input. */
export type WorkflowInput =
	| (InputBase & { readonly type: 'string'; readonly default: string | undefined })
	| (InputBase & { readonly type: 'boolean'; readonly default: boolean | undefined })
	| (InputBase & { readonly type: 'number'; readonly default: number | undefined })
	| (InputBase & { readonly type: 'choice'; readonly options: readonly string[]; readonly default: string | undefined })
	| (InputBase & { readonly type: 'environment'; readonly default: string | undefined });

/** What a workflow file says about manual dispatch. */
export interface WorkflowDispatchInfo {
	/** The workflow's `name`, if it has one. */
	readonly name: string | undefined;
	/** True when `on` includes `workflow_dispatch`. */
	readonly dispatchable: boolean;
	readonly inputs: readonly WorkflowInput[];
	/** Problems GitHub would flag but that do not stop reading the rest. */
	readonly warnings: readonly string[];
}

/** The file is not valid YAML, or not a workflow at all. */
export class WorkflowYamlError extends Error {
	override readonly name = 'WorkflowYamlError';

	constructor(
		message: string,
		readonly line?: number,
		readonly column?: number,
	) {
		super(message);
	}
}

/** GitHub accepts at most this many dispatch inputs. */
const MAX_INPUTS = 25;
const TYPES: readonly WorkflowInputType[] = ['string', 'boolean', 'number', 'choice', 'environment'];

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') {
		return value;
	}
	if (value === 'true' || value === 'false') {
		return value === 'true';
	}
	return undefined;
}

/**
 * A value as text, like `String`; but a YAML mapping with a `toString` key (`{toString: 1}`) makes
 * `String` throw, and such a file must still only give a warning.
 */
function asText(value: unknown): string {
	try {
		return String(value);
	} catch {
		return '[object Object]';
	}
}

/** A default as the warnings quote it; YAML anchors can make it circular, which JSON.stringify refuses. */
function quote(value: unknown): string {
	try {
		return JSON.stringify(value) ?? asText(value);
	} catch {
		return asText(value);
	}
}

function readInput(name: string, raw: unknown, warnings: string[]): WorkflowInput {
	const spec: Mapping = isMapping(raw) ? raw : {};
	let type = (spec.type ?? 'string') as WorkflowInputType;
	if (!TYPES.includes(type)) {
		warnings.push(`Input '${name}' has unknown type '${asText(spec.type)}'; treating it as a string.`);
		type = 'string';
	}
	const required = asBoolean(spec.required) ?? false;
	if (spec.required !== undefined && asBoolean(spec.required) === undefined) {
		warnings.push(`Input '${name}' has a non-boolean 'required'; treating it as false.`);
	}
	const base = {
		name,
		description: typeof spec.description === 'string' ? spec.description : undefined,
		required,
		deprecationMessage: typeof spec.deprecationMessage === 'string' ? spec.deprecationMessage : undefined,
	};
	const rawDefault = spec.default;
	const hasDefault = rawDefault !== undefined && rawDefault !== null;
	switch (type) {
		case 'boolean': {
			const value = hasDefault ? asBoolean(rawDefault) : undefined;
			if (hasDefault && value === undefined) {
				warnings.push(`Input '${name}' is a boolean but its default is ${quote(rawDefault)}.`);
			}
			return { ...base, type, default: value };
		}
		case 'number': {
			const value = hasDefault && asText(rawDefault).trim() !== '' ? Number(rawDefault) : undefined;
			if (hasDefault && (value === undefined || Number.isNaN(value))) {
				warnings.push(`Input '${name}' is a number but its default is ${quote(rawDefault)}.`);
				return { ...base, type, default: undefined };
			}
			return { ...base, type, default: value };
		}
		case 'choice': {
			const options = Array.isArray(spec.options) ? spec.options.filter((o) => o !== null && o !== undefined).map(asText) : [];
			if (options.length === 0) {
				warnings.push(`Input '${name}' is a choice without options.`);
			}
			const value = hasDefault ? asText(rawDefault) : undefined;
			if (value !== undefined && !options.includes(value)) {
				warnings.push(`Input '${name}' has default '${value}', which is not one of its options.`);
			}
			return { ...base, type, options, default: value };
		}
		default:
			return { ...base, type, default: hasDefault ? asText(rawDefault) : undefined };
	}
}

/**
 * Parses a workflow file. Accepts every spelling of the trigger: `on: workflow_dispatch`,
 * `on: [push, workflow_dispatch]`, `on: { workflow_dispatch: }` and with `inputs`.
 * @throws {@link WorkflowYamlError} when the YAML is malformed or its top level is not a mapping.
 */
export function parseWorkflowDispatch(text: string, source = 'workflow file'): WorkflowDispatchInfo {
	// logLevel 'error': a collection as a mapping key would otherwise print a Node process warning into the host's log.
	const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
	if (doc.errors.length > 0) {
		const first = doc.errors[0];
		const position = first.linePos?.[0];
		const where = position ? ` (line ${position.line}, column ${position.col})` : '';
		throw new WorkflowYamlError(`${source} is not valid YAML${where}: ${first.message.split('\n')[0]}`, position?.line, position?.col);
	}
	let root: unknown;
	try {
		root = doc.toJS({ maxAliasCount: 100 });
	} catch (err) {
		// The yaml library refuses an alias bomb here (a ReferenceError), after parsing succeeded.
		throw new WorkflowYamlError(`${source} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
	}
	if (root === null || root === undefined) {
		throw new WorkflowYamlError(`${source} is empty.`);
	}
	if (!isMapping(root)) {
		throw new WorkflowYamlError(`${source} is not a workflow: its top level must be a mapping with 'on' and 'jobs'.`);
	}
	const name = typeof root.name === 'string' ? root.name : undefined;
	const warnings: string[] = [];
	// Under YAML 1.1 (a `%YAML 1.1` directive) a bare `on` key reads as the boolean true.
	const on = root.on ?? root.true;
	const listed = typeof on === 'string' ? [on] : Array.isArray(on) ? on : [];
	if (listed.includes('workflow_dispatch')) {
		return { name, dispatchable: true, inputs: [], warnings };
	}
	if (!isMapping(on) || !('workflow_dispatch' in on)) {
		return { name, dispatchable: false, inputs: [], warnings };
	}
	const dispatch = on.workflow_dispatch;
	const declared = isMapping(dispatch) ? dispatch.inputs : undefined;
	if (declared !== undefined && declared !== null && !isMapping(declared)) {
		warnings.push("'workflow_dispatch.inputs' is not a mapping; ignoring it.");
	}
	const inputs = Object.entries(isMapping(declared) ? declared : {}).map(([key, value]) => readInput(key, value, warnings));
	if (inputs.length > MAX_INPUTS) {
		warnings.push(`GitHub accepts at most ${MAX_INPUTS} inputs; this workflow declares ${inputs.length}.`);
	}
	return { name, dispatchable: true, inputs, warnings };
}

/**
 * Checks values for a dispatch and renders them as GitHub expects (strings). Inputs left out
 * fall back to their defaults on GitHub's side, so only given values are sent.
 */
export function toDispatchInputs(inputs: readonly WorkflowInput[], values: Readonly<Record<string, unknown>>): { inputs: Record<string, string>; errors: string[] } {
	const out: Record<string, string> = {};
	const errors: string[] = [];
	for (const name of Object.keys(values)) {
		if (!inputs.some((input) => input.name === name)) {
			errors.push(`The workflow has no input '${name}'.`);
		}
	}
	for (const input of inputs) {
		const value = values[input.name];
		if (value === undefined || value === null || value === '') {
			if (input.required && input.default === undefined) {
				errors.push(`Input '${input.name}' is required.`);
			}
			continue;
		}
		const text = asText(value);
		if (input.type === 'boolean' && asBoolean(value) === undefined) {
			errors.push(`Input '${input.name}' must be true or false.`);
		} else if (input.type === 'number' && (text.trim() === '' || Number.isNaN(Number(text)))) {
			errors.push(`Input '${input.name}' must be a number.`);
		} else if (input.type === 'choice' && !input.options.includes(text)) {
			errors.push(`Input '${input.name}' must be one of: ${input.options.join(', ')}.`);
		}
		out[input.name] = text;
	}
	return { inputs: out, errors };
}
