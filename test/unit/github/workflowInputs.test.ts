import { strict as assert } from 'node:assert';
import { WorkflowYamlError, parseWorkflowDispatch, toDispatchInputs } from '../../../src/github/workflowInputs';

const FULL = `name: Release
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      version:
        description: Version to release
        required: true
      level:
        description: Log level
        type: choice
        options: [info, warning, debug]
        default: warning
      publish:
        type: boolean
        default: false
      env:
        type: environment
        required: false
      retries:
        type: number
        default: 3
      old:
        deprecationMessage: use 'version'
jobs:
  release:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`;

describe('parseWorkflowDispatch', () => {
	it('reads every input type with required, default, description and options', () => {
		const info = parseWorkflowDispatch(FULL);
		assert.equal(info.name, 'Release');
		assert.equal(info.dispatchable, true);
		assert.deepEqual(info.warnings, []);
		assert.deepEqual(info.inputs, [
			{ name: 'version', description: 'Version to release', required: true, deprecationMessage: undefined, type: 'string', default: undefined },
			{ name: 'level', description: 'Log level', required: false, deprecationMessage: undefined, type: 'choice', options: ['info', 'warning', 'debug'], default: 'warning' },
			{ name: 'publish', description: undefined, required: false, deprecationMessage: undefined, type: 'boolean', default: false },
			{ name: 'env', description: undefined, required: false, deprecationMessage: undefined, type: 'environment', default: undefined },
			{ name: 'retries', description: undefined, required: false, deprecationMessage: undefined, type: 'number', default: 3 },
			{ name: 'old', description: undefined, required: false, deprecationMessage: "use 'version'", type: 'string', default: undefined },
		]);
	});

	it('accepts the shorthand, list and empty-mapping spellings of the trigger', () => {
		for (const on of ['on: workflow_dispatch', 'on: [push, workflow_dispatch]', 'on:\n  - workflow_dispatch', 'on:\n  workflow_dispatch:', 'on:\n  workflow_dispatch: {}', 'on:\n  workflow_dispatch:\n    inputs:']) {
			const info = parseWorkflowDispatch(`${on}\njobs: {}\n`);
			assert.equal(info.dispatchable, true, on);
			assert.deepEqual(info.inputs, [], on);
		}
	});

	it('says a workflow without the trigger cannot be dispatched', () => {
		for (const on of ['on: push', 'on: [push, pull_request]', 'on:\n  push:\n    branches: [main]', 'name: no trigger']) {
			assert.equal(parseWorkflowDispatch(`${on}\njobs: {}\n`).dispatchable, false, on);
		}
	});

	it('reads a YAML 1.1 file, where a bare `on` key is the boolean true', () => {
		const info = parseWorkflowDispatch('%YAML 1.1\n---\non:\n  workflow_dispatch:\n    inputs:\n      x:\n        required: true\njobs: {}\n');
		assert.equal(info.dispatchable, true);
		assert.deepEqual(info.inputs.map((i) => [i.name, i.required]), [['x', true]]);
	});

	it('tolerates loose values and reports what GitHub would flag', () => {
		const info = parseWorkflowDispatch(`on:
  workflow_dispatch:
    inputs:
      a: 
      b: { type: boolean, default: 'true', required: 'true' }
      c: { type: choice, default: nope, options: [x, y] }
      d: { type: choice }
      e: { type: weird }
      f: { type: number, default: many }
`);
		const byName = Object.fromEntries(info.inputs.map((i) => [i.name, i]));
		assert.deepEqual([byName.a.type, byName.a.required], ['string', false]);
		assert.deepEqual([byName.b.default, byName.b.required], [true, true]);
		assert.equal(byName.e.type, 'string');
		assert.equal(byName.f.default, undefined);
		assert.equal(info.warnings.length, 4);
		assert.match(info.warnings.join('\n'), /'nope', which is not one of its options/);
		assert.match(info.warnings.join('\n'), /choice without options/);
		assert.match(info.warnings.join('\n'), /unknown type 'weird'/);
		assert.match(info.warnings.join('\n'), /number but its default is "many"/);
	});

	it('explains malformed YAML with its position', () => {
		const err = (() => {
			try {
				parseWorkflowDispatch('on:\n  workflow_dispatch:\n    inputs: [unclosed\n', '.github/workflows/bad.yml');
			} catch (e) {
				return e;
			}
			return undefined;
		})();
		assert.ok(err instanceof WorkflowYamlError);
		assert.match(err.message, /^\.github\/workflows\/bad\.yml is not valid YAML \(line \d+, column \d+\): /);
		assert.ok(typeof err.line === 'number');
	});

	it('rejects files that are not workflows', () => {
		assert.throws(() => parseWorkflowDispatch(''), /is empty/);
		assert.throws(() => parseWorkflowDispatch('- a\n- b\n'), /top level must be a mapping/);
		assert.throws(() => parseWorkflowDispatch('on: a\non: b\n'), WorkflowYamlError);
	});
});

describe('toDispatchInputs', () => {
	const { inputs } = parseWorkflowDispatch(FULL);

	it('renders given values as strings and leaves the rest to GitHub defaults', () => {
		assert.deepEqual(toDispatchInputs(inputs, { version: '1.2.3', publish: true, retries: 5 }), { inputs: { version: '1.2.3', publish: 'true', retries: '5' }, errors: [] });
	});

	it('reports missing required inputs, wrong types, bad choices and unknown names', () => {
		const { errors } = toDispatchInputs(inputs, { level: 'loud', publish: 'yes', retries: 'x', extra: 1 });
		assert.deepEqual(errors, [
			"The workflow has no input 'extra'.",
			"Input 'version' is required.",
			"Input 'level' must be one of: info, warning, debug.",
			"Input 'publish' must be true or false.",
			"Input 'retries' must be a number.",
		]);
	});
});
