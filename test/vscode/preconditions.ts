/**
 * What the extension-host suites need from their runner (test/vscode/run.mjs), read so that a
 * missing piece fails the suite with its name instead of skipping it: a skipped test passes the
 * tier, and a tier that passes without running proves nothing.
 */

/** The generated workspace the runner opened: its submodules and the one left dirty. */
export interface ExpectedWorkspace {
	readonly submodules: readonly string[];
	readonly dirty: string;
}

/** The value of `name`, or an error that names it and who sets it. */
export function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run this suite through test/vscode/run.mjs, which sets it`);
	}
	return value;
}

/** The workspace test/vscode/run.mjs generated (META_GOTHIC_EXPECTED_WORKSPACE). */
export function expectedWorkspace(): ExpectedWorkspace {
	return JSON.parse(requiredEnv('META_GOTHIC_EXPECTED_WORKSPACE')) as ExpectedWorkspace;
}
