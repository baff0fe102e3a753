// A Verdaccio registry in a child process of its own: `node verdaccioProcess.mjs <config.yaml>`
// listens on a free loopback port, prints `{"port":N}` as its first JSON line, and stops when
// its stdin closes (the test process ended it, or died). test/support/npmRegistry/verdaccio.ts
// starts it; a registry of its own process cannot keep a test runner alive or share its state.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { runServer } = require('verdaccio');

const server = await runServer(process.argv[2]);
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const stop = () => {
	server.close(() => process.exit(0));
	server.closeAllConnections?.();
	// Whatever still holds the loop (a logger, a keep-alive socket) must not keep the registry alive.
	setTimeout(() => process.exit(0), 1000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
