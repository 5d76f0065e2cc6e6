import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// A module is used by others only through its index.ts: an import that reaches
// into another module's inner files is refused. One block per folder depth,
// because the rule matches the import as written (relative to the file).
const deepImport = (prefix) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^${prefix}[^./][^/]*/(?!index\\.js$).+`,
          message: 'Import another module only through its index.ts (add what you need to its exports).',
        },
      ],
    },
  ],
});
const moduleBoundaries = [
  { files: ['src/*.ts'], rules: deepImport('\\./modules/') },
  { files: ['src/*/*.ts'], ignores: ['src/modules/**'], rules: deepImport('\\.\\./modules/') },
  { files: ['src/*/*/*.ts'], ignores: ['src/modules/**'], rules: deepImport('\\.\\./\\.\\./modules/') },
  { files: ['src/modules/*/*.ts'], rules: deepImport('\\.\\./') },
  { files: ['src/modules/*/*/*.ts'], rules: deepImport('\\.\\./\\.\\./') },
  { files: ['src/modules/*/*/*/*.ts'], rules: deepImport('\\.\\./\\.\\./\\.\\./') },
];

export default tseslint.config(
  { ignores: ['dist/', 'src/generated/', 'node_modules/', '.data/', 'coverage/', 'reports/', '.stryker-tmp/', '.tsbuild/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...moduleBoundaries,
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
