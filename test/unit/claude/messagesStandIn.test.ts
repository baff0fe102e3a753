import { strict as assert } from 'node:assert';
import { blocksReply, cutReply, MessagesStandIn, overloadedReply, textReply, toolUseReply, unauthorizedReply } from '../../support/claude/messagesStandIn';

interface Sse {
	event: string;
	data: Record<string, unknown>;
}

function parseSse(text: string): Sse[] {
	return text.split('\n\n').filter(Boolean).map((chunk) => {
		const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? '';
		const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? '{}') as Record<string, unknown>;
		return { event, data };
	});
}

const mainBody = (extra: Record<string, unknown> = {}) => ({ model: 'claude-test', stream: true, max_tokens: 100, tools: [{ name: 'Bash' }], messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('claude/messagesStandIn', () => {
	let standIn: MessagesStandIn;
	before(async () => (standIn = await MessagesStandIn.start()));
	after(() => standIn.close());
	beforeEach(() => standIn.reset());

	const post = (path: string, body: unknown) => fetch(`${standIn.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	it('streams the API event sequence for text and tool_use blocks', async () => {
		standIn.enqueue(blocksReply([{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Hello' }, { type: 'tool_use', name: 'Bash', input: { command: 'ls' } }]));
		const res = await post('/v1/messages?beta=true', mainBody());
		assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
		const events = parseSse(await res.text());
		for (const e of events) {
			assert.equal(e.event, e.data.type, 'event name matches data.type');
		}
		assert.deepEqual(events.map((e) => e.event), [
			'message_start', 'ping',
			'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
			'content_block_start', 'content_block_delta', 'content_block_stop',
			'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
			'message_delta', 'message_stop',
		]);
		const start = events[0].data.message as Record<string, unknown>;
		assert.deepEqual(Object.keys(start).sort(), ['content', 'id', 'model', 'role', 'stop_reason', 'stop_sequence', 'type', 'usage']);
		assert.equal(start.model, 'claude-test');
		assert.deepEqual(events[4].data.delta, { type: 'signature_delta', signature: 'c3RhbmQtaW4tc2lnbmF0dXJl' });
		assert.deepEqual(events[7].data.delta, { type: 'text_delta', text: 'Hello' });
		assert.deepEqual((events[9].data.content_block as Record<string, unknown>).input, {});
		assert.deepEqual(events[10].data.delta, { type: 'input_json_delta', partial_json: '' });
		assert.deepEqual(JSON.parse(String((events[11].data.delta as Record<string, unknown>).partial_json)), { command: 'ls' });
		assert.deepEqual(events[13].data.delta, { stop_reason: 'tool_use', stop_sequence: null });
		assert.equal(typeof (events[13].data.usage as Record<string, unknown>).output_tokens, 'number');
	});

	it('streams a text in several deltas, a word each unless a chunk size is given', async () => {
		const text = 'The answer comes\n\nin several words.';
		standIn.enqueue(textReply(text), textReply(text, { chunkSize: 7 }));
		const deltas = async () => parseSse(await (await post('/v1/messages', mainBody())).text())
			.filter((e) => e.event === 'content_block_delta')
			.map((e) => (e.data.delta as { text: string }).text);
		const words = await deltas();
		assert.deepEqual(words, ['The ', 'answer ', 'comes\n\n', 'in ', 'several ', 'words.']);
		const sized = await deltas();
		assert.deepEqual(sized.map((d) => d.length), [7, 7, 7, 7, 7]);
		assert.equal(sized.join(''), text);
	});

	it('answers errors with the API error body and status', async () => {
		standIn.enqueue(overloadedReply(), unauthorizedReply());
		const r529 = await post('/v1/messages', mainBody());
		assert.equal(r529.status, 529);
		const b529 = await r529.json() as Record<string, unknown>;
		assert.deepEqual({ ...b529, request_id: undefined }, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: undefined });
		assert.match(String(b529.request_id), /^req_/);
		const r401 = await post('/v1/messages', mainBody());
		assert.equal(r401.status, 401);
		assert.equal(((await r401.json()) as { error: { type: string } }).error.type, 'authentication_error');
	});

	it('cuts a stream mid-way by destroying the socket', async () => {
		standIn.enqueue(cutReply('abcdefghijklmnop', 2));
		const res = await post('/v1/messages', mainBody());
		await assert.rejects(res.text());
	});

	it('answers side queries without consuming scripted replies', async () => {
		standIn.enqueue(textReply('for the main conversation'));
		const title = await post('/v1/messages', mainBody({ tools: [], output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } } } } } }));
		const text = parseSse(await title.text()).filter((e) => e.event === 'content_block_delta').map((e) => (e.data.delta as { text: string }).text).join('');
		assert.deepEqual(JSON.parse(text), { title: 'Stand-in' });
		const plain = await (await post('/v1/messages', { ...mainBody(), tools: undefined, stream: false })).json() as { content: { text: string }[] };
		assert.equal(plain.content[0].text, 'OK');
		assert.equal(standIn.pending, 1);
		assert.deepEqual(standIn.requests.map((r) => r.kind), ['side', 'side']);
	});

	it('answers the non-streaming fallback of the main conversation from the queue', async () => {
		standIn.enqueue(toolUseReply('Read', { file_path: '/x' }, 'Reading.'), cutReply('x', 0));
		const body = await (await post('/v1/messages', { ...mainBody(), stream: false })).json() as Record<string, unknown>;
		assert.deepEqual(body.content, [{ type: 'text', text: 'Reading.' }, { type: 'tool_use', id: body.content && (body.content as { id?: string }[])[1].id, name: 'Read', input: { file_path: '/x' } }]);
		assert.equal(body.stop_reason, 'tool_use');
		await assert.rejects(post('/v1/messages', { ...mainBody(), stream: false }), 'a cut reply drops a non-streaming request too');
		assert.deepEqual(standIn.requests.map((r) => r.kind), ['main', 'main']);
	});

	it('answers count_tokens and HEAD, and records unknown routes', async () => {
		const count = await (await post('/v1/messages/count_tokens', mainBody())).json() as { input_tokens: number };
		assert.ok(count.input_tokens > 0);
		assert.equal((await fetch(standIn.baseUrl, { method: 'HEAD' })).status, 200);
		assert.equal((await fetch(`${standIn.baseUrl}/v1/unknown`)).status, 404);
		assert.deepEqual(standIn.requests.map((r) => r.kind), ['countTokens', 'probe', 'unknown']);
		assert.equal(standIn.unknownRequests[0].url, '/v1/unknown');
	});

	it('falls back to a recognisable default reply when the queue is empty', async () => {
		standIn.enqueue(toolUseReply('Read', { file_path: '/x' }));
		await (await post('/v1/messages', mainBody())).text();
		const deltas = parseSse(await (await post('/v1/messages', mainBody())).text()).filter((e) => e.event === 'content_block_delta');
		assert.match(deltas.map((e) => (e.data.delta as { text: string }).text).join(''), /no scripted reply/);
	});
});
