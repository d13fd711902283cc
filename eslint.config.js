// ESLint: typescript-eslint type-checked rules plus the layer boundaries from STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const noNodeEffects = [
  { group: ['node:child_process', 'child_process'], message: 'child_process only in src/infra/process.' },
  { group: ['better-sqlite3'], message: 'The SQLite driver only in src/infra/db.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'templates/**',
      'node_modules/**',
      'schema/**',
      '.grove-test-artifacts/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'scripts/*.mjs', 'vitest.config.ts', 'src/web/vite.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Layer boundaries.
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      {
        group: ['**/infra/**', '**/app/**', '**/server/**', '**/cli/**', '**/web/**'],
        message: 'core imports only core and shared.',
      },
      { group: ['node:*', 'better-sqlite3', 'hono', '@hono/*'], message: 'core is pure: no IO modules.' },
    ]),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      {
        group: ['**/core/**', '**/infra/**', '**/app/**', '**/server/**', '**/cli/**', '**/web/**'],
        message: 'shared imports only shared.',
      },
      { group: ['node:*'], message: 'shared is imported by the browser: no Node modules.' },
    ]),
  },
  {
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    rules: restrict([
      {
        group: ['**/core/**', '**/infra/**', '**/app/**', '**/server/**', '**/cli/**'],
        message: 'web imports only shared.',
      },
      { group: ['node:*'], message: 'web runs in the browser.' },
    ]),
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/infra/process/**', 'src/infra/db/**', 'src/core/**', 'src/shared/**', 'src/web/**'],
    rules: restrict(noNodeEffects),
  },
  // A thin CLI: commands parse arguments and print; effects go through src/app (type imports allowed).
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNodeEffects,
            {
              group: ['**/infra/**'],
              allowTypeImports: true,
              message: 'src/cli imports src/app and src/shared; reach infra through a use case in src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/infra/db/**/*.ts'],
    rules: restrict([noNodeEffects[0]]),
  },
  {
    files: ['src/infra/process/**/*.ts'],
    rules: restrict([noNodeEffects[1]]),
  },
  // One composition root: stores are built by infra/db (openStores) and src/app/context.ts only.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/infra/db/**', 'src/app/context.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name=/Store$/]',
          message: "Use the project's stores (ctx.stores, or storesFor(db) from src/app/context.ts).",
        },
      ],
    },
  },
  prettier,
);
