// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so it stays fast).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Unused names are already errors in tsc (noUnusedLocals/noUnusedParameters); `_`-prefixed ones are meant.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Its code-path analysis does not see uses inside parameter decorators (`@Param('id', pipe)`).
      'no-useless-assignment': 'off',
    },
  },
  {
    // One way to open a transaction (docs/structure.md): UnitOfWork, over the pools' own transaction methods.
    files: ['apps/**/*.ts'],
    ignores: ['apps/core/src/prisma/unit-of-work.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^\\$?transaction$/]',
          message: 'Open transactions through UnitOfWork (run or bulk), in services.',
        },
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'No `as unknown as` in apps/: type the value instead.',
        },
      ],
    },
  },
  {
    // Tests, benchmarks and scripts read untyped JSON replies and rows: `any` is allowed there, not in the product.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'prisma/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
