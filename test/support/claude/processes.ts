import { execFileSync } from 'node:child_process';

/** Command lines of all live (non-zombie) processes, to assert a run left nothing behind. */
export function liveCommandLines(): string[] {
	const out = execFileSync('ps', ['-A', '-o', 'stat=,args='], { encoding: 'utf8' });
	return out.split('\n').filter((l) => l.trim() && !l.trim().startsWith('Z')).map((l) => l.trim().replace(/^\S+\s+/, ''));
}

/** Pid and command line of every live (non-zombie) process, to end what a killed host left behind. */
export function liveProcesses(): { pid: number; args: string }[] {
	const out = execFileSync('ps', ['-A', '-o', 'pid=,stat=,args='], { encoding: 'utf8' });
	return out.split('\n').map((l) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null && !m[2].startsWith('Z')).map((m) => ({ pid: Number(m[1]), args: m[3] }));
}

/** True while a process group exists. */
export function groupExists(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Polls `predicate` until it holds or `timeoutMs` passes. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** Text of every user message of a Messages API request, for asserting the prompt arrived. */
export function userTexts(messages: readonly { role: string; content: unknown }[] | undefined): string[] {
	const out: string[] = [];
	for (const m of messages ?? []) {
		if (m.role !== 'user') {
			continue;
		}
		if (typeof m.content === 'string') {
			out.push(m.content);
		} else if (Array.isArray(m.content)) {
			for (const part of m.content as { type?: string; text?: string; content?: unknown }[]) {
				if (part.type === 'text' && typeof part.text === 'string') {
					out.push(part.text);
				} else if (part.type === 'tool_result') {
					out.push(typeof part.content === 'string' ? part.content : JSON.stringify(part.content));
				}
			}
		}
	}
	return out;
}
