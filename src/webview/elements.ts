import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FunctionComponent, HTMLAttributes, Ref } from 'preact';

/**
 * The @vscode-elements web components the dashboard uses, typed for JSX. A tag name stands in
 * for a component: Preact creates the custom element by name. (Augmenting Preact's JSX
 * namespace instead shadows its `Element` type in Preact 11.)
 */
type Tag<Extra = object> = FunctionComponent<Omit<HTMLAttributes<HTMLElement>, 'ref'> & { ref?: Ref<HTMLElement> } & Extra>;

function tag<Extra = object>(name: string): Tag<Extra> {
	return name as unknown as Tag<Extra>;
}

export const VscodeTabs = tag<{ 'selected-index'?: number }>('vscode-tabs');
export const VscodeTabHeader = tag('vscode-tab-header');
export const VscodeTabPanel = tag('vscode-tab-panel');
export const VscodeButton = tag<{ secondary?: boolean; disabled?: boolean }>('vscode-button');
export const VscodeTextfield = tag<{ value?: string; placeholder?: string }>('vscode-textfield');
export const VscodeTextarea = tag<{ value?: string; rows?: number; placeholder?: string }>('vscode-textarea');
export const VscodeCheckbox = tag<{ checked?: boolean; label?: string }>('vscode-checkbox');
export const VscodeSingleSelect = tag<{ value?: string }>('vscode-single-select');
export const VscodeOption = tag<{ value?: string; selected?: boolean }>('vscode-option');
