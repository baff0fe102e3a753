/**
 * Text for the terminal. Repository folders, branch names, workflow names, prompts and package
 * names are written by whoever made the repository (a fork's workflow file, a cloned folder): an
 * escape sequence among them must not clear the screen, retitle the window, forge a link or hide
 * a line. Every human-readable output of the CLI passes its data through here; `--json` does not,
 * as its bytes are for programs.
 */

/** C0 controls, DEL and C1 controls (U+0080–U+009F: 8-bit CSI, OSC and the like). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same without line feed and tab, which a block of text keeps. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function hex(c: string): string {
	return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** `text` with C0 and C1 control characters (ESC, CR, BEL, LF, CSI…) written as `\xNN`: one cell or line. */
export function escapeControl(text: string): string {
	return text.replace(CONTROL, hex);
}

/**
 * {@link escapeControl} that keeps line feeds and tabs, for multi-line text printed as a block
 * (a transcript, a prompt). A carriage return is still escaped: it would let a line overwrite
 * the one before it.
 */
export function escapeControlInBlock(text: string): string {
	return text.replace(CONTROL_BUT_LINES, hex);
}
