import { defineConfig } from 'tsup';

export default defineConfig([
  // The library: ESM and CJS, with types.
  { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, clean: true, sourcemap: true, target: 'node20' },
  // The `decomkit` binary: ESM only (it awaits at the top level).
  { entry: ['src/bin.ts'], format: ['esm'], sourcemap: true, target: 'node20' },
]);
