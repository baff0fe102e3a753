import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_REGISTRY, NpmConfig } from '../../../src/npm/npmConfig';
import { parseNpmrc } from '../../../src/npm/npmrc';
import { RegistryError } from '../../../src/npm/registryErrors';

describe('npm config, read as npm reads it', () => {
	let dir: string;
	before(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-npmrc-'));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('parses .npmrc lines: comments, quotes, ${VAR} and ${VAR?}, escaped dollars', () => {
		const entries = parseNpmrc(
			['; comment', '# comment', 'registry = "https://r.example/"', '//r.example/:_authToken=${NPM_TOKEN}', 'a=${UNSET}', 'b=${UNSET?}', 'c=\\${NPM_TOKEN}', '[section]', 'list[]=x', 'noequals'].join('\n'),
			{ NPM_TOKEN: 'secret-token-value' },
		);
		assert.deepEqual(Object.fromEntries(entries), {
			registry: 'https://r.example/',
			'//r.example/:_authToken': 'secret-token-value',
			a: '${UNSET}',
			b: '',
			c: '${NPM_TOKEN}',
		});
	});

	it('layers the environment over the project over the user file, and scopes over the default registry', async () => {
		const project = path.join(dir, 'ws', 'repo');
		mkdirSync(project, { recursive: true });
		writeFileSync(path.join(project, '.npmrc'), '@acme:registry=https://acme.example/npm/\n');
		writeFileSync(path.join(dir, 'ws', '.npmrc'), 'registry=https://workspace.example/\n');
		writeFileSync(path.join(dir, 'user-npmrc'), 'registry=https://user.example/\n@other:registry=https://other.example\n');
		const config = await NpmConfig.read({ projectDirs: [project, path.join(dir, 'ws')], userConfig: path.join(dir, 'user-npmrc'), env: {} });
		assert.equal(config.registryFor('left-pad'), 'https://workspace.example/');
		assert.equal(config.registryFor('@acme/core'), 'https://acme.example/npm/');
		assert.equal(config.registryFor('@other/x'), 'https://other.example/', 'a trailing slash is added');
		const fromEnv = await NpmConfig.read({ projectDirs: [project], userConfig: path.join(dir, 'user-npmrc'), env: { NPM_CONFIG_REGISTRY: 'http://127.0.0.1:4873' } });
		assert.equal(fromEnv.registryFor('left-pad'), 'http://127.0.0.1:4873/', 'npm_config_registry wins, in any case');
		const none = await NpmConfig.read({ projectDirs: [path.join(dir, 'nowhere')], userConfig: path.join(dir, 'missing'), env: {} });
		assert.equal(none.registryFor('x'), DEFAULT_REGISTRY);
	});

	it('sends a token only to the registry it is configured for, by the longest matching path', () => {
		const config = NpmConfig.of(
			{ '//r.example/:_authToken': 'host-token-0001' },
			{ '//r.example/deep/path/:_authToken': 'path-token-0002', '//basic.example/:username': 'me', '//basic.example/:_password': Buffer.from('pass-word-1').toString('base64'), '//auth.example/:_auth': 'YWJjOmRlZg==' },
		);
		assert.equal(config.authorizationFor('https://r.example/'), 'Bearer host-token-0001');
		assert.equal(config.authorizationFor('https://r.example/deep/path/'), 'Bearer path-token-0002');
		assert.equal(config.authorizationFor('https://r.example/deep/'), 'Bearer host-token-0001');
		assert.equal(config.authorizationFor('https://R.EXAMPLE/'), 'Bearer host-token-0001', 'host names have no case');
		assert.equal(config.authorizationFor('https://r.example:8443/'), undefined, 'another port is another registry');
		assert.equal(config.authorizationFor('https://evil.example/'), undefined);
		assert.equal(config.authorizationFor('https://basic.example/'), `Basic ${Buffer.from('me:pass-word-1').toString('base64')}`);
		assert.equal(config.authorizationFor('https://auth.example/'), 'Basic YWJjOmRlZg==');
		assert.deepEqual(config.secrets().sort(), ['YWJjOmRlZg==', Buffer.from('pass-word-1').toString('base64'), 'host-token-0001', 'pass-word-1', 'path-token-0002'].sort());
	});

	it('refuses a registry that is not an http(s) URL, naming where it came from, and drops credentials in the URL', () => {
		assert.throws(() => NpmConfig.of({ registry: 'file:///etc' }).registryFor('x'), (err: unknown) => err instanceof RegistryError && err.kind === 'config' && /is not an http\(s\) URL/.test(err.message));
		assert.equal(NpmConfig.of({ registry: 'https://user:pass@r.example/npm' }).registryFor('x'), 'https://r.example/npm/');
	});
});
