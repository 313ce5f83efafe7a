/** Unit tests compile with swc (no type check; `npm run lint` type-checks). */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/container/test'],
  testMatch: ['**/*.test.ts', '**/*.test.js'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex)/)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // ESM-only @kubernetes-models packages (CRD schema checks): see the resolver.
  resolver: '<rootDir>/test/jest-esm-resolver.js',
  modulePathIgnorePatterns: ['<rootDir>/cdk.out', '<rootDir>/dist'],
  testTimeout: 60000,
  // At least two workers: jest's default (cores - 1) is one worker on a 2-core machine, while many suites wait on
  // child processes, servers and synthesis I/O, so a second worker overlaps them (docs/benchmarks.md).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
};
