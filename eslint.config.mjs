// Lint rules that hold the layering of DESIGN.md: only src/extension may import
// `vscode`; everything else must run in plain Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files outside src/extension that may import vscode, with the reason. Keep short. */
const VSCODE_IMPORT_EXCEPTIONS = [];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.clawdock/**', '.code-server/**', 'test-results/**', 'media/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['src/extension/**', ...VSCODE_IMPORT_EXCEPTIONS],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (DESIGN.md, layers). Pass what you need in as a small interface.' }],
      }],
    },
  },
  {
    files: ['scripts/stubs/*.cjs', 'bench/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
