import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A Node process of the project's source (through tsx), its output and how it ended. */
export interface ChildHost {
	readonly child: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves once the process has exited. */
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const projectRoot = path.resolve(__dirname, '../../..');

/** Starts `node --import tsx <script> ...args` from the project root. */
export function startChildHost(script: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildHost {
	const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(projectRoot, script), ...args], { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
	child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	return { child, stdout: () => out, stderr: () => err, exited };
}

/** The status of run `id` (or of the only run) in a store folder's runs.json; undefined before it is written. */
export function storedStatus(storageDir: string, id?: string): string | undefined {
	try {
		const { runs } = JSON.parse(fs.readFileSync(path.join(storageDir, 'runs.json'), 'utf8')) as { runs: { id: string; status: string }[] };
		return (id ? runs.find((r) => r.id === id) : runs.length === 1 ? runs[0] : undefined)?.status;
	} catch {
		// Not written yet (or being replaced): ask again.
		return undefined;
	}
}
