// Installs the pinned Node and code-server the vscode and ui test tiers run in (see
// test/support/codeServer.mjs). Safe to run again: a finished install is reused. `npm test` and
// `npm run demo` do this themselves; this is for preparing a machine ahead of time.
import { ensureCodeServer } from '../test/support/codeServer.mjs';
import { orExplain } from './setup/systemPackages.mjs';

const started = Date.now();
const { nodeBin, serverEntry } = orExplain(() => ensureCodeServer());
console.log(`code-server ready (${((Date.now() - started) / 1000).toFixed(1)} s): ${nodeBin} ${serverEntry}`);
