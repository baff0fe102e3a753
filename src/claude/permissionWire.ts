/**
 * What the permission prompt server (permissionPromptServer.ts, its own bundle) and the host
 * (permissionBridge.ts) say to each other over the local socket: one request line, one reply
 * line, then the connection closes. Kept free of imports so the server bundle stays tiny.
 */

/** Name of the MCP server in the run's `--mcp-config`. */
export const PERMISSION_SERVER_NAME = 'metaGothic';

/** Name of its one tool; the CLI calls it as `mcp__metaGothic__permission_prompt`. */
export const PERMISSION_PROMPT_TOOL = 'permission_prompt';

/** Environment variable holding the socket path. */
export const PERMISSION_SOCKET_ENV = 'META_GOTHIC_PERMISSION_SOCKET';

/** Environment variable holding the run's token. */
export const PERMISSION_TOKEN_ENV = 'META_GOTHIC_PERMISSION_TOKEN';

/** One permission request, as the server sends it to the host. */
export interface PermissionWireRequest {
	/** The run's secret; the host answers only tokens of runs it started. */
	readonly token: string;
	readonly tool: string;
	readonly input: unknown;
	readonly toolUseId?: string;
}

/** The host's answer. */
export type PermissionWireReply = { readonly behavior: 'allow' } | { readonly behavior: 'deny'; readonly message: string };
