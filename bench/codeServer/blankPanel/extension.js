// The floor under Open Dashboard: what VS Code itself costs to open a webview panel that loads one
// script from the extension and draws one row, with nothing to read. npm run bench -- codeServer
// opens it exactly as it opens the dashboard, so the two figures compare.
// Plain CommonJS, as VS Code loads an extension without a build step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode');

function activate(context) {
	context.subscriptions.push(
		vscode.commands.registerCommand('metaGothicBench.openBlankPanel', () => {
			const media = vscode.Uri.joinPath(context.extensionUri, 'media');
			const panel = vscode.window.createWebviewPanel('metaGothicBench.blank', 'Blank Panel', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [media] });
			const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'blank.js'));
			panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${panel.webview.cspSource};">
</head><body><script src="${script}"></script></body></html>`;
		}),
	);
}

module.exports = { activate };
