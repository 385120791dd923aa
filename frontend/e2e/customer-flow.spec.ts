import { expect, test } from '@playwright/test';
import { credentials, enterTotpCode, login, submitLogin, uniqueSuffix } from './helpers';

// Runs against the real server (API + bundled SPA) that the orchestrator started, with
// the browser language pinned to English in playwright.config.ts. Logins take a TOTP code
// (the user was enrolled by e2e/enrol.setup.ts).

test('login with a wrong password shows the generic error', async ({ page }) => {
  const { email, password } = credentials();
  await page.goto('/login');
  await submitLogin(page, email, `${password}-wrong`);
  await expect(page.getByRole('alert')).toHaveText(/Wrong e-mail or password/);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
});

test('a signed-out visit goes to login and returns to the intended page', async ({ page }) => {
  const { email, password } = credentials();
  await page.goto('/customers/new');
  await expect(page).toHaveURL(/\/login\?next=%2Fcustomers%2Fnew$/);
  await submitLogin(page, email, password);
  // The second step keeps the return path.
  await expect(page).toHaveURL(/\/login\/verify\?next=%2Fcustomers%2Fnew$/);
  await enterTotpCode(page);
  await expect(page).toHaveURL(/\/customers\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
});

test('create a business customer with contacts, find it by a contact e-mail, open it with the keyboard and rename it', async ({
  page,
}) => {
  const suffix = uniqueSuffix();
  const company = `E2E Verkstad ${suffix} AB`;
  const renamed = `E2E Omdöpt ${suffix} AB`;
  const contacts = [
    { name: 'Anna Andersson', email: `anna.${suffix}@example.se` },
    { name: 'Björn Berg', email: `bjorn.${suffix}@example.se` },
  ];

  await login(page);

  // Create the customer.
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByLabel('E-mail', { exact: true }).fill(`info.${suffix}@example.se`);
  await page.getByLabel('Phone', { exact: true }).fill('+46 8 123 45 67');
  const invoice = page.getByRole('group', { name: 'Invoice address' });
  await invoice.getByLabel('Street address', { exact: true }).fill('Industrigatan 4');
  await invoice.getByLabel('Postal code', { exact: true }).fill('11234');
  await invoice.getByLabel('City', { exact: true }).fill('Stockholm');
  await page.getByRole('button', { name: 'Save customer' }).click();

  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const customerUrl = page.url();
  await expect(page.getByText('Industrigatan 4')).toBeVisible();

  // Add two contact persons.
  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  for (const contact of contacts) {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact person' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Name', { exact: true }).fill(contact.name);
    await dialog.getByLabel('E-mail', { exact: true }).fill(contact.email);
    await dialog.getByRole('checkbox', { name: 'Invoices' }).check();
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('cell', { name: contact.email })).toBeVisible();
  }
  const contactsTable = page.getByRole('table', { name: 'Contact persons' });
  await expect(contactsTable.locator('tbody tr')).toHaveCount(2);

  // Find the customer by a fragment of the second contact's e-mail.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await expect(search).toBeFocused();
  await search.fill(`bjorn.${suffix}`);
  await expect(page).toHaveURL(new RegExp(`[?&]q=bjorn\\.${suffix}`));
  const results = page.getByRole('table', { name: 'Search results' });
  await expect(results.getByRole('link', { name: company })).toBeVisible();
  await expect(results.locator('tbody tr')).toHaveCount(1);

  // Open it with the keyboard.
  await search.press('ArrowDown');
  await expect(results.locator('tbody tr').first()).toHaveAttribute('data-highlighted', 'true');
  await search.press('Enter');
  await expect(page).toHaveURL(customerUrl);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();

  // Rename it.
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  const companyName = page.getByLabel('Company name', { exact: true });
  await expect(companyName).toHaveValue(company);
  await companyName.fill(renamed);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(customerUrl);
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();

  // Back in search the term is still there and the new name is found.
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue(`bjorn.${suffix}`);
  await expect(page.getByRole('table', { name: 'Search results' }).getByRole('link', { name: renamed })).toBeVisible();
});

test('a bad e-mail in the customer form is shown next to the field and nothing is saved', async ({ page }) => {
  const suffix = uniqueSuffix();
  const company = `E2E Felaktig ${suffix} AB`;

  await login(page);
  await page.goto('/customers/new');
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  const email = page.getByLabel('E-mail', { exact: true });
  await email.fill('not-an-e-mail');
  await page.getByRole('button', { name: 'Save customer' }).click();

  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const field = page.locator('.field', { has: email });
  await expect(field.getByTestId('field-error-email')).toBeVisible();
  await expect(email).toBeFocused();
  await expect(page).toHaveURL(/\/customers\/new$/);

  // Nothing was created, not even as archived.
  await page.goto(`/customers?archived=1&q=${encodeURIComponent(company)}`);
  await expect(page.getByText(`No customers match “${company}”.`)).toBeVisible();
});
