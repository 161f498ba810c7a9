// The ESLint anchor: what a team would otherwise run for these risks. ESLint with
// @typescript-eslint/parser on every JS/TS file, eslint-plugin-security and
// eslint-plugin-no-unsanitized at their recommended settings. An options module (not an object)
// so ESLint's own multithreading (`concurrency`) can load it in its workers.

import * as tsParser from '@typescript-eslint/parser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const security = require('eslint-plugin-security');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const noUnsanitized = require('eslint-plugin-no-unsanitized');

const concurrency = process.env.BENCH_ESLINT_CONCURRENCY ?? 'off';

export = {
  cwd: process.env.BENCH_ROOT,
  // The corpus lives under node_modules/, which ESLint 9 ignores by default. `ignore: false` does
  // NOT lift that default ignore (it only drops ignorePatterns and config ignores, see the ESLint
  // Node.js API docs); an un-ignore pattern does, and it needs `ignore: true` to be read at all.
  // tool.ts fails the run if ESLint still reports any file as ignored.
  ignore: true,
  ignorePatterns: ['!**/node_modules/'],
  cache: false,
  overrideConfigFile: true,
  concurrency: concurrency === 'auto' || concurrency === 'off' ? concurrency : Number(concurrency),
  overrideConfig: [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    security.configs.recommended,
    noUnsanitized.configs.recommended,
  ],
};
