import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // workflowsPath is found from import.meta.url, which the CommonJS build gets from this shim.
  shims: true,
});
