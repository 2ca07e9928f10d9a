// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import fs from 'node:fs'

const webFeatures = fs.existsSync(`${import.meta.dirname}/web/src/features`)
  ? fs
      .readdirSync(`${import.meta.dirname}/web/src/features`, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : []

/** Layer rules from CONVENTIONS.md, enforced here rather than remembered. */
const sqlModules = [
  { name: 'kysely', message: 'Routes never touch SQL: call a service verb.' },
  { name: '@ms/db', message: 'Routes never touch the database: call a service verb.' },
]

const apiBoundaryMessage =
  'Features import one another only through `<feature>.exports.ts`: add the read there (its queries in the feature repository).'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.types/**',
      'data/**',
      '**/*.config.*',
      'docs/**',
      'coverage/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['api/src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sqlModules,
          patterns: [
            { group: ['**/*.repository*'], message: 'Routes call services, not repositories.' },
          ],
        },
      ],
    },
  },
  {
    files: ['api/src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'hono', message: 'Services know nothing of HTTP.' }] },
      ],
    },
  },
  {
    files: ['api/src/**/*.rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...sqlModules,
            { name: 'hono', message: 'Rules are pure functions.' },
            { name: 'node:fs', message: 'Rules are pure functions: no I/O.' },
          ],
          patterns: [
            { group: ['**/*.repository*', '**/*.service*'], message: 'Rules are pure functions.' },
          ],
        },
      ],
    },
  },
  // API features read one another only through `<feature>.exports.ts`, the feature's one public
  // surface: no side files named `*-exports.ts` (e.g. `x.record-exports.ts`) added by downstream
  // features. A separate rule name, so the layer rules above keep their own options.
  {
    files: ['api/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/*-exports*'], message: apiBoundaryMessage }] },
      ],
    },
  },
  // Remaining exceptions (to fold into `<feature>.exports.ts` next): the public portal's reads and
  // the evaluation's thin layer over the ballot feature.
  {
    files: ['api/src/public/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/*-exports*',
                '!**/cycles.public-exports.js',
                '!**/jurisdictions.public-exports.js',
                '!**/progress.public-exports.js',
                '!**/supervision.public-exports.js',
                '!**/ballots.evaluation-exports.js',
              ],
              message: apiBoundaryMessage,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/src/evaluation/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*-exports*', '!**/ballots.evaluation-exports.js'],
              message: apiBoundaryMessage,
            },
          ],
        },
      ],
    },
  },
  // Web features do not import each other (they share through @/lib and @/components): one
  // block per feature folder forbidding every other feature, by alias or by relative path.
  ...webFeatures.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: webFeatures
                .filter((f) => f !== feature)
                .flatMap((o) => [
                  `@/features/${o}`,
                  `@/features/${o}/**`,
                  ...['..', '../..', '../../..'].flatMap((up) => [`${up}/${o}`, `${up}/${o}/**`]),
                ]),
              message: 'Features do not import each other; share through @/lib or @/components.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
