/**
 * One run for unit tests (beside the code) and integration tests (test/),
 * against a real Qdrant started by the global setup and the Redis at REDIS_URL.
 * Types are checked by `tsc -p tsconfig.test.json` before jest runs.
 */
/**
 * Packages published only as ES modules (their path under node_modules), compiled to CommonJS for jest:
 * hyparquet's, and those openapi-typescript requires (the client's types test generates them in jest).
 */
const ESM_PACKAGES =
  '(?:\\.pnpm/[^/]+/node_modules/)?(?:hyparquet|hyparquet-compressors|hyparquet-writer|hysnappy|change-case|index-to-position|parse-json|supports-color)/';

module.exports = {
  testEnvironment: '<rootDir>/test/support/node-environment.js',
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    [`/node_modules/${ESM_PACKAGES}.+\\.js$`]: '<rootDir>/test/support/esm-to-commonjs.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_PACKAGES})`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Every answer of the API a test receives is checked against its OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/test/support/answer-check.setup.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  testTimeout: 180_000,
  maxWorkers: 2,
};
