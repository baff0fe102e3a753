// Bundled only when META_GOTHIC_PROVE_FAILURE=1: the runner must then report a failure and exit
// non-zero. test/run-all.mjs checks that it does, so a harness that swallows failures is caught.
import * as assert from 'node:assert/strict';

suite('Harness failure proof', () => {
	test('this test fails on purpose', () => {
		assert.equal(1 + 1, 3, 'deliberate failure (META_GOTHIC_PROVE_FAILURE=1)');
	});
});
