import { strict as assert } from 'node:assert';
import { formatPackagesTable, type PackageJsonRow, registryNotes } from '../../../src/cli/packagesTable';
import { escapeControl } from '../../../src/cli/terminalText';

const row = (overrides: Partial<PackageJsonRow>): PackageJsonRow => ({
	name: 'pkg', version: '1.0.0', private: false, latest: '1.0.0', commitsSinceRelease: 0, needsRelease: false, releaseReasons: [], outdatedDependents: [], repository: '/w/pkg', directory: '', registryError: null, ...overrides,
});

describe('meta-gothic packages table', () => {
	it('escapes control characters from package.json, so a name cannot repaint the terminal', () => {
		assert.equal(escapeControl('evil\u001b[2Jname\r\u0007'), 'evil\\x1b[2Jname\\x0d\\x07');
		const table = formatPackagesTable([row({ name: 'evil\u001b]0;title\u0007', version: '1.0.0\n2.0.0' })]);
		assert.ok(![...table.replace(/\n/g, '')].some((c) => c.charCodeAt(0) < 0x20), table);
		assert.match(table, /evil\\x1b\]0;title\\x07\s+1\.0\.0\\x0a2\.0\.0/);
	});

	it('says why the registry could not answer, once per message, unpublished packages aside', () => {
		const down = { code: 'REGISTRY_UNREACHABLE', message: 'The registry http://r/ could not be reached (ECONNREFUSED).' };
		const rows = [row({ name: 'a', latest: null, registryError: down }), row({ name: 'b', latest: null, registryError: down }), row({ name: 'c', latest: null, registryError: { code: 'NOT_FOUND', message: 'c is not on http://r/.' } })];
		assert.match(formatPackagesTable(rows), /^a\s+1\.0\.0\s+\? registry unreachable/m);
		assert.match(formatPackagesTable(rows), /^c\s+1\.0\.0\s+unpublished/m);
		assert.deepEqual(registryNotes(rows), [down.message]);
	});
});
