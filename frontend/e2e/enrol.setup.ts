import { expect, test as setup } from '@playwright/test';
import { credentials, enrol, enterTotpCode, submitLogin } from './helpers';
import { readState, statePath } from './state';

// Runs first (the "setup" project every spec depends on), so the outcome does not hang on
// which spec happens to log in first: the orchestrator creates the e2e user without MFA, and
// its first login must be forced into TOTP enrolment. The secret and the recovery codes go
// to the state file (see state.ts) for every later login.
setup('the first login of a user without MFA is forced into TOTP enrolment', async ({ page }) => {
  const { email, password } = credentials();
  await page.goto('/login');
  await submitLogin(page, email, password);
  await page.waitForURL((url) => url.pathname === '/mfa/enroll' || url.pathname === '/login/verify');

  if (new URL(page.url()).pathname === '/login/verify') {
    // A server kept from an earlier run, whose user is enrolled already: that run's state
    // file is the only way in.
    if (!readState(email)) {
      throw new Error(
        `${email} already has TOTP, but ${statePath()} holds no secret for it. Start from a fresh server, ` +
          'or point TILLIT_E2E_STATE at the state file of the run that enrolled it.',
      );
    }
    setup.info().annotations.push({ type: 'note', description: 'enrolled in an earlier run; signed in with a code' });
    await enterTotpCode(page);
    await expect(page).toHaveURL(/\/customers$/);
    return;
  }

  await enrol(page);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  // The session is a full one now: the user menu offers new recovery codes.
  await page.getByRole('button', { name: /^User menu for / }).click();
  await expect(page.getByRole('menuitem', { name: 'Recovery codes' })).toBeVisible();
});
