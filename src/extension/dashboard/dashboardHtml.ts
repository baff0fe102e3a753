import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DashboardLocation } from './dashboardPanel';

/**
 * The dashboard page: a strict CSP (`default-src 'none'`, the script by nonce, styles and fonts
 * from the webview's own origin) and assets via `asWebviewUri` from `dist/` and `media/` only.
 */
export function renderDashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, location: DashboardLocation = {}): string {
	const nonce = randomBytes(16).toString('base64');
	const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
	const csp = [
		"default-src 'none'",
		`img-src ${webview.cspSource} data:`,
		`style-src ${webview.cspSource} 'unsafe-inline'`,
		`font-src ${webview.cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${asset('dist', 'webview.css')}">
	<link rel="stylesheet" href="${asset('media', 'dashboard.css')}">
	<title>Meta GOTHIC</title>
</head>
<body>
	<div id="root" data-page="${escapeAttribute(location.page ?? '')}" data-filter="${escapeAttribute(location.filter ?? '')}"></div>
	<script type="module" nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}

/** Text for a double-quoted attribute: a filter is whatever the caller typed. */
function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
