import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Every regular expression in src/ runs on attacker-controlled text: none may backtrack super-linearly.
  { ...regexp.configs['flat/recommended'], files: ['src/**/*.ts'] },
  {
    files: ['src/**/*.ts'],
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  // The layers of DESIGN.md §1 (test/layers.test.ts checks the same and the absence of cycles):
  // x509/ imports only itself and node built-ins; verify/ only itself, x509/, node built-ins and
  // the chosen bounded cache (lru-cache).
  ...[
    { files: ['src/x509/**/*.ts'], up: '^\\.\\./', what: 'src/x509/ imports only src/x509/', external: '^(?!node:|\\.)' },
    {
      files: ['src/verify/*.ts'],
      up: '^\\.\\./(?!x509/)',
      what: 'src/verify/ imports only src/verify/ and src/x509/',
      external: '^(?!node:|lru-cache$|\\.)',
    },
    {
      files: ['src/verify/*/**/*.ts'],
      up: '^\\.\\./\\.\\./(?!x509/)',
      what: 'src/verify/ imports only src/verify/ and src/x509/',
      external: '^(?!node:|lru-cache$|\\.)',
    },
  ].map(({ files, up, what, external }) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: up, message: `${what} (DESIGN.md §1): pass edge concerns in as data or callbacks.`, allowTypeImports: true },
            { regex: external, message: `${what} and node built-ins (DESIGN.md §1).`, allowTypeImports: true },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
