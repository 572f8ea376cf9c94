// Lint rules that keep the architecture honest: the import directions of the house style
// (docs/architecture.md) are enforced here so they cannot decay.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkImports = [
  { group: ['hono', 'hono/*', '@hono/*'], message: 'HTTP types stay in src/http.' },
  { group: ['smtp-server', 'nodemailer'], message: 'SMTP types stay in src/smtp and src/mail.' },
  { group: ['kysely', 'better-sqlite3', 'pg'], message: 'SQL stays in src/storage.' },
  { group: ['node:net', 'node:http', 'net', 'http'], message: 'Sockets stay in the adapters.' },
];
const storageBackends = {
  group: ['**/storage/sqlite/*', '**/storage/postgres/*', '**/storage/sql/*'],
  message: 'Use the Store port (storage/ports.ts); only app wiring picks a backend.',
};
const configImport = {
  group: ['**/config/*'],
  message: 'Components receive plain values; only main, app wiring and the CLI read config.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // web/vite.config.ts runs in Node, outside both the server's and the browser's tsconfig.
        projectService: {
          allowDefaultProject: ['web/vite.config.ts'],
          defaultProject: 'web/tsconfig.node.json',
        },
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'max-lines': ['warn', 300],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...frameworkImports, storageBackends, configImport] },
      ],
    },
  },
  {
    files: ['src/auth/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...frameworkImports.slice(1), storageBackends, configImport] },
      ],
    },
  },
  {
    // The web UI runs in the browser and reaches the server over HTTP only (web/src/api).
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The web UI runs in the browser.' },
            { group: ['**/../src/**'], message: 'Call the API (web/src/api), not server code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [frameworkImports[2], storageBackends, configImport] },
      ],
    },
  },
);
