/**
 * What the CLI does when the reader of its output goes away (`meta-gothic status | head -1`):
 * the next write fails with EPIPE, which Node reports as an unhandled stream error, a stack trace
 * on stderr. Nobody reads the rest, so the CLI ends quietly instead, with exit code 0 like a
 * finished listing: with `set -o pipefail` a script piping into `head` must not fail because of
 * it. A command with processes of its own (`agent run`, whose Claude processes are detached and
 * would outlive an abrupt exit) asks to be told instead, stops them and ends as usual.
 */

const listeners = new Set<() => void>();
let closed = false;

/** A stream error that only says the reader is gone, or (after that) that the stream is closed. */
function isClosedPipe(err: NodeJS.ErrnoException): boolean {
	return err.code === 'EPIPE' || (closed && err.code === 'ERR_STREAM_DESTROYED');
}

function outputClosed(): void {
	if (closed) {
		return;
	}
	closed = true;
	if (listeners.size === 0) {
		process.exit(0);
	}
	for (const listener of [...listeners]) {
		listener();
	}
}

/**
 * Calls `listener` (once) instead of exiting when stdout closes, until the returned handle is
 * disposed. Writes after that are dropped without a word.
 */
export function onOutputClosed(listener: () => void): { dispose(): void } {
	listeners.add(listener);
	return { dispose: () => listeners.delete(listener) };
}

/**
 * Installs the handlers: stdout closing ends the CLI quietly (or tells {@link onOutputClosed}'s
 * listeners); stderr closing is ignored, as there is nowhere left to report it. Any other stream
 * error is thrown as before.
 */
export function endQuietlyWhenOutputCloses(): void {
	process.stdout.on('error', (err: NodeJS.ErrnoException) => {
		if (!isClosedPipe(err)) {
			throw err;
		}
		outputClosed();
	});
	process.stderr.on('error', (err: NodeJS.ErrnoException) => {
		if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') {
			throw err;
		}
	});
}
