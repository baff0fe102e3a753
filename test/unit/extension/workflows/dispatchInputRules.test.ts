import { strict as assert } from 'node:assert';
import { type DispatchInputSpec, initialValue, inputTitle, promptKind, toMutationInputs, validateInputValue, validateRef } from '../../../../src/extension/workflows/dispatchInputRules';

/** An input as the graph describes it; a required string unless overridden. */
function input(overrides: Partial<DispatchInputSpec> = {}): DispatchInputSpec {
	return { name: 'target', type: 'STRING', description: null, required: false, default: null, options: null, ...overrides };
}

describe('the prompts of a manual workflow run', () => {
	it('asks a boolean with a pick of true or false, a choice with its options, everything else as text', () => {
		assert.equal(promptKind(input({ type: 'BOOLEAN' })), 'boolean');
		assert.equal(promptKind(input({ type: 'CHOICE', options: ['staging', 'production'] })), 'choice');
		assert.equal(promptKind(input({ type: 'CHOICE', options: [] })), 'text', 'a choice without options cannot be picked from');
		assert.equal(promptKind(input({ type: 'ENVIRONMENT' })), 'text');
		assert.equal(promptKind(input({ type: 'NUMBER' })), 'text');
	});

	it('starts each prompt at the declared default', () => {
		assert.equal(initialValue(input({ type: 'BOOLEAN', default: 'true' })), 'true');
		assert.equal(initialValue(input({ type: 'BOOLEAN' })), 'false');
		assert.equal(initialValue(input({ type: 'CHOICE', options: ['staging', 'production'], default: 'production' })), 'production');
		assert.equal(initialValue(input({ type: 'CHOICE', options: ['staging', 'production'], default: 'moon' })), 'staging', 'a default that is not an option falls back to the first');
		assert.equal(initialValue(input({ default: 'v1' })), 'v1');
		assert.equal(initialValue(input()), '');
	});

	it('refuses a missing required value, a number that is not one, and a choice outside its options', () => {
		assert.equal(validateInputValue(input({ required: true }), '  '), 'target is required.');
		assert.equal(validateInputValue(input(), ''), undefined);
		assert.equal(validateInputValue(input({ type: 'NUMBER', name: 'shards' }), 'four'), 'shards must be a number.');
		assert.equal(validateInputValue(input({ type: 'NUMBER' }), '4.5'), undefined);
		assert.equal(validateInputValue(input({ type: 'CHOICE', options: ['a', 'b'] }), 'c'), 'target must be one of: a, b.');
		assert.equal(validateInputValue(input({ type: 'BOOLEAN' }), 'yes'), 'target must be true or false.');
		assert.equal(validateInputValue(input({ type: 'ENVIRONMENT', required: true }), 'prod'), undefined);
	});

	it('catches refs git would not accept, and lets branches and tags through', () => {
		assert.equal(validateRef('main'), undefined);
		assert.equal(validateRef('feature/login'), undefined);
		assert.equal(validateRef('v1.2.3'), undefined);
		assert.match(validateRef('') ?? '', /branch or tag/);
		for (const bad of ['has space', 'a..b', 'ends/', 'x.lock', '-flag', 'a:b', 'a~1']) {
			assert.ok(validateRef(bad), bad);
		}
	});

	it('sends every given value trimmed and leaves empty optional text to the workflow default', () => {
		const inputs = [input({ name: 'env', type: 'CHOICE', options: ['a'] }), input({ name: 'note' }), input({ name: 'must', required: true })];
		assert.deepEqual(toMutationInputs(inputs, { env: 'a', note: '  ', must: ' x ' }), [
			{ name: 'env', value: 'a' },
			{ name: 'must', value: 'x' },
		]);
		assert.equal(inputTitle(input({ description: 'Where to deploy' })), 'target — Where to deploy');
	});
});
