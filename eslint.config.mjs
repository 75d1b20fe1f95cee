import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.artifacts/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's describe/it return promises that the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The core and the sandbox run in plain node: no VS Code API below here.
    files: ['src/core/**/*.ts', 'src/sandbox/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core, src/sandbox and src/shared must not depend on the VS Code API.' }],
        patterns: [{ group: ['**/vscode/**', '**/webview/**'], message: 'The core must not import the VS Code layer or the webview.' }],
      }],
    },
  },
  {
    // The sandbox plays Cognito and the core plays its client: they share no code.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The sandbox is plain node.' }],
        patterns: [{ group: ['**/core/**', '**/vscode/**'], message: 'The sandbox shares no code with the core (see docs/architecture).' }],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not depend on the VS Code API.' }],
        patterns: [{ group: ['**/vscode/**', '**/webview/**', '**/sandbox/**'], message: 'The core must not import the VS Code layer, the webview or the sandbox.' }],
      }],
    },
  },
  {
    // The inspector's browser bundle talks to the host only through src/shared/protocol.ts.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser: no VS Code API.' }],
        patterns: [
          { group: ['node:*'], message: 'The webview runs in a browser: no node modules.' },
          { group: ['**/src/vscode/**', '**/src/core/**', '**/src/sandbox/**'], message: 'The webview may import only src/shared (the protocol) and its own files.' },
        ],
      }],
    },
  },
);
