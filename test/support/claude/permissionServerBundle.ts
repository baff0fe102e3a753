import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PermissionServerLaunch } from '../../../src/claude/permissionBridge';

/**
 * Bundles the permission prompt server as esbuild.mjs does for the vsix, into a temporary
 * folder, so the real CLI starts the same single file the extension ships.
 */
export async function bundlePermissionServer(): Promise<{ readonly launch: PermissionServerLaunch; dispose(): void }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-perm-bundle-'));
	const outfile = path.join(dir, 'permissionPrompt.js');
	await esbuild.build({
		entryPoints: [path.resolve(__dirname, '../../../src/claude/permissionPromptServer.ts')],
		bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning',
	});
	return { launch: { command: process.execPath, args: [outfile] }, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
