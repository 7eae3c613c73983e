import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Slow checks of the BUILT app (main bundle smoke test, electron-builder, Electronegativity).
// Kept out of the default `vitest run`; `npm run test:packaging` builds and then runs these.
// eslint-disable-next-line no-restricted-exports -- vitest reads a config file's default export
export default defineConfig({
  test: {
    name: 'packaging',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/packaging/**/*.test.ts'],
    environment: 'node',
    globals: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Each file drives a heavy child process; two cores are better used one at a time.
    fileParallelism: false,
  },
});
