/**
 * The package family on a local Verdaccio, as a process of its own for the .mjs tiers (the UI
 * tier, the demo): `node --import tsx test/support/npmRegistry/familyProcess.ts <dir>` starts
 * the registry, builds the family in `<dir>`, prints one JSON line
 * `{ "registry": url, "root": path, "repos": {…} }`, and stops the registry when its stdin closes.
 */
import { createPackageFamily } from './packageFamily';
import { startVerdaccio } from './verdaccio';

async function main(): Promise<void> {
	const dir = process.argv[2];
	if (!dir) {
		process.stderr.write('usage: node --import tsx test/support/npmRegistry/familyProcess.ts <dir>\n');
		process.exit(2);
	}
	const registry = await startVerdaccio({ parent: dir });
	let stopping: Promise<void> | undefined;
	const stop = () => (stopping ??= registry.stop().then(() => process.exit(0)));
	process.stdin.on('end', stop);
	process.stdin.on('error', stop);
	process.stdin.resume();
	try {
		const family = await createPackageFamily(dir, registry);
		process.stdout.write(`${JSON.stringify({ registry: registry.url, root: family.root, repos: family.repos })}\n`);
	} catch (err) {
		process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
		await registry.stop();
		process.exit(1);
	}
}

void main();
