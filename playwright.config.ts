import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/e2e/bridge-server';

// End-to-end tests in Debian's Chromium against the browser bridge (`node out/main/serve.js`),
// which the worker fixture in test/e2e/lab-fixtures.ts builds and starts. Never `playwright install`.
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
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 20_000,
  },
});
