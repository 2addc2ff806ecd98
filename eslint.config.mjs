// ESLint: typescript-eslint's type-checked recommended rules over the extension, its tests, the benchmark and the
// build scripts. `npm run lint` is a step of `npm test` and allows no warning; a disable comment that no longer
// silences anything is itself an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' };

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      'out-*/',
      'reports/',
      '.stryker-tmp/',
      'test/hosts/cs-*/',
      'test/hosts/node24/',
      'test/hosts/.tmp/',
      'bench/.work/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Matching control characters is what the escapers and the input checks are for.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and the benchmark read the local server's raw JSON answers and assert on them field by field: those values
    // are `any` on purpose there. The extension's own code (src/) keeps every no-unsafe-* rule.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes of async interfaces (a prompt seam, a Response) answer at once; assertion messages print what they got.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: node },
  },
);
