// Installs the pinned Node and code-server the vscode and ui test tiers run in (see
// test/support/codeServer.mjs). Safe to run again: a finished install is reused.
import { ensureCodeServer } from '../test/support/codeServer.mjs';

const started = Date.now();
const { nodeBin, serverEntry } = ensureCodeServer();
console.log(`code-server ready (${((Date.now() - started) / 1000).toFixed(1)} s): ${nodeBin} ${serverEntry}`);
