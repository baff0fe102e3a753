/**
 * The rules a manual run's inputs follow before the mutation sees them: which prompt each input
 * type gets, what its value starts as, and what is refused and why. No `vscode` import, so the
 * rules are unit-tested; `dispatchPrompts.ts` turns them into quick picks and input boxes.
 */

/** An input of a `workflow_dispatch` trigger, as the graph describes it. */
export interface DispatchInputSpec {
	readonly name: string;
	readonly type: 'STRING' | 'BOOLEAN' | 'NUMBER' | 'CHOICE' | 'ENVIRONMENT';
	readonly description: string | null;
	readonly required: boolean;
	readonly default: string | null;
	readonly options: readonly string[] | null;
}

/** Which prompt asks for an input: a pick between true and false, a pick of options, or text. */
export type PromptKind = 'boolean' | 'choice' | 'text';

/** The prompt of an input type; a choice without options falls back to text. */
export function promptKind(input: DispatchInputSpec): PromptKind {
	if (input.type === 'BOOLEAN') {
		return 'boolean';
	}
	if (input.type === 'CHOICE' && input.options && input.options.length > 0) {
		return 'choice';
	}
	return 'text';
}

/** The value a prompt starts at: the declared default, `false` for a boolean without one. */
export function initialValue(input: DispatchInputSpec): string {
	if (input.type === 'BOOLEAN') {
		return input.default === 'true' ? 'true' : 'false';
	}
	if (input.type === 'CHOICE' && input.options?.length) {
		return input.default !== null && input.options.includes(input.default) ? input.default : input.options[0];
	}
	return input.default ?? '';
}

/** Why `value` is refused for `input`, or undefined when it is fine (for an input box's `validateInput`). */
export function validateInputValue(input: DispatchInputSpec, value: string): string | undefined {
	const text = value.trim();
	if (text === '') {
		return input.required ? `${input.name} is required.` : undefined;
	}
	switch (input.type) {
		case 'NUMBER':
			return Number.isFinite(Number(text)) ? undefined : `${input.name} must be a number.`;
		case 'BOOLEAN':
			return text === 'true' || text === 'false' ? undefined : `${input.name} must be true or false.`;
		case 'CHOICE':
			return !input.options?.length || input.options.includes(text) ? undefined : `${input.name} must be one of: ${input.options.join(', ')}.`;
		default:
			return undefined;
	}
}

/**
 * Why a ref cannot be dispatched at, or undefined. Catches typing slips only; GitHub decides
 * whether the branch or tag exists.
 */
export function validateRef(ref: string): string | undefined {
	const text = ref.trim();
	if (text === '') {
		return 'Give a branch or tag.';
	}
	if (/[\s~^:?*[\\]/.test(text) || text.includes('..') || text.endsWith('/') || text.endsWith('.lock') || text.startsWith('-')) {
		return `'${text}' is not a valid branch or tag name.`;
	}
	return undefined;
}

/** The prompt's title line for an input: name, then its description when it has one. */
export function inputTitle(input: DispatchInputSpec): string {
	return input.description ? `${input.name} — ${input.description}` : input.name;
}

/** The inputs as the mutation takes them, dropping empty optional text (GitHub applies the default). */
export function toMutationInputs(inputs: readonly DispatchInputSpec[], values: Readonly<Record<string, string>>): Array<{ name: string; value: string }> {
	return inputs.flatMap((input) => {
		const value = values[input.name];
		return value === undefined || (value.trim() === '' && !input.required) ? [] : [{ name: input.name, value: value.trim() }];
	});
}
