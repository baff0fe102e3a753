import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

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
		this.channel.info(message);
	},
	warn(message: string): void {
		this.channel.warn(message);
	},
	error(message: string): void {
		this.channel.error(message);
	},
	show(): void {
		this.channel.show();
	},
	dispose(): void {
		channel?.dispose();
		channel = undefined;
	},
};
