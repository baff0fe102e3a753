import { strict as assert } from 'node:assert';
import { LogLines } from '../../../src/common/logLines';
import { DurationWindow, MinuteRate } from '../../../src/common/metrics';

describe('common/metrics', () => {
	describe('DurationWindow', () => {
		it('has no percentiles before the first sample', () => {
			assert.deepEqual(new DurationWindow().summary(), { count: 0, p50Ms: null, p99Ms: null });
		});

		it('gives the nearest-rank median and 99th percentile, whatever the order of the samples', () => {
			const window = new DurationWindow();
			// 1..200 shuffled deterministically: 37 is coprime to 200, so i*37 mod 200 visits each once.
			for (let i = 0; i < 200; i++) {
				window.record(((i * 37) % 200) + 1);
			}
			assert.deepEqual(window.summary(), { count: 200, p50Ms: 100, p99Ms: 198 });
		});

		it('one slow outlier among a hundred moves p99, not p50', () => {
			const window = new DurationWindow();
			for (let i = 0; i < 99; i++) {
				window.record(2);
			}
			window.record(900);
			assert.equal(window.summary().p50Ms, 2);
			assert.equal(window.summary().p99Ms, 2, 'the 99th of 100 is still a fast one');
			window.record(900);
			assert.equal(window.summary().p99Ms, 900);
		});

		it('forgets the oldest samples past its capacity but keeps counting', () => {
			const window = new DurationWindow(10);
			for (let i = 0; i < 10; i++) {
				window.record(1000);
			}
			for (let i = 0; i < 10; i++) {
				window.record(5);
			}
			assert.deepEqual(window.summary(), { count: 20, p50Ms: 5, p99Ms: 5 });
		});

		it('takes a negative or non-finite duration (a clock stepped back) as 0', () => {
			const window = new DurationWindow();
			window.record(-3);
			window.record(Number.NaN);
			assert.deepEqual(window.summary(), { count: 2, p50Ms: 0, p99Ms: 0 });
		});

		it('refuses a capacity below one', () => {
			assert.throws(() => new DurationWindow(0), RangeError);
		});
	});

	describe('MinuteRate', () => {
		it('counts the events of the last 60 seconds and forgets older ones', () => {
			let now = 1_000_000;
			const rate = new MinuteRate(() => now);
			assert.equal(rate.perMinute(), 0);
			for (let i = 0; i < 5; i++) {
				rate.record();
			}
			now += 30_000;
			rate.record();
			rate.record();
			assert.equal(rate.perMinute(), 7);
			now += 30_500;
			assert.equal(rate.perMinute(), 2, 'the first five are more than a minute old');
			now += 60_000;
			assert.equal(rate.perMinute(), 0);
		});

		it('reuses a second\'s bucket a minute later without adding the old count', () => {
			let now = 5_000;
			const rate = new MinuteRate(() => now);
			rate.record();
			rate.record();
			now += 60_000;
			rate.record();
			assert.equal(rate.perMinute(), 1);
		});
	});

	describe('LogLines', () => {
		it('keeps the latest lines up to its capacity, oldest first', () => {
			const lines = new LogLines(3, () => Date.UTC(2026, 0, 2, 3, 4, 5));
			for (const n of [1, 2, 3, 4, 5]) {
				lines.write('INFO', `line ${n}`);
			}
			assert.deepEqual(lines.read().map((l) => l.message), ['line 3', 'line 4', 'line 5']);
			assert.equal(lines.read()[0].at, '2026-01-02T03:04:05.000Z');
			assert.deepEqual(lines.read(2).map((l) => l.message), ['line 4', 'line 5']);
			assert.deepEqual(lines.read(0), []);
		});

		it('filters by level: a level shows itself and what is more serious', () => {
			const lines = new LogLines();
			lines.write('INFO', 'scanned');
			lines.write('WARNING', 'push failed');
			lines.write('ERROR', 'git missing');
			assert.deepEqual(lines.read(200, 'WARNING').map((l) => l.level), ['WARNING', 'ERROR']);
			assert.deepEqual(lines.read(200, 'ERROR').map((l) => l.message), ['git missing']);
			assert.equal(lines.read(200, 'INFO').length, 3);
		});

		it('never keeps a token or URL credentials', () => {
			const lines = new LogLines();
			const token = `ghp_${'a'.repeat(36)}`;
			lines.write('WARNING', `fetch https://x:${token}@github.com/acme/api failed with ${token}`);
			const [line] = lines.read();
			assert.ok(!line.message.includes(token), line.message);
			assert.match(line.message, /\[REDACTED\]/);
		});
	});
});
