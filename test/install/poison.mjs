// What test/run-all.mjs adds to the environment of `npm run test:install` (see
// codeServerInstall.mjs): settings an outer npm exports, made wrong on purpose, which a nested
// npm must not pick up.
export const POISON = {
	// code-server's postinstall reads the Node major from here and refuses anything but 24.
	npm_config_user_agent: 'npm/10.8.2 node/v18.20.4 linux x64 workspaces/false',
	// The system Node's headers: native modules built against them do not load in Node 24.
	npm_config_nodedir: '/usr',
	// Any other setting: a nested npm would take it as its own.
	npm_config_meta_gothic_poison: 'inherited',
	// node-gyp reads npm_package_config_node_gyp_* as its options.
	npm_package_config_node_gyp_target: '18.20.4',
};
