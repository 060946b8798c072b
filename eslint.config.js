// Strict where it catches real bugs (STYLE.md 20): promises, exhaustive switches, equality,
// fall-through; and the two boundaries: process.env only in src/config, TypeORM only in the
// data layer (repositories, entities, src/database, migrations).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const typeormOnlyInDataLayer = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'typeorm', message: 'TypeORM belongs in *.repository.ts, *.entity.ts, src/database and migrations.' },
        {
          name: '@nestjs/typeorm',
          message: 'TypeORM belongs in *.repository.ts, *.entity.ts, src/database and migrations.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'docs/**',
      'dist-*/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'web/**',
      'test/setup/*.mjs',
      'test/fixtures/*.mjs',
      'eslint.config.js',
      'jest.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always'],
      'no-fallthrough': 'error',
      'no-console': 'error',
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config (AppConfig), not process.env.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bots/**/*.ts', 'connectors/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.entity.ts', 'src/database/**', '**/*.module.ts'],
    rules: typeormOnlyInDataLayer,
  },
  {
    // class-validator's IsOptional lets null through to the service (a NOT NULL column then makes it a 500).
    files: ['**/*.dto.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: 'Use IsOptional (null refused) or IsNullable from src/common/optional.ts.',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  // Last: Prettier formats, so the rules that would fight it (curly's multi-line option among them) are off.
  prettier,
);
