// Jest in ESM mode (@kubernetes/client-node >= 1 is ESM-only): run with
// NODE_OPTIONS=--experimental-vm-modules (the npm scripts do).
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] };
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
};

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // Renderer output judged by yanglint against the vendor models (no servers).
    { ...common, displayName: 'yang', testMatch: ['<rootDir>/test/yang/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      // test/e2e: the end-to-end suite on the emulated lab (or CLAB_TOPOLOGY_DATA), on the same test bed.
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      globalTeardown: '<rootDir>/test/integration/global-teardown.js',
    },
  ],
  testTimeout: 60_000,
  // A failed setup may leave a socket open; the run must end red, not hang CI. The test bed's
  // servers are child processes that globalTeardown stops first.
  forceExit: true,
};
