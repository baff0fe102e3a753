import { strict as assert } from 'node:assert';
import { GitHubError, formatClock, rateLimitLiftsAt, toGitHubError } from '../../../src/github/errors';
import { REDACTED, redact } from '../../../src/common/redact';

/** The shape of Octokit's RequestError, without importing the ESM-only class. */
function requestError(status: number, message: string, headers: Record<string, string> = {}, withResponse = true) {
	return Object.assign(new Error(message), { name: 'HttpError', status, ...(withResponse ? { response: { data: { message }, headers } } : {}) });
}

describe('redact', () => {
	it('removes given secrets, token-shaped strings, auth headers and URL credentials', () => {
		const secret = 'sekrit-value-123';
		const text = redact(
			`a ${secret} b ghp_0123456789abcdefghijABCDEFGHIJ012345 github_pat_11ABCDEFG0123456789_abcdefghij "authorization":"token abc123" https://user:pw@github.com/o/r`,
			[secret],
		);
		assert.equal(text, `a ${REDACTED} b ${REDACTED} ${REDACTED} "authorization":"token ${REDACTED}" https://${REDACTED}@github.com/o/r`);
	});

	it('ignores secrets too short to be tokens', () => {
		assert.equal(redact('a bc d', ['bc']), 'a bc d');
	});
});

describe('toGitHubError', () => {
	it('classifies statuses', () => {
		const kinds = [401, 403, 404, 409, 410, 422, 502].map((status) => toGitHubError(requestError(status, 'x')).kind);
		assert.deepEqual(kinds, ['auth', 'forbidden', 'notFound', 'conflict', 'gone', 'validation', 'server']);
		assert.equal(toGitHubError(requestError(500, 'fetch failed', {}, false)).kind, 'network');
		assert.equal(toGitHubError(new Error('boom')).kind, 'unknown');
	});

	it('recognises primary and secondary rate limits and when they lift', () => {
		const reset = Math.floor(Date.now() / 1000) + 600;
		const primary = toGitHubError(requestError(403, 'API rate limit exceeded for user ID 1.', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }));
		assert.equal(primary.kind, 'rateLimited');
		assert.equal(primary.retryAt?.getTime(), reset * 1000);
		const secondary = toGitHubError(requestError(429, 'You have exceeded a secondary rate limit.', { 'retry-after': '30' }));
		assert.equal(secondary.kind, 'rateLimited');
		assert.match(secondary.message, /secondary rate limit/);
		const graphql = toGitHubError(Object.assign(new Error('GraphQL Rate Limit Exceeded'), { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] }));
		assert.equal(graphql.kind, 'rateLimited');
	});

	it('prefixes the action and redacts secrets from the message', () => {
		const err = toGitHubError(requestError(404, 'Not Found for ghp_0123456789abcdefghijABCDEFGHIJ012345'), { action: 'Loading runs' });
		assert.ok(err instanceof GitHubError);
		assert.match(err.message, /^Loading runs failed: /);
		assert.ok(!err.message.includes('ghp_0123'));
		assert.ok(toGitHubError(err) === err, 'idempotent');
	});

	it('reads retry-after before x-ratelimit-reset and formats HH:MM', () => {
		assert.equal(rateLimitLiftsAt({ 'retry-after': '60', 'x-ratelimit-reset': '1' }, 1000)?.getTime(), 61_000);
		assert.equal(rateLimitLiftsAt({}), undefined);
		assert.equal(formatClock(new Date(2025, 0, 1, 7, 5)), '07:05');
	});
});
