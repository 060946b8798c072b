// Three tiers (unit beside the code, medium on real PostgreSQL and Redis, e2e booting the app),
// all in native ESM: run through `node --experimental-vm-modules`.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup/reflect.ts'],
};

export default {
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.mjs'],
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    // The web client's pure modules (no DOM, no React) are unit-tested here too.
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{src,bots,connectors}/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
    },
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
    // Faults: processes killed, frozen and cut off mid-work; each prints its counts.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault.ts'] },
  ],
};
