/** Options of the git adapter; the repository records it produces are the repos contract's (`src/schema/contracts/repos.ts`). */
/** Options of a {@link GitModel}. */
export interface GitModelOptions {
	/** Absolute folders to search (the workspace folders). */
	roots: string[];
	/** The git executable; defaults to `git` on `PATH`. */
	gitPath?: string;
	/** Maximum git processes at once across all repositories; defaults to the number of CPU cores. */
	concurrency?: number;
	/** How many folder levels below each root to look for nested repositories (default 3). Submodules are always followed. */
	maxDepth?: number;
	/** Globs (relative to a root, `/`-separated) of folders never searched for nested repositories. */
	exclude?: string[];
	/** Extra environment for every git process (tests use it to isolate the git configuration). */
	env?: Record<string, string>;
	/** Where git processes are forked from; see `GitOptions.spawnMode` (default `auto`). */
	spawnMode?: 'direct' | 'helper' | 'auto';
	/**
	 * Walk the folders with synchronous file-system calls: a fifth of the CPU, but the thread waits
	 * meanwhile (see `DiscoveryOptions.sync`). For one-shot processes such as the CLI; default false.
	 */
	syncDiscovery?: boolean;
	/**
	 * How long one repository's status read (or one batch of them) may take before it is stopped
	 * and reported as that repository's error (default 30 s): a FIFO or a hung mount inside one
	 * repository must cost only its own row.
	 */
	readTimeoutMs?: number;
	/**
	 * Keep, on a re-scan, the state of each repository in which nothing git reads has been written
	 * since its last read, instead of running git (see `unchangedStamp.ts`). Default true; a
	 * one-shot process that scans once (the CLI) turns it off, as the stamps would only cost it.
	 */
	skipUnchanged?: boolean;
}
