import { expect, test, type Page } from '@playwright/test';
import { credentials, login, uniqueSuffix } from './helpers';

// My account (sessions) and the users administration. The e2e user is an administrator and was
// enrolled by e2e/enrol.setup.ts. Its password is never changed here: other specs need it.

/** Opens /account through the user menu. */
async function openAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: 'My account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
}

/** The row of this browser's session ("This browser"). */
function currentSessionRow(page: Page) {
  return page.getByTestId('sessions-table').getByRole('row').filter({ hasText: 'This browser' });
}

test('My account marks this browser’s session; ending another session signs that browser out', async ({
  page,
  browser,
  baseURL,
  locale,
}) => {
  await login(page);
  await openAccount(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Your sessions' })).toBeVisible();
  const mine = currentSessionRow(page);
  await expect(mine).toHaveCount(1);
  // The user agent is summarised (Playwright's Chromium says "HeadlessChrome").
  await expect(mine).toContainText(/Chrome \d+ on Linux/);
  // This browser's session cannot be ended from the list.
  await expect(mine.getByRole('button', { name: /^End the session/ })).toHaveCount(0);
  const myId = await mine.getAttribute('data-session-id');
  expect(myId).toBeTruthy();

  // A second browser signs in as the same user (the login helper waits for a fresh TOTP step).
  const other = await browser.newContext({ baseURL, locale });
  try {
    const page2 = await other.newPage();
    await login(page2);
    await openAccount(page2);
    const theirId = await currentSessionRow(page2).getAttribute('data-session-id');
    expect(theirId).toBeTruthy();
    expect(theirId).not.toBe(myId);

    // The first browser sees the new session and ends it.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
    const theirRow = page.locator(`[data-testid="sessions-table"] tr[data-session-id="${theirId ?? ''}"]`);
    await expect(theirRow).toBeVisible();
    await expect(theirRow).not.toContainText('This browser');
    await theirRow.getByRole('button', { name: /^End the session/ }).click();
    await expect(page.getByTestId('sessions-notice')).toContainText('The session was ended.');
    await expect(theirRow).toHaveCount(0);
    await expect(currentSessionRow(page)).toHaveAttribute('data-session-id', myId ?? '');

    // The second browser is signed out: its next navigation ends on the login page.
    await page2.goto('/customers');
    await expect(page2).toHaveURL(/\/login(\?|$)/);
    await expect(page2.getByRole('button', { name: 'Log in' })).toBeVisible();
  } finally {
    await other.close();
  }

  // The first browser is still signed in.
  await page.reload();
  await expect(currentSessionRow(page)).toHaveAttribute('data-session-id', myId ?? '');
});

test('an administrator creates a user and disables them', async ({ page }) => {
  const suffix = uniqueSuffix();
  const name = `E2E Ny ${suffix}`;
  const email = `new.${suffix}@example.se`;
  // Long, uncommon, and free of the name and e-mail (the server's password rules).
  const password = 'Kanotpaddling-i-morgondimman-47';

  await login(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const table = page.getByTestId('users-table');

  // Your own row says "You" and cannot be disabled.
  const mine = table.getByRole('row').filter({ hasText: credentials().email });
  await expect(mine).toContainText('You');
  await expect(mine).toContainText('Admin');
  await mine.getByRole('button', { name: /^Actions for / }).click();
  await expect(page.getByRole('menuitem', { name: 'Remove admin', exact: true })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Disable', exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);

  // New user.
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('sets up two-step verification with an authenticator app');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByTestId('field-error-name')).toBeVisible();
  await expect(dialog.getByTestId('field-error-email')).toBeVisible();
  await expect(dialog.getByTestId('field-error-password')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('E-mail', { exact: true }).fill(email);
  await dialog.getByLabel('Initial password', { exact: true }).fill(password);
  await expect(dialog.getByTestId('password-strength')).toContainText('Password strength');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('users-notice')).toContainText(`${name} was added.`);

  const row = table.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(name);
  await expect(row).toContainText('Staff');
  await expect(row).toContainText('Active');

  // Disable them: the confirmation says their sessions end.
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Disable', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Disable ${name}?` });
  await expect(confirm).toContainText('all of their sessions end');
  await confirm.getByRole('button', { name: 'Disable user' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('users-notice')).toContainText(`${name} was disabled.`);
  await expect(row).toContainText('Disabled');
  // A disabled user can be enabled again from the same menu.
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Enable', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
});
