import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';

/**
 * The layers, bottom up: each folder names the folders it may import. Nothing imports a folder
 * not named here, so no arrow runs back up (cli, bench and test sit on top and may use all).
 * The write side (ingest) may read the query layer's KPI definitions; the dashboard may not
 * reach the write side at all.
 */
const LAYERS = {
  calendar: [],
  maths: [],
  config: [],
  domain: ['config', 'calendar'],
  auth: ['config', 'domain'],
  warehouse: ['config', 'domain', 'calendar'],
  queries: ['warehouse', 'config', 'domain', 'calendar', 'maths'],
  ingest: ['queries', 'warehouse', 'auth', 'config', 'domain', 'calendar', 'maths'],
  demo: ['ingest', 'warehouse', 'config', 'domain', 'calendar', 'maths'],
  dashboard: ['queries', 'warehouse', 'auth', 'config', 'domain', 'calendar', 'maths'],
};
const TOP = [...Object.keys(LAYERS), 'cli', 'bench', 'test'];

function layerRule(folder) {
  const forbidden = TOP.filter((f) => f !== folder && !LAYERS[folder].includes(f));
  return {
    files: [`${folder}/**/*.{ts,js,mjs,svelte}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Relative paths out of the folder, and the dashboard's $-aliases.
              group: forbidden.flatMap((f) => [`**/${f}/**`, `$${f}`, `$${f}/**`]),
              message: `${folder}/ may import only ${LAYERS[folder].join(', ') || 'nothing above it'} (layers in eslint.config.js).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'scratch/',
      'dashboard/.svelte-kit/',
      'dashboard/build/',
      'dashboard/build-test/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.base,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...Object.keys(LAYERS).map(layerRule),
);
