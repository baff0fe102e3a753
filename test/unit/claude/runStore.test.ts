import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRun, endRun, markRunning, type AgentRun, type RunEvent, type RunStatus } from '../../../src/claude/runModel';
import { RunQueue } from '../../../src/claude/runQueue';
import { boundRuns, RunStore } from '../../../src/claude/runStore';
import { parseStreamJsonLine } from '../../../src/claude/streamJson';
import { assistantLine, block, initLine, resultLine } from '../../support/claude/streamJsonBuilders';

/** A finished (or, with `status`, any) run created `minute` minutes into the day. */
function aRun(n: number, status: RunStatus = 'SUCCEEDED'): AgentRun {
	const created = new Date(Date.UTC(2026, 0, 1, 9, n));
	const run = createRun({ id: `run-${n}`, repositoryPath: `/repos/r${n}`, prompt: `prompt ${n}` }, created);
	if (status === 'QUEUED') {
		return run;
	}
	const started = markRunning(run, created);
	return status === 'RUNNING' ? started : endRun(started, status, status === 'FAILED' ? 'boom' : undefined, created);
}

let seq = 0;
/** A run event from one stream-json line. */
function ev(runId: string, line: string): RunEvent {
	return { runId, seq: seq++, at: Date.UTC(2026, 0, 1), event: parseStreamJsonLine(line) as RunEvent['event'] };
}

describe('claude/RunStore', () => {
	let folder: string;
	let store: RunStore;
	beforeEach(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-store-'));
		store = new RunStore({ folder, saveDelayMs: 10 });
	});
	afterEach(async () => {
		await store.flush();
		store.dispose();
		fs.rmSync(folder, { recursive: true, force: true });
	});

	const file = (name: string) => path.join(folder, name);

	it('two processes writing one history keep each other\'s runs and event logs, each owner\'s state winning', async () => {
		// A second window (another process) that never read this one's runs.
		const other = new RunStore({ folder, saveDelayMs: 10 });
		const elsewhere = { pid: process.pid + 100_000, queueId: 'other-window' };
		const theirs = { ...aRun(2, 'RUNNING'), owner: elsewhere };
		try {
			await store.save([aRun(1, 'RUNNING')]);
			other.appendEvent(ev(theirs.id, initLine()));
			await other.save([theirs]);
			assert.deepEqual((await store.load()).runs.map((r) => [r.id, r.status]), [['run-1', 'RUNNING'], ['run-2', 'RUNNING']]);
			// This one saves what it knows (its run ended, the other's as it last read it): both stay.
			await store.save([aRun(1), theirs]);
			// The other window finishes its run; this one, still holding it as RUNNING, saves again.
			await other.save([{ ...aRun(2), owner: elsewhere }]);
			await store.save([aRun(1), theirs]);
			assert.deepEqual((await other.load()).runs.map((r) => [r.id, r.status]), [['run-1', 'SUCCEEDED'], ['run-2', 'SUCCEEDED']]);
			assert.equal((await store.readEvents(theirs.id)).length, 1, 'the other run\'s event log is kept');
		} finally {
			other.dispose();
		}
	});

	it('loads an empty history from an empty or missing folder', async () => {
		assert.deepEqual(await new RunStore({ folder: file('nope') }).load(), { runs: [], source: 'empty', problems: [] });
	});

	it('round-trips runs and their events', async () => {
		const runs = [aRun(1), aRun(2, 'FAILED'), aRun(3, 'CANCELLED')];
		const events = [ev('run-1', initLine()), ev('run-1', assistantLine([block.text('hi')])), ev('run-1', resultLine())];
		events.forEach((e) => store.appendEvent(e));
		await store.save(runs);
		const loaded = await new RunStore({ folder }).load();
		assert.equal(loaded.source, 'main');
		assert.deepEqual(loaded.runs, runs);
		assert.deepEqual(await store.readEvents('run-1'), events);
		assert.deepEqual(await store.readEvents('run-9'), []);
		assert.deepEqual(await store.readEvents('../../etc/passwd'), []);
	});

	it('coalesces bursts of eventual saves; the last snapshot wins', async () => {
		for (let i = 1; i <= 50; i++) {
			store.eventuallySave([aRun(i)]);
		}
		await store.flush();
		assert.deepEqual((await store.load()).runs.map((r) => r.id), ['run-50']);
	});

	it('keeps the newest runs, never an unfinished one, and drops the events of dropped runs', async () => {
		const small = new RunStore({ folder, maxRuns: 3 });
		const runs = [aRun(1, 'RUNNING'), aRun(2), aRun(3), aRun(4), aRun(5), aRun(6, 'QUEUED')];
		for (const r of runs) {
			small.appendEvent(ev(r.id, initLine()));
		}
		await small.save(runs);
		assert.deepEqual((await small.load()).runs.map((r) => r.id), ['run-1', 'run-5', 'run-6']);
		assert.deepEqual(fs.readdirSync(file('events')).sort(), ['run-1.jsonl', 'run-5.jsonl', 'run-6.jsonl']);
		assert.deepEqual(boundRuns(runs, 10), runs);
		small.dispose();
	});

	it('caps the events of one run and marks the cut', async () => {
		const capped = new RunStore({ folder, maxEventsPerRun: 3 });
		for (let i = 0; i < 10; i++) {
			capped.appendEvent(ev('run-1', assistantLine([block.text(`t${i}`)])));
		}
		await capped.flush();
		const events = await capped.readEvents('run-1');
		assert.deepEqual(events.map((e) => e.event.type), ['assistant', 'assistant', 'assistant', 'raw']);
		assert.deepEqual(events[3].event, { type: 'raw', reason: 'truncated', line: 'Event log capped at 3 events.' });
		capped.dispose();
	});

	it('skips an event line torn by a crash', async () => {
		fs.mkdirSync(file('events'));
		const { runId: _r, ...first } = ev('run-1', initLine());
		fs.writeFileSync(file('events/run-1.jsonl'), `${JSON.stringify(first)}\n{"seq":9,"at":1,"event":{"type":"assis`);
		assert.deepEqual((await store.readEvents('run-1')).map((e) => e.event.type), ['system']);
	});

	it('ignores a half-written temp file and clears old ones', async () => {
		await store.save([aRun(1)]);
		const stale = file('runs.json.999.1.tmp');
		const fresh = file('runs.json.998.2.tmp');
		fs.writeFileSync(stale, '{"version":1,"runs":[{"id":"half');
		fs.writeFileSync(fresh, '{"version":1,"ru');
		const old = new Date(Date.now() - 5 * 60_000);
		fs.utimesSync(stale, old, old);
		const loaded = await store.load();
		assert.equal(loaded.source, 'main');
		assert.deepEqual(loaded.runs.map((r) => r.id), ['run-1']);
		assert.equal(fs.existsSync(stale), false, 'crash leftover removed');
		assert.equal(fs.existsSync(fresh), true, 'a temp file that may be in use is left alone');
	});

	it('falls back to the last good history when the main file is corrupt', async () => {
		await store.save([aRun(1)]);
		await store.save([aRun(1), aRun(2)]);
		fs.writeFileSync(file('runs.json'), '{"version":1,"runs":[{"id":"run-1",');
		const loaded = await store.load();
		assert.equal(loaded.source, 'backup');
		assert.deepEqual(loaded.runs.map((r) => r.id), ['run-1']);
		assert.match(loaded.problems.join(), /runs.json: unreadable/);
	});

	it('falls back to the backup when a crash came between the two renames', async () => {
		await store.save([aRun(1)]);
		await store.save([aRun(1), aRun(2)]);
		fs.renameSync(file('runs.json'), file('runs.json.5.5.tmp'));
		const loaded = await store.load();
		assert.equal(loaded.source, 'backup');
		assert.deepEqual(loaded.problems, []);
	});

	it('starts empty, saying why, when both files are unreadable; skips malformed runs', async () => {
		fs.writeFileSync(file('runs.json'), 'garbage');
		fs.writeFileSync(file('runs.json.bak'), JSON.stringify({ version: 99, runs: [] }));
		const empty = await store.load();
		assert.equal(empty.source, 'empty');
		assert.equal(empty.problems.length, 2);
		fs.writeFileSync(file('runs.json'), JSON.stringify({ version: 1, runs: [aRun(1), { id: '../x', status: 'SUCCEEDED' }, { ...aRun(2), status: 'WEIRD' }] }));
		const partial = await store.load();
		assert.deepEqual(partial.runs.map((r) => r.id), ['run-1']);
		assert.match(partial.problems[0], /2 malformed run/);
	});

	it('survives being killed mid-write, again and again', async function () {
		this.timeout(30_000);
		const writer = path.resolve(__dirname, '../../support/claude/historyWriter.ts');
		for (let round = 0; round < 3; round++) {
			const child = spawn(process.execPath, ['--import', 'tsx', writer, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
			let saved = 0;
			child.stdout.on('data', (d: Buffer) => (saved = Number(/saved (\d+)\n$/.exec(d.toString())?.[1] ?? saved)));
			const closed = new Promise((r) => child.on('close', r));
			while (saved < 2 + round) {
				await new Promise((r) => setTimeout(r, 10));
			}
			// Writes follow each other back to back: a kill now lands in or between their steps.
			await new Promise((r) => setTimeout(r, 3 + round * 7));
			child.kill('SIGKILL');
			await closed;
			const loaded = await new RunStore({ folder }).load();
			assert.notEqual(loaded.source, 'empty', `round ${round}: ${loaded.problems.join('; ')}`);
			assert.equal(loaded.runs.length, 150);
			assert.equal(new Set(loaded.runs.map((r) => r.prompt)).size, 1, 'one whole generation, not a mix');
		}
	});

	it('marks runs cut off by a crash as FAILED when a queue opens the history', async () => {
		await store.save([aRun(1, 'RUNNING'), aRun(2, 'QUEUED'), aRun(3)]);
		const queue = await RunQueue.open({ store });
		assert.deepEqual(queue.runs.map((r) => r.status), ['FAILED', 'FAILED', 'SUCCEEDED']);
		assert.match(queue.get('run-1')?.error ?? '', /Interrupted/);
		queue.dispose();
	});
});
