/**
 * Root hooks of the unit tier (mocha `require`). After each test, whatever a GitHub stand-in of
 * this process recorded against GitHub's OpenAPI description or GraphQL schema fails that test:
 * a body GitHub would never send, or a document GitHub would refuse, proves nothing about the
 * client, and no test has to remember to check.
 */
import { collectStandInFailures, describeStandInFailures } from '../support/github';

export const mochaHooks = {
	afterEach(): void {
		const failures = collectStandInFailures();
		if (failures.length > 0) {
			throw new Error(describeStandInFailures(failures));
		}
	},
};
