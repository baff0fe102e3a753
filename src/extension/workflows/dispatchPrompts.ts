import * as vscode from 'vscode';
import { type DispatchInputSpec, initialValue, inputTitle, promptKind, validateInputValue, validateRef } from './dispatchInputRules';

/** Asks for a branch or tag: the default branch first, the checked-out one, or any other. Undefined when dismissed. */
export async function promptForRef(defaultBranch: string | null, currentBranch: string | null): Promise<string | undefined> {
	const other = 'Other branch or tag…';
	const items: vscode.QuickPickItem[] = [];
	if (defaultBranch) {
		items.push({ label: defaultBranch, description: 'default branch' });
	}
	if (currentBranch && currentBranch !== defaultBranch) {
		items.push({ label: currentBranch, description: 'checked out' });
	}
	items.push({ label: other, alwaysShow: true });
	const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Run the workflow on', placeHolder: 'Branch or tag', ignoreFocusOut: true });
	if (!picked) {
		return undefined;
	}
	if (picked.label !== other) {
		return picked.label;
	}
	const typed = await vscode.window.showInputBox({ title: 'Run the workflow on', prompt: 'Branch or tag', value: defaultBranch ?? '', validateInput: validateRef, ignoreFocusOut: true });
	return typed?.trim();
}

/** Asks for one input with the prompt its type calls for. Undefined when dismissed. */
export async function promptForInput(input: DispatchInputSpec, step: { index: number; total: number }): Promise<string | undefined> {
	const title = `${inputTitle(input)} (${step.index}/${step.total})`;
	const start = initialValue(input);
	const kind = promptKind(input);
	if (kind === 'text') {
		return vscode.window.showInputBox({
			title,
			prompt: `${input.type.toLowerCase()}${input.required ? ', required' : ', optional'}`,
			value: start,
			validateInput: (value) => validateInputValue(input, value),
			ignoreFocusOut: true,
		});
	}
	const values = kind === 'boolean' ? ['true', 'false'] : [...(input.options ?? [])];
	// The default first, so Enter keeps it.
	const ordered = [start, ...values.filter((v) => v !== start)];
	const picked = await vscode.window.showQuickPick(
		ordered.map((value) => ({ label: value, description: value === start ? 'default' : undefined })),
		// A multi-step form must not vanish when focus blinks elsewhere (a toast, a view redraw).
		{ title, placeHolder: input.description ?? input.name, ignoreFocusOut: true },
	);
	return picked?.label;
}

/** Asks for every input in order; undefined as soon as one prompt is dismissed. */
export async function promptForInputs(inputs: readonly DispatchInputSpec[]): Promise<Record<string, string> | undefined> {
	const values: Record<string, string> = {};
	for (const [i, input] of inputs.entries()) {
		const value = await promptForInput(input, { index: i + 1, total: inputs.length });
		if (value === undefined) {
			return undefined;
		}
		values[input.name] = value;
	}
	return values;
}
