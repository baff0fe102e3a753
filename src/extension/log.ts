import * as vscode from 'vscode';
import { LogLines, type LogLevel } from '../common/logLines';

let channel: vscode.LogOutputChannel | undefined;
/** The latest lines, for the Diagnostics page: an output channel cannot be read back. */
const recent = new LogLines();

/**
 * The extension's one log, shown as the "Meta GOTHIC" output channel and created on first use
 * (not at module load, which must stay free of side effects). Nothing secret is ever written
 * here: tokens stay in the GitHub adapter, which redacts them itself.
 */
export const log = {
	get channel(): vscode.LogOutputChannel {
		channel ??= vscode.window.createOutputChannel('Meta GOTHIC', { log: true });
		return channel;
	},
	info(message: string): void {
		recent.write('INFO', message);
		this.channel.info(message);
	},
	warn(message: string): void {
		recent.write('WARNING', message);
		this.channel.warn(message);
	},
	error(message: string): void {
		recent.write('ERROR', message);
		this.channel.error(message);
	},
	/** The newest `last` lines at `level` or more serious, oldest first. */
	lines(last: number, level: LogLevel) {
		return recent.read(last, level);
	},
	show(): void {
		this.channel.show();
	},
	dispose(): void {
		channel?.dispose();
		channel = undefined;
	},
};
