/**
 * ESLint flat config (STYLE.md point 20): ESLint's recommended rules plus typescript-eslint's
 * `strict` set, over every source file of the repo (packages, tests, e2e, examples, scripts, bench).
 *
 *   npm run lint         eslint . --fix
 *   npm run lint:check   eslint . --max-warnings 0   (what CI runs)
 *
 * The rules are syntactic only, with no type information, so a full run takes seconds; `tsc` is the
 * type checker. Formatting is Prettier's job (.prettierrc.json): none of these rules is stylistic,
 * so the two never disagree.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  // Build output, installed packages and generated reports.
  globalIgnores(['**/node_modules/', '**/dist/', 'docs/api/', 'test-results/', 'playwright-report/', '.test-build/']),

  {
    name: 'cif-bridge/all',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.strict],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // A leading underscore marks a parameter or binding that is unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `import type` keeps type-only imports out of the bundles (the tsconfig has verbatimModuleSyntax).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Enums break under esbuild's per-file compilation and read badly in plain JS (STYLE.md point 3).
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type instead of an enum.' },
      ],
      // Errors are BridgeErrors with codes, never strings (STYLE.md point 9).
      'no-throw-literal': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // What runs in node: the build, the scripts, the servers, the configs and the test runners.
  {
    name: 'cif-bridge/node',
    files: ['*.{js,mjs,cjs,ts}', 'scripts/**', 'examples/serve.mjs', 'packages/*/test/**', 'test/**'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Playwright drivers: node code whose `page.evaluate` callbacks run in the page.
  {
    name: 'cif-bridge/playwright',
    files: ['e2e/*.ts', 'bench/*.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  // What runs in a page: the packages, the examples, the e2e fixtures and the benchmark pages.
  // Plain-script pages use the globals that the IIFE bundles and the drop-in define.
  {
    name: 'cif-bridge/browser',
    files: [
      'packages/*/src/**',
      'packages/bridge-testing/test/widget/**',
      'examples/*/**',
      'e2e/fixtures/**',
      'bench/src/**',
      'bench/pages/**',
    ],
    ignores: ['examples/serve.mjs'],
    languageOptions: {
      globals: { ...globals.browser, CifBridgeChild: 'readonly', CifBridgeHost: 'readonly', Microsoft: 'readonly' },
    },
  },

  // Tests: a `!` after an assertion that the value exists is the clearest way to say so.
  {
    name: 'cif-bridge/tests',
    files: ['e2e/**', 'packages/*/test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },

  // Type tests: their declarations exist only for `tsc` to check them, so "unused" is the point.
  {
    name: 'cif-bridge/type-tests',
    files: ['test/types/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
]);
