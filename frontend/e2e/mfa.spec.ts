import { expect, test, type Page } from '@playwright/test';
import {
  credentials,
  enterTotpCode,
  freshTotpCode,
  login,
  logout,
  requireState,
  saveRecoveryCodes,
  submitLogin,
  updateState,
  wrongTotpCode,
} from './helpers';

// The e2e user was forced into enrolment by e2e/enrol.setup.ts (the "setup" project, which
// always runs before these); its TOTP secret and unused recovery codes are in the state file.

/** Password step, then the recovery-code form of /login/verify. */
async function toRecoveryCodeForm(page: Page): Promise<void> {
  const { email, password } = credentials();
  await page.goto('/login');
  await submitLogin(page, email, password);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await expect(page.getByLabel('Recovery code', { exact: true })).toBeFocused();
}

test('after the forced enrolment a user logs out and logs in with a code from the app; a wrong code is refused', async ({
  page,
}) => {
  const { email, password } = credentials();
  expect(requireState().secret).not.toBe('');

  await login(page);
  await logout(page);

  await submitLogin(page, email, password);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible();
  const code = page.getByLabel('Code from the app', { exact: true });
  await expect(code).toBeFocused();

  await code.fill(wrongTotpCode());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('field-error-code')).toHaveText(/The code is wrong or has already been used/);
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/login\/verify$/);

  await enterTotpCode(page);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
});

test('a recovery code signs in once; the same code a second time is refused', async ({ page }) => {
  const recoveryCode = requireState().recoveryCodes[0];
  if (!recoveryCode) throw new Error('No unused recovery code left in the state file.');

  await toRecoveryCodeForm(page);
  // Forget the code before it is sent: from now on it is used, whatever happens next.
  updateState((s) => ({ ...s, recoveryCodes: s.recoveryCodes.filter((c) => c !== recoveryCode) }));
  await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await logout(page);

  await toRecoveryCodeForm(page);
  await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('field-error-code')).toHaveText(/wrong or has already been used/);
  await expect(page).toHaveURL(/\/login\/verify$/);

  // Cancel goes back to the login form.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
});

test('new recovery codes (after password and code) replace the old ones', async ({ page }) => {
  const { password } = credentials();
  const [signInCode, oldCode] = requireState().recoveryCodes;
  if (!signInCode || !oldCode) throw new Error('Fewer than two unused recovery codes left in the state file.');

  // Sign in with a recovery code, which leaves the TOTP time steps alone.
  await toRecoveryCodeForm(page);
  updateState((s) => ({ ...s, recoveryCodes: s.recoveryCodes.filter((c) => c !== signInCode) }));
  await page.getByLabel('Recovery code', { exact: true }).fill(signInCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/customers$/);

  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: 'Recovery codes' }).click();
  await expect(page).toHaveURL(/\/account\/recovery-codes$/);
  await expect(page.getByRole('heading', { level: 1, name: 'New recovery codes' })).toBeVisible();

  // Both are required.
  await page.getByRole('button', { name: 'Create new codes' }).click();
  await expect(page.getByTestId('field-error-password')).toBeVisible();
  await expect(page.getByTestId('field-error-code')).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Code from the app', { exact: true }).fill(await freshTotpCode());
  await page.getByRole('button', { name: 'Create new codes' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Save your recovery codes' })).toBeVisible();
  const items = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((c) => c.trim());
  for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  expect(codes).not.toContain(oldCode);
  updateState((s) => ({ ...s, recoveryCodes: codes }));

  await saveRecoveryCodes(page, codes, 'Done');
  await expect(page).toHaveURL(/\/customers$/);
  await logout(page);

  // A code from before the regeneration no longer works.
  await toRecoveryCodeForm(page);
  await page.getByLabel('Recovery code', { exact: true }).fill(oldCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('field-error-code')).toHaveText(/wrong or has already been used/);
});
