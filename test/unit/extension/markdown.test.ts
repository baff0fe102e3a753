import { strict as assert } from 'node:assert';
import { codeBlock, codeSpan, escapeMarkdown, escapeMarkdownLines } from '../../../src/extension/markdown';
import { HOSTILE, liveSyntax } from '../../support/markdownChecks';

describe('extension/markdown', () => {
	it('escapeMarkdown leaves no live link, image, icon, HTML, emphasis or code', () => {
		const out = escapeMarkdown(HOSTILE);
		assert.doesNotMatch(liveSyntax(out), /[[\]()!$<>*`#_~|:&\\]/, out);
		// Shown as written: unescaping gives the text back (control characters as visible escapes).
		assert.equal(out.replace(/\\([\s\S])/g, '$1'), HOSTILE.replace('\u001b', '\\u001b'));
	});

	it('escapeMarkdown writes control characters as visible escapes, so no line break or ESC gets through', () => {
		assert.equal(escapeMarkdown('a\nb\u001b\u009b'), 'a\\\\u000ab\\\\u001b\\\\u009b');
	});

	it('escapeMarkdownLines keeps the lines apart, each escaped', () => {
		assert.equal(escapeMarkdownLines('[a](b)\r\n$(x)'), '\\[a\\]\\(b\\)\n\n\\$\\(x\\)');
	});

	it('codeSpan fences text with more backticks than it holds, so it cannot close the span', () => {
		assert.equal(codeSpan('@acme/core'), '`@acme/core`');
		assert.equal(codeSpan('a`b``c'), '```a`b``c```');
		assert.equal(codeSpan('`x'), '`` `x ``');
		assert.equal(codeSpan('one\ntwo'), '`one two`');
	});

	it('codeBlock picks a fence no line inside can close, and keeps lines and tabs', () => {
		const text = 'run:\n```\n[x](https://evil.example)\n````\n\tdone\r';
		const block = codeBlock(text);
		const [, fence] = /^\n(`+)text\n/.exec(block) ?? [];
		assert.equal(fence, '`````');
		assert.ok(block.endsWith(`\n${fence}\n`), block);
		const inner = block.slice(`\n${fence}text\n`.length, -`\n${fence}\n`.length);
		assert.equal(inner, 'run:\n```\n[x](https://evil.example)\n````\n\tdone\\u000d');
		assert.equal(codeBlock('plain'), '\n```text\nplain\n```\n');
	});
});
