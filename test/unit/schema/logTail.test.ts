import { strict as assert } from 'node:assert';
import { failingStepTail, stripAnsi } from '../../../src/schema/flows/logTail';

describe('failing step log tail', () => {
	const log = ['##[group]Run Build', '##[endgroup]', 'built', '##[group]Run Test', '##[endgroup]', ...Array.from({ length: 200 }, (_, i) => `line ${i}`), '##[error]Process completed with exit code 1.'].map((l) => `2026-01-01T00:00:00.1234567Z ${l}`).join('\n');

	it('keeps the last lines of the failing step only, within the line cap', () => {
		const tail = failingStepTail(log, 'Test', { maxLines: 5, maxBytes: 10_000 }).split('\n');
		assert.deepEqual(tail, ['line 196', 'line 197', 'line 198', 'line 199', '##[error]Process completed with exit code 1.']);
	});

	it('keeps whole newest lines within the byte cap', () => {
		const tail = failingStepTail(log, 'Test', { maxLines: 1000, maxBytes: 64 });
		assert.ok(Buffer.byteLength(tail) <= 64);
		assert.match(tail, /##\[error\]Process completed with exit code 1\.$/);
		assert.ok(!tail.includes('built'));
	});

	it('falls back to what precedes the last error when no group names the step', () => {
		const tail = failingStepTail('a\nb\n##[error]boom\nCleaning up orphan processes', 'npm test', { maxLines: 10, maxBytes: 1000 });
		assert.equal(tail, 'a\nb\n##[error]boom');
	});

	it('strips colours and cursor sequences', () => {
		assert.equal(stripAnsi('\u001b[1;31mred\u001b[0m \u001b]0;title\u0007ok\r\n'), 'red ok\n');
	});
});
