/**
 * The questions a command asks a person (pick lists, input boxes, modal confirmations), in one
 * place so the extension-host tests can answer them: VS Code's API cannot click a quick pick item
 * or a modal's button of another extension. In production nothing is queued and every call goes
 * straight to `vscode.window`.
 */
import * as vscode from 'vscode';

/** A question as it was asked: what kind, its title or message, and what it offered. */
export interface AskedPrompt {
	readonly kind: 'pick' | 'pickMany' | 'input' | 'confirm';
	readonly title: string;
	/** The items of a pick list, the buttons of a confirmation, the value an input box started with. */
	readonly offered: readonly string[];
}

/**
 * A scripted answer: an item's label or a button's title, the text typed into an input box, the
 * labels of a multi-select pick one per line (`*` keeps what the list started with), or
 * `undefined` to dismiss the prompt.
 */
export type ScriptedAnswer = string | undefined;

const queued: ScriptedAnswer[] = [];
const asked: AskedPrompt[] = [];
const KEEP = 50;

function remember(prompt: AskedPrompt): { answered: boolean; answer: ScriptedAnswer } {
	asked.push(prompt);
	if (asked.length > KEEP) {
		asked.shift();
	}
	return queued.length > 0 ? { answered: true, answer: queued.shift() } : { answered: false, answer: undefined };
}

/** Queues answers for the next prompts, in order (tests only, through `metaGothic.test.answerPrompts`). */
export function queueAnswers(answers: readonly ScriptedAnswer[]): void {
	queued.push(...answers);
}

/** The prompts asked so far, newest last; `clear` forgets them and any answer still queued. */
export function askedPrompts(clear = false): readonly AskedPrompt[] {
	const copy = [...asked];
	if (clear) {
		asked.length = 0;
		queued.length = 0;
	}
	return copy;
}

/** `vscode.window.showQuickPick` of one item, answerable by label. */
export async function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { title: string }): Promise<T | undefined> {
	const { answered, answer } = remember({ kind: 'pick', title: options.title, offered: items.map((i) => i.label) });
	if (answered) {
		return items.find((i) => i.label === answer);
	}
	return vscode.window.showQuickPick(items, options);
}

/** A multi-select `vscode.window.showQuickPick`, answerable by labels (one per line) or `*` for the items it started with picked. */
export async function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { title: string }): Promise<T[] | undefined> {
	const { answered, answer } = remember({ kind: 'pickMany', title: options.title, offered: items.map((i) => i.label) });
	if (answered) {
		if (answer === undefined) {
			return undefined;
		}
		const labels = new Set(answer.split('\n'));
		return items.filter((i) => (answer === '*' ? i.picked === true : labels.has(i.label)));
	}
	return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
}

/** `vscode.window.showInputBox`, answerable by the text typed; a scripted text must pass `validateInput` too. */
export async function input(options: vscode.InputBoxOptions & { title: string }): Promise<string | undefined> {
	const { answered, answer } = remember({ kind: 'input', title: options.title, offered: options.value ? [options.value] : [] });
	if (answered) {
		const problem = answer === undefined ? undefined : await options.validateInput?.(answer);
		if (problem) {
			throw new Error(`The scripted answer "${answer}" is not valid: ${typeof problem === 'string' ? problem : problem.message}`);
		}
		return answer;
	}
	return vscode.window.showInputBox(options);
}

/** A modal warning with `buttons`, answerable by a button's title. */
export async function confirm(message: string, detail: string, ...buttons: string[]): Promise<string | undefined> {
	const { answered, answer } = remember({ kind: 'confirm', title: message, offered: buttons });
	if (answered) {
		return buttons.find((b) => b === answer);
	}
	return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
}
