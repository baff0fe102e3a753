/**
 * Ctrl-C and SIGTERM for commands that write through git. Node's default for either is to exit at
 * once, which leaves a commit half done: `.git/index.lock` and the temporary index behind while
 * git (in a process group of its own, so it got no signal) completes the commit anyway, and the
 * real index then stages its reverse. Instead the signal cancels the work, which stops its git
 * processes and finishes or rolls back each transaction, and the command exits only after that.
 */

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Runs `work` with a signal that SIGINT or SIGTERM aborts. Resolves `work`'s exit code, or once
 * `work` has settled after a signal, that signal's conventional code (130 for SIGINT, 143 for
 * SIGTERM). Further signals while it settles are absorbed: cutting the rollback short is the
 * damage this exists to prevent, and it ends within git's kill grace.
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<number>): Promise<number> {
	const controller = new AbortController();
	let received: keyof typeof SIGNAL_NUMBERS | undefined;
	const on = (name: keyof typeof SIGNAL_NUMBERS) => () => {
		if (!received) {
			received = name;
			process.stderr.write('meta-gothic: interrupted; stopping git and finishing or rolling back what it was writing…\n');
			controller.abort();
		}
	};
	const onInt = on('SIGINT');
	const onTerm = on('SIGTERM');
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	try {
		const code = await work(controller.signal).catch((err: unknown) => {
			if (received) {
				return 0;
			}
			throw err;
		});
		return received ? 128 + SIGNAL_NUMBERS[received] : code;
	} finally {
		process.removeListener('SIGINT', onInt);
		process.removeListener('SIGTERM', onTerm);
	}
}
