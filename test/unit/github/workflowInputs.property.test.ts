/**
 * Property tests of the workflow-inputs reader: any text gives a dispatch description or a
 * WorkflowYamlError, nothing else; inputs declared from a model and written as YAML read back as
 * the model; the dispatch values the reader accepts are the ones the inputs allow.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseWorkflowDispatch, toDispatchInputs, WorkflowYamlError, type WorkflowInput } from '../../../src/github/workflowInputs';

const RUNS = 500;

const inputName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,15}$/);
const words = fc.string({ minLength: 1, maxLength: 12 });
const inputSpec = fc.oneof(
	fc.record({ type: fc.constant('string' as const), default: fc.option(words, { nil: undefined }) }),
	fc.record({ type: fc.constant('boolean' as const), default: fc.option(fc.boolean(), { nil: undefined }) }),
	fc.record({ type: fc.constant('number' as const), default: fc.option(fc.integer({ min: -1e6, max: 1e6 }), { nil: undefined }) }),
	fc.record({ type: fc.constant('environment' as const), default: fc.option(words, { nil: undefined }) }),
	fc.uniqueArray(words, { minLength: 1, maxLength: 5 }).chain((options) =>
		fc.record({ type: fc.constant('choice' as const), options: fc.constant(options), default: fc.option(fc.constantFrom(...options), { nil: undefined }) }),
	),
);
const declared = fc.record({ description: fc.option(words, { nil: undefined }), required: fc.boolean(), spec: inputSpec });
const workflow = fc.record({ name: fc.option(words, { nil: undefined }), inputs: fc.dictionary(inputName, declared, { maxKeys: 8 }) });

/** YAML fragments that stress the parser's edges: anchors, aliases, tags, directives, odd keys. */
const fragment = fc.constantFrom(
	'on:', ' workflow_dispatch:', '  inputs:', '   x:', '    type: choice', '    options: &o [a, *o]', '    default: &d [*d]', '    default: {toString: 1}',
	'    type: {toString: 1}', '    options: [{toString: 1}]', 'a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
	'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', '%YAML 1.1', '---', '...', '? [a]', ': b', '*nope', '!!binary aGk=', 'on: [push, workflow_dispatch]', '- x', '"', "'", '\t', 'on: workflow_dispatch',
	'    required: maybe', '    default: .inf', '    default: 0x1F', '    default: ~', '__proto__: {on: workflow_dispatch}',
);
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.array(fragment, { maxLength: 12 }).map((l) => l.join('\n')), fc.jsonValue().map((v) => stringify(v)));

describe('github/workflowInputs properties', () => {
	it(`reads any text as a dispatch description or a WorkflowYamlError, nothing else (${RUNS * 4} cases)`, () => {
		fc.assert(
			fc.property(anyText, (text) => {
				try {
					const info = parseWorkflowDispatch(text);
					assert.ok(info.dispatchable || info.inputs.length === 0);
					assert.doesNotThrow(() => toDispatchInputs(info.inputs, Object.fromEntries(info.inputs.map((i) => [i.name, i.default]))));
				} catch (err) {
					assert.ok(err instanceof WorkflowYamlError, `unexpected ${String(err)}`);
				}
			}),
			{ numRuns: RUNS * 4 },
		);
	});

	it(`reads back the inputs of a workflow written from a model (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(workflow, (w) => {
				const inputs = Object.fromEntries(
					Object.entries(w.inputs).map(([name, d]) => [name, { ...(d.description !== undefined ? { description: d.description } : {}), required: d.required, ...d.spec }]),
				);
				const text = stringify({ ...(w.name !== undefined ? { name: w.name } : {}), on: { workflow_dispatch: { inputs }, push: null }, jobs: { build: { 'runs-on': 'ubuntu-latest' } } });
				const info = parseWorkflowDispatch(text);
				assert.equal(info.name, w.name);
				assert.equal(info.dispatchable, true);
				assert.deepEqual(info.warnings, []);
				const expected: WorkflowInput[] = Object.entries(w.inputs).map(([name, d]) => ({ name, description: d.description, required: d.required, deprecationMessage: undefined, ...d.spec }) as WorkflowInput);
				assert.deepEqual(info.inputs, expected);
				// Each input's own default is a value it accepts.
				const defaults = Object.fromEntries(info.inputs.filter((i) => i.default !== undefined).map((i) => [i.name, i.default]));
				assert.deepEqual(toDispatchInputs(info.inputs, defaults).errors.filter((e) => !e.endsWith('is required.')), []);
			}),
			{ numRuns: RUNS },
		);
	});
});
