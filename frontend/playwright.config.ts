import { defineConfig } from '@playwright/test';

// The orchestrator starts the real Tillit server (API + bundled SPA) before running
// these tests; there is deliberately no `webServer` here.
export default defineConfig({
  testDir: 'e2e',
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.TILLIT_E2E_BASE_URL ?? 'http://127.0.0.1:8080',
    // The SPA picks its language from the browser; pin English so labels are stable.
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
