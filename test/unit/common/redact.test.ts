import { strict as assert } from 'node:assert';
import { redactUrlCredentials } from '../../../src/common/redact';

describe('common/redact redactUrlCredentials', () => {
	const cases: [string, string][] = [
		['https://x:ghp_secret@github.com/o/r.git', 'https://[REDACTED]@github.com/o/r.git'],
		['https://ghp_secret@github.com/o/r.git', 'https://[REDACTED]@github.com/o/r.git'],
		['HTTP://user:pa%40ss@host:8443/o/r', 'HTTP://[REDACTED]@host:8443/o/r'],
		// An unencoded `@` in the password: everything up to the authority's last `@` goes.
		['https://user:p@ss@github.com/o/r', 'https://[REDACTED]@github.com/o/r'],
		['ssh://git:hunter2@github.com/o/r.git', 'ssh://[REDACTED]@github.com/o/r.git'],
		// Account names, not secrets.
		['ssh://git@github.com/o/r.git', 'ssh://git@github.com/o/r.git'],
		['git+ssh://git@github.com/o/r.git', 'git+ssh://git@github.com/o/r.git'],
		['git@github.com:o/r.git', 'git@github.com:o/r.git'],
		// Nothing to redact: an `@` in the path or query is not userinfo.
		['https://github.com/o/r.git', 'https://github.com/o/r.git'],
		['https://host/o/r@v1?x=a@b', 'https://host/o/r@v1?x=a@b'],
		['../core.git', '../core.git'],
		['https://[REDACTED]@github.com/o/r.git', 'https://[REDACTED]@github.com/o/r.git'],
	];
	for (const [url, shown] of cases) {
		it(`shows ${url} as ${shown}`, () => {
			assert.equal(redactUrlCredentials(url), shown);
		});
	}
});
