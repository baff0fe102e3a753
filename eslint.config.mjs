// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.demo/**', 'test-results/**', 'src/webview/graphql-env.d.ts'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-restricted-imports': 'off',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			curly: 'error',
		},
	},
	{
		// Only the extension layer may talk to VS Code: the rest must run under plain Node.
		files: ['src/**/*.{ts,tsx}'],
		ignores: ['src/extension/**'],
		rules: {
			'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] }],
		},
	},
	{
		files: ['**/*.{mjs,js,cjs}'],
		languageOptions: {
			globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'readonly', fetch: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
		},
	},
);
