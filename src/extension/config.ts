import * as os from 'node:os';
import * as vscode from 'vscode';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from '../schema/contracts/flows';

/** The `metaGothic.*` settings the git model needs, with defaults applied. */
export interface GitSettings {
	gitPath: string | undefined;
	concurrency: number;
	maxDepth: number;
	exclude: string[];
}

/** Reads the git-related settings; `0` concurrency means one process per CPU core. */
export function readGitSettings(): GitSettings {
	const config = vscode.workspace.getConfiguration('metaGothic');
	const concurrency = config.get<number>('git.concurrency', 0);
	return {
		gitPath: config.get<string | null>('git.path') || undefined,
		concurrency: concurrency > 0 ? concurrency : Math.max(1, os.availableParallelism()),
		maxDepth: config.get<number>('discovery.maxDepth', 3),
		exclude: config.get<string[]>('discovery.exclude', []),
	};
}

/** The `metaGothic.flows.*` settings, read on every flow so a change applies at once. */
export function readFlowSettings(): FlowSettings {
	const config = vscode.workspace.getConfiguration('metaGothic');
	return {
		fixPrompt: config.get<string>('flows.fixPrompt', '').trim() || DEFAULT_FLOW_SETTINGS.fixPrompt,
		maxRounds: config.get<number>('flows.maxRounds', DEFAULT_FLOW_SETTINGS.maxRounds),
		logTailLines: config.get<number>('flows.logTailLines', DEFAULT_FLOW_SETTINGS.logTailLines),
		logTailBytes: config.get<number>('flows.logTailBytes', DEFAULT_FLOW_SETTINGS.logTailBytes),
		fixAcceptsEdits: config.get<boolean>('flows.fixAcceptsEdits', DEFAULT_FLOW_SETTINGS.fixAcceptsEdits),
	};
}
