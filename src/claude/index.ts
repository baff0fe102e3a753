/**
 * Claude agent runs: the CLI runner, its stream-json parser, the run queue and history, and the
 * commit-message helpers. Plain Node; no `vscode` import.
 */
export * from './agentRunsModel';
export * from './claudeBinary';
export * from './commitMessage';
export * from './commitMessageInput';
export * from './eventText';
export * from './permissionBridge';
export * from './permissionInbox';
export * from './runModel';
export * from './runner';
export * from './runQueue';
export * from './runStore';
export * from './storageDir';
export * from './streamJson';
export * from './transcriptMarkdown';
