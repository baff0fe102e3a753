import { strict as assert } from 'node:assert';
import { parseStreamJson } from '../../../src/claude/streamJson';
import { fence, renderTranscript, type TranscriptRun } from '../../../src/claude/transcriptMarkdown';
import { assistantLine, initLine, resultLine, userLine } from '../../support/claude/streamJsonBuilders';

const run: TranscriptRun = {
	prompt: 'List the files\nand say what they are',
	status: 'SUCCEEDED',
	repositoryPath: '/work/meta/alpha',
	model: 'claude-test',
	sessionId: 'sess-1',
	costUsd: 0.01234,
	durationMs: 4200,
	numTurns: 2,
	result: 'Only a README.',
	error: null,
};

describe('claude/transcriptMarkdown', () => {
	it('renders prompt, text, folded tool calls and results, and the outcome with its cost', () => {
		const events = parseStreamJson(
			[
				initLine({ cwd: '/work/meta/alpha' }),
				assistantLine([{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls -la' } }]),
				userLine([{ type: 'tool_result', tool_use_id: 't1', content: 'README.md <b>' }]),
				assistantLine([{ type: 'text', text: 'Only a README.' }]),
				resultLine({ result: 'Only a README.', numTurns: 2 }),
			].join('\n'),
		);
		const md = renderTranscript(run, events);
		assert.match(md, /^# Claude in alpha\n\n\*\*Succeeded\*\* · 2 turns · 4\.2 s · \$0\.0123 · claude-test\n/);
		assert.match(md, /## Prompt\n\n> List the files\n> and say what they are\n/);
		assert.match(md, /Looking\.\n\n<details>\n<summary>Tool: Bash — ls -la<\/summary>\n\n```json\n\{\n {2}"command": "ls -la"\n\}\n```\n\n<\/details>/);
		assert.match(md, /<summary>Tool result<\/summary>\n\n```\nREADME\.md <b>\n```/);
		assert.match(md, /## Result\n\nOnly a README\./);
	});

	it('shows the error of a failed run and a placeholder when nothing was recorded', () => {
		const md = renderTranscript({ ...run, status: 'FAILED', error: 'API error 529.', result: null, costUsd: null, numTurns: null }, []);
		assert.match(md, /\*\*Failed\*\* · 4\.2 s · claude-test/);
		assert.match(md, /_Nothing yet\._/);
		assert.match(md, /## Error\n\n```\nAPI error 529\.\n```/);
		assert.doesNotMatch(md, /## Result/);
	});

	it('shows the message a running run is still writing last, from its output, and nothing of it once it is complete', () => {
		const events = parseStreamJson([initLine(), assistantLine([{ type: 'text', text: 'Looking.' }])].join('\n'));
		const running = { ...run, status: 'RUNNING', result: null, output: 'Looking.\n\nThere is only a REA' };
		const md = renderTranscript(running, events);
		assert.match(md, /Looking\.\n\nThere is only a REA\n\n_… writing_\n/);
		assert.equal(md.match(/Looking\./g)?.length, 1, 'the complete message once');
		assert.doesNotMatch(renderTranscript({ ...running, output: 'Looking.' }, events), /writing/, 'nothing being written');
		assert.doesNotMatch(renderTranscript({ ...running, status: 'CANCELLED' }, events), /writing/, 'only while it runs');
		assert.doesNotMatch(renderTranscript({ ...running, output: '…only a REA' }, events), /writing/, 'not from an output whose head was cut');
	});

	it('fences content with a fence longer than any backtick run inside it', () => {
		assert.equal(fence('a ``` b'), '````\na ``` b\n````');
		assert.equal(fence('plain', 'json'), '```json\nplain\n```');
	});
});
