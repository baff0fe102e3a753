/**
 * A faithful GitHub stand-in for tests and the demo: REST and GraphQL over real HTTP, runs on a
 * controllable clock, rate limits, ETags, faults, and OpenAPI validation of every REST body.
 *
 * ```ts
 * const gh = await startGitHubStandIn({ token: 't' });
 * const repo = gh.addRepo({ owner: 'acme', name: 'api' });
 * const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml' });
 * const run = gh.addRun(repo, { workflow: ci });
 * gh.advance(5_000); // queued → in_progress → completed
 * gh.assertNoValidationErrors();
 * await gh.close();
 * ```
 */
export { collectStandInFailures, describeStandInFailures, startGitHubStandIn, type GitHubStandIn, type StandInOptions } from './server';
export { GitHubState, fakeSha } from './state';
export { OpenApiValidator, sharedValidator, translateNullable } from './openApiValidator';
export { costOf, type QueryCost } from './graphqlCost';
export { githubSchema } from './graphql';
export type * from './types';
