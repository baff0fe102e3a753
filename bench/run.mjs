// npm run bench: runs every bench/*.bench.ts in its own process (so one cannot warm another's
// caches) and prints one table: name, median, p99, and the ratio to the baseline or goal, then the
// benchmarks' footnotes.
//   npm run bench                 all benchmarks
//   npm run bench -- graph        only those whose file name contains "graph"
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
	.filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
	.sort();

const rows = [];
const notes = [];
let failed = false;
for (const file of files) {
	process.stderr.write(`bench: ${file}…\n`);
	const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { cwd: path.join(here, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
	const line = r.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"rows"'));
	if (r.status !== 0 || !line) {
		failed = true;
		process.stderr.write(`bench: ${file} failed (exit ${r.status})\n${r.stdout}\n`);
		continue;
	}
	const parsed = JSON.parse(line);
	rows.push(...parsed.rows);
	notes.push(...(parsed.notes ?? []));
}

const fmt = (v, unit) => (v == null || Number.isNaN(v) ? '—' : `${v >= 100 || Number.isInteger(v) ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3)} ${unit}`);
const table = [['benchmark', 'median', 'p99', 'baseline / goal', 'ratio']].concat(
	rows.map((r) => [r.name, fmt(r.median, r.unit), fmt(r.p99, r.unit), r.baseline == null ? r.baselineLabel || '—' : `${fmt(r.baseline, r.unit)} ${r.baselineLabel}`, r.baseline ? `${(r.median / r.baseline).toFixed(2)}×` : '—']),
);
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const [i, row] of table.entries()) {
	console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
	if (i === 0) {
		console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	}
}
if (notes.length > 0) {
	console.log('');
	for (const note of notes) {
		console.log(note);
	}
}
process.exitCode = failed ? 1 : 0;
