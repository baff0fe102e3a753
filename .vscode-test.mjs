// Configuration for @vscode/test-cli (`npx vscode-test`), for machines that can download VS Code.
// It runs the same suites as `npm run test:vscode` (which uses code-server and works offline),
// in desktop VS Code, against a freshly generated meta-repository.
//
// @vscode/test-electron users can call our runner directly instead:
//   runTests({ extensionDevelopmentPath: '.', extensionTestsPath: 'out/test/vscode/index.js' })
import { defineConfig } from '@vscode/test-cli';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createMiniWorkspace } from './test/support/miniWorkspace.mjs';
import { bundleTests } from './test/vscode/bundle.mjs';

execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
await bundleTests();
const { root, workspace, submodules, dirty } = createMiniWorkspace();
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

export default defineConfig({
	label: 'extension-host',
	files: 'out/test/vscode/*.test.js',
	workspaceFolder: workspace,
	launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
	env: { META_GOTHIC_EXPECTED_WORKSPACE: JSON.stringify({ submodules, dirty }) },
	mocha: { ui: 'tdd', timeout: 60_000, color: true },
});
