import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import type { PermissionServerLaunch } from '../../../src/claude/permissionBridge';
import { bundlePermissionServer } from '../../support/claude/permissionServerBundle';

/** Sends lines to the bundled server and collects one reply per request that has an id. */
async function converse(launch: PermissionServerLaunch, lines: string[], env: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>[]> {
	const child = spawn(launch.command, [...launch.args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
	let out = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (c: string) => (out += c));
	child.stdin.end(`${lines.join('\n')}\n`);
	await new Promise((resolve) => child.on('close', resolve));
	return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('claude/permission prompt server (MCP over stdio)', function () {
	this.timeout(30_000);
	let bundle: { readonly launch: PermissionServerLaunch; dispose(): void };
	before(async () => (bundle = await bundlePermissionServer()));
	after(() => bundle.dispose());

	it('answers initialize with the client\'s protocol version, lists its one tool, and ignores notifications', async () => {
		const replies = await converse(bundle.launch, [
			'{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}',
			'{"jsonrpc":"2.0","method":"notifications/initialized"}',
			'{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
		]);
		assert.equal(replies.length, 2, 'nothing answers the notification');
		assert.deepEqual((replies[0].result as { protocolVersion: string }).protocolVersion, '2025-11-25');
		assert.deepEqual((replies[1].result as { tools: { name: string }[] }).tools.map((t) => t.name), ['permission_prompt']);
	});

	it('answers bad input with JSON-RPC errors and keeps serving', async () => {
		const replies = await converse(bundle.launch, [
			'not json',
			'{"jsonrpc":"2.0","id":5,"method":"resources/list"}',
			'{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"other_tool","arguments":{}}}',
			'{"jsonrpc":"2.0","id":7,"method":"tools/list"}',
		]);
		assert.deepEqual(replies.map((r) => [r.id, (r.error as { code: number } | undefined)?.code]), [[null, -32700], [5, -32601], [6, -32602], [7, undefined]]);
	});

	it('denies when the host cannot be reached, never allows', async () => {
		const replies = await converse(
			bundle.launch,
			['{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"permission_prompt","arguments":{"tool_name":"Bash","input":{"command":"ls"}}}}'],
			{ META_GOTHIC_PERMISSION_SOCKET: '/nonexistent/socket', META_GOTHIC_PERMISSION_TOKEN: 'x' },
		);
		const text = (replies[0].result as { content: { text: string }[] }).content[0].text;
		assert.equal(JSON.parse(text).behavior, 'deny');
	});
});
