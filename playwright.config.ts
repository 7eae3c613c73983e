import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/e2e/bridge-server';

const electronSpecs = /electron-.*\.spec\.ts$/;

// Two projects. chromium: the lab in Debian's Chromium against the browser bridge
// (`node out/main/serve.js`, started by the worker fixture in test/e2e/lab-fixtures.ts); never
// `playwright install`. electron: the desktop app in real Electron (test/e2e/electron-fixtures.ts),
// skipped with the reason when there is no Electron binary or, on Linux, no display (xvfb-run).
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  // One bridge, one lab session at a time: tests run in order.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: electronSpecs,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
      },
    },
    { name: 'electron', testMatch: electronSpecs },
  ],
});
