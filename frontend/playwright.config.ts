import { defineConfig } from '@playwright/test';

// The orchestrator starts the real Tillit server (API + bundled SPA) before running
// these tests; there is deliberately no `webServer` here.
//
// The "setup" project (e2e/*.setup.ts) runs first: the e2e user's first login is forced into
// TOTP enrolment, and the secret and recovery codes go to the state file (e2e/state.ts) that
// every later login reads. `e2e/*.test.ts` are Vitest unit tests of the e2e helpers.
export default defineConfig({
  testDir: 'e2e',
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts$/ },
    { name: 'e2e', testMatch: /.*\.spec\.ts$/, dependencies: ['setup'] },
  ],
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
