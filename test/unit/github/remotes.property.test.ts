/**
 * Property tests of the remote-URL parser: any text parses or gives undefined, never throws; a
 * repository written in every URL form git accepts parses back to itself; `git remote -v` output
 * formatted from remotes parses back to them.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseRemoteUrl, parseRemoteVerbose, pickGitHubRemote, type GitHubRepoId } from '../../../src/github/remotes';

const RUNS = 2000;

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
/** A DNS name: its last label is not numeric, or the URL parser would read an IPv4 address. */
const host = fc.oneof(fc.constant('github.com'), fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z][a-z0-9]{1,5}$/)).map(([l, tld]) => [...l, tld].join('.')));
const owner = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
/** GitHub strips one `.git` from a name, so a name that ends in it is not one a remote can name. */
const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/).filter((n) => n !== '.' && n !== '..' && !/\.git$/i.test(n));
const repo = fc.record({ host, owner, name });
const credential = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/);

/** Every spelling of one repository that git takes as its remote. */
const spelling = fc.tuple(repo, fc.constantFrom('https', 'http', 'ssh', 'git', 'git+ssh', 'scp', 'https-port', 'https-credentials', 'encoded'), fc.boolean(), fc.boolean(), credential, fc.integer({ min: 1, max: 65535 })).map(
	([id, style, dotGit, upper, user, port]) => {
		const suffix = dotGit ? '.git' : '';
		const h = upper ? id.host.toUpperCase() : id.host;
		// The parser reads the URL as http, where :80 is the default too and so drops out.
		const expectedHost = style === 'https-port' && port !== 443 && port !== 80 ? `${id.host}:${port}` : id.host;
		const url = {
			https: `https://${h}/${id.owner}/${id.name}${suffix}`,
			http: `http://${h}/${id.owner}/${id.name}${suffix}`,
			ssh: `ssh://git@${h}:${port}/${id.owner}/${id.name}${suffix}`,
			git: `git://${h}/${id.owner}/${id.name}${suffix}`,
			'git+ssh': `git+ssh://${user}@${h}/${id.owner}/${id.name}${suffix}/`,
			scp: `${user}@${h}:${id.owner}/${id.name}${suffix}`,
			'https-port': `https://${h}:${port}/${id.owner}/${id.name}${suffix}`,
			'https-credentials': `https://${user}:${user}@${h}/${id.owner}/${id.name}${suffix}`,
			encoded: `https://${h}/${encodeURIComponent(id.owner).replace(/[.-]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}/${encodeURIComponent(id.name)}${suffix}`,
		}[style];
		return { url, expected: { host: expectedHost, owner: id.owner, name: id.name } satisfies GitHubRepoId };
	},
);

describe('github/remotes properties', () => {
	it(`never throws on any text, and what it returns is a well-formed repository (${RUNS * 2} cases)`, () => {
		const urlish = fc.oneof(
			fc.string({ unit: 'binary', maxLength: 60 }),
			fc.webUrl({ withQueryParameters: true, withFragments: true }),
			fc.tuple(fc.constantFrom('https://', 'ssh://', 'git@', 'file://', 'git://', 'C:', '//', 'http://[', 'ssh://a@b:'), fc.string({ maxLength: 40 })).map(([a, b]) => a + b),
		);
		fc.assert(
			fc.property(urlish, (url) => {
				const id = parseRemoteUrl(url);
				if (id) {
					assert.equal(id.host, id.host.toLowerCase());
					assert.match(id.owner, /^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
					assert.match(id.name, /^[A-Za-z0-9._-]+$/);
				}
			}),
			{ numRuns: RUNS * 2 },
		);
	});

	it(`parses every spelling of a repository back to it (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(spelling, ({ url, expected }) => {
				assert.deepEqual(parseRemoteUrl(url), expected, url);
			}),
			{ numRuns: RUNS },
		);
	});

	it(`parses \`git remote -v\` output formatted from remotes back to them, and picks origin first (${RUNS} cases)`, () => {
		const remoteName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/);
		const remotes = fc.uniqueArray(fc.record({ name: remoteName, fetch: spelling, push: spelling }), { selector: (r) => r.name, maxLength: 5 });
		fc.assert(
			fc.property(remotes, fc.boolean(), (list, crlf) => {
				const output = list.flatMap((r) => [`${r.name}\t${r.fetch.url} (fetch)`, `${r.name}\t${r.push.url} (push)`]).join(crlf ? '\r\n' : '\n');
				const parsed = parseRemoteVerbose(output);
				assert.deepEqual(parsed, list.map((r) => ({ name: r.name, fetchUrl: r.fetch.url, pushUrl: r.push.url })));
				const picked = pickGitHubRemote(parsed);
				const origin = list.find((r) => r.name === 'origin');
				if (origin) {
					assert.deepEqual(picked, { ...origin.fetch.expected, remote: 'origin' });
				} else {
					assert.equal(picked === undefined, list.length === 0);
				}
			}),
			{ numRuns: RUNS },
		);
	});
});
