import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `source`
// export condition, so tests never need a build first.
export default defineConfig({
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'core', include: ['packages/core/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'fake', include: ['packages/fake/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'conformance', include: ['packages/conformance/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
    ],
  },
});
