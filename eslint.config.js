import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.testbed/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The layers (README "Layout"): a folder imports only the ones below it.
  ...Object.entries({
    apis: ['adapters', 'devices', 'controllers', 'workflows', 'lab', 'cli'],
    adapters: ['devices', 'controllers', 'workflows', 'lab', 'cli'],
    devices: ['controllers', 'workflows', 'lab', 'cli'],
    workflows: ['devices', 'controllers', 'lab', 'cli'],
    controllers: ['lab', 'cli'],
  }).map(([layer, above]) => ({
    files: [`${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: above.map((a) => ({ group: [`**/${a}/**`], message: `${layer}/ never imports ${a}/ (a higher layer)` })) }],
    },
  })),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
