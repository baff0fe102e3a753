import { strict as assert } from 'node:assert';
import { GitHubError, type GitHubErrorKind } from '../../../src/github/errors';
import { GITHUB_CODE_OF, toGitHubSourceError } from '../../../src/github/sourceErrors';
import { WorkflowYamlError } from '../../../src/github/workflowInputs';
import { GITHUB_ERROR_CODES, SourceError } from '../../../src/schema/contracts/sourceError';

describe('GitHub adapter edge: failures become GitHub codes', () => {
	it('maps every kind of GitHub failure to a contract code, keeping the status and retry time, with no token', () => {
		const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
		const retryAt = new Date(Date.UTC(2026, 0, 1, 12, 0));
		for (const [kind, code] of Object.entries(GITHUB_CODE_OF)) {
			assert.ok((GITHUB_ERROR_CODES as readonly string[]).includes(code), `${kind} → ${code}`);
			const error = toGitHubSourceError(new GitHubError(kind as GitHubErrorKind, `failed with ${token}`, 503, retryAt));
			assert.deepEqual([error.domain, error.code, error.message, error.status, error.retryAt], ['GITHUB', code, 'failed with [REDACTED]', 503, retryAt]);
		}
		assert.deepEqual(
			[GITHUB_CODE_OF.auth, GITHUB_CODE_OF.rateLimited, GITHUB_CODE_OF.network, GITHUB_CODE_OF.notFound],
			['UNAUTHORIZED', 'RATE_LIMITED', 'OFFLINE', 'NOT_FOUND'],
		);
	});

	it('a bad workflow file is WORKFLOW_FILE_INVALID, anything else GITHUB_FAILED, a SourceError passes unchanged', () => {
		assert.equal(toGitHubSourceError(new WorkflowYamlError('deploy.yml is not valid YAML')).code, 'WORKFLOW_FILE_INVALID');
		assert.equal(toGitHubSourceError(new Error('boom')).code, 'GITHUB_FAILED');
		const own = new SourceError('GITHUB', 'SIGNED_OUT', 'sign in');
		assert.equal(toGitHubSourceError(own), own);
	});
});
