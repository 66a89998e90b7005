import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `source`
// export condition, so tests never need a build first.
export default defineConfig({
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // vitest's default is one worker less than the cores: one worker on these two-core machines.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'core', include: ['packages/core/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'provider-kit', include: ['packages/provider-kit/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'fake', include: ['packages/fake/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'conformance', include: ['packages/conformance/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'cmdb', include: ['packages/cmdb/test/**/*.test.ts'] } },
      // The decomkit command line, driven as a subprocess.
      { extends: true, test: { name: 'cli', include: ['packages/cli/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
      // Every TypeScript block of the README and docs/, type-checked and (on the fake) run.
      { extends: true, test: { name: 'docs', include: ['scripts/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'azure', include: ['packages/azure/test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: ['packages/temporal/test/**/*.test.ts'],
          // Each test file starts its own `temporal server start-dev` (support/temporal-server.ts) on ports the
          // kernel picks, and bundles its workflows with webpack (seconds to tens of seconds on a loaded machine).
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      // bench/'s own tools (the AWS-limits proxy), against local stub servers: seconds, no moto.
      { extends: true, test: { name: 'bench', include: ['bench/test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'aws',
          include: ['packages/aws/test/**/*.test.ts'],
          // Each test file starts its own moto_server (support/moto.ts `withOwnMoto()`) on a port the
          // kernel picks, so files share no moto state or request recording and may run side by side.
          // Generous: on a loaded machine (two cores, CPU burners, other runs) one moto test can take
          // minutes, and a test cut short by its timeout used to leave work running into the next one.
          testTimeout: 600_000,
          hookTimeout: 300_000,
          // Dummy credentials and no instance metadata: the default chain can never reach a real account.
          env: {
            AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
            AWS_REGION: 'eu-west-1',
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PROFILE: '',
          },
        },
      },
    ],
  },
});
