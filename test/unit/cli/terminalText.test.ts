import { strict as assert } from 'node:assert';
import { formatStatusTable, type StatusRow } from '../../../src/cli/statusTable';
import { escapeControl, escapeControlInBlock } from '../../../src/cli/terminalText';

/** Any C0 or C1 control character but line feed. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const row = (overrides: Partial<StatusRow>): StatusRow => ({
	name: 'repo', path: '/w/repo', kind: 'ROOT', initialized: true, branch: 'main', detached: false, headSha: 'abc1234def', ahead: 0, behind: 0, changes: [], submoduleChanges: [], error: null, github: null, ...overrides,
});

describe('cli/terminalText', () => {
	it('escapes C0 controls, DEL and C1 controls (8-bit CSI and OSC) as \\xNN', () => {
		assert.equal(escapeControl('a\u001b[2Jb\r\n\u0007\u007f\u009b31m\u009d0;t\u009c'), 'a\\x1b[2Jb\\x0d\\x0a\\x07\\x7f\\x9b31m\\x9d0;t\\x9c');
		assert.equal(escapeControl('plain — ünïcödé ↑2'), 'plain — ünïcödé ↑2');
	});

	it('keeps line feeds and tabs of a block, but not a carriage return that would overwrite a line', () => {
		assert.equal(escapeControlInBlock('one\n\ttwo\r\u001b[1Athree'), 'one\n\ttwo\\x0d\\x1b[1Athree');
	});

	it('the status table escapes repository, branch, error and workflow names, and keeps its columns', () => {
		const table = formatStatusTable([
			row({ name: 'evil\u001b[2J', branch: 'main\u009b31m' }),
			row({ name: 'broken', error: 'cannot read\u001b]0;pwned\u0007\nsecond line' }),
			row({ name: 'ci', github: { latestRun: { workflowName: 'CI\u001b]8;;https://evil.example\u0007click', status: 'COMPLETED', conclusion: 'SUCCESS' } } }),
		]);
		assert.doesNotMatch(table, RAW_CONTROL, table);
		assert.match(table, /^evil\\x1b\[2J\s+main\\x9b31m\s+=\s+clean\s+—$/m);
		assert.match(table, /^broken\s+\(error\)\s+=\s+cannot read\\x1b\]0;pwned\\x07\s+—$/m);
		assert.match(table, /CI\\x1b\]8;;https:\/\/evil\.example\\x07click: success$/m);
		const lines = table.split('\n');
		assert.equal(new Set(lines.map((l) => l.indexOf(l.split(/\s{2,}/)[1]))).size, 1, 'the branch column starts at one offset on every line');
	});
});
