import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// The privacy settings through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts):
// the organization's details and a data partner without an agreement (flagged in words and
// counted), then the printable consent form of a new customer, which carries the company, the
// partner as a recipient and the privacy-policy link. Settings and partners are global to the
// server, so the test reads the attention count before adding its partner instead of assuming 0.

/** Creates a business customer through the form; the page ends on its card. */
async function createCustomer(page: Page, company: string): Promise<void> {
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
}

test('privacy settings and a partner without an agreement are flagged, and printed on a customer’s consent form', async ({
  page,
}) => {
  const suffix = uniqueSuffix();
  const companyName = `E2E Tillit ${suffix} AB`;
  const policyUrl = `https://${suffix}.example/integritet`;
  const partnerName = `E2E Partner ${suffix}`;
  const customer = `E2E Blankett ${suffix} AB`;

  await login(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Privacy settings' }).click();
  await expect(page).toHaveURL(/\/admin\/privacy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy settings' })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(tabs.getByRole('link', { name: 'Privacy', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Consent', exact: true })).toHaveAttribute('href', '/admin/consents');

  // 1. The organization's details; a policy address without https:// is caught at its field.
  const settings = page.getByRole('form', { name: 'Organization and data controller' });
  await settings.getByLabel('Company name', { exact: true }).fill(companyName);
  const url = settings.getByLabel('Privacy policy URL', { exact: true });
  await url.fill(`${suffix}.example/integritet`);
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('field-error-privacyPolicyUrl')).toBeVisible();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await url.fill(policyUrl);
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toContainText('The privacy settings were saved.');
  await expect(page.getByTestId('field-error-privacyPolicyUrl')).toHaveCount(0);
  await expect(settings.getByLabel('Company name', { exact: true })).toHaveValue(companyName);
  await expect(settings.getByLabel('Privacy policy URL', { exact: true })).toHaveValue(policyUrl);

  // 2. A partner without an agreement: flagged in words, and counted above the register.
  const summary = page.getByTestId('partners-attention');
  await expect(summary).toBeVisible();
  const before = Number(await summary.getAttribute('data-count'));
  expect(before).toBeGreaterThanOrEqual(0);

  await page.getByRole('button', { name: 'New partner' }).click();
  const dialog = page.getByRole('dialog', { name: 'New data partner' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(partnerName);
  await dialog.getByLabel('Country', { exact: true }).fill('SE');
  await dialog.getByLabel('Purpose', { exact: true }).fill('Delivers parcels');
  // The safeguard is asked for only when data leaves the EU/EEA.
  const transfer = dialog.getByRole('checkbox', { name: 'Personal data is transferred outside the EU/EEA' });
  await expect(dialog.getByLabel('Transfer safeguard', { exact: true })).toHaveCount(0);
  await transfer.check();
  await expect(dialog.getByLabel('Transfer safeguard', { exact: true })).toBeVisible();
  await transfer.uncheck();
  await expect(dialog.getByLabel('Agreement', { exact: true })).toHaveValue('MISSING');
  await expect(dialog.getByLabel('Signed on', { exact: true })).toHaveAttribute('type', 'date');
  await dialog.getByRole('button', { name: 'Save partner' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('partners-notice')).toContainText(`The partner ${partnerName} was added.`);

  const row = page.getByTestId('partners-table').getByRole('row').filter({ hasText: partnerName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('No agreement');
  await expect(row).toContainText('Sweden');
  await expect(summary).toHaveAttribute('data-count', String(before + 1));
  await expect(summary).toContainText(before + 1 === 1 ? '1 partner needs attention' : `${before + 1} partners need attention`);

  // The blank form for the front desk: two empty signature blocks.
  await page.getByRole('link', { name: 'Blank consent form for the front desk' }).click();
  await expect(page).toHaveURL(/\/consent-form$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Blank consent form' })).toBeVisible();
  await expect(page.getByTestId('consent-form')).toContainText(companyName);
  await expect(page.getByTestId('consent-form-signature')).toHaveCount(2);

  // 3. A customer's consent form, from the card's menu.
  await createCustomer(page, customer);
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Consent form' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/consent-form$/);
  await expect(page.getByRole('heading', { level: 1, name: `Consent form – ${customer}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print' })).toBeEnabled();

  const languages = page.getByRole('group', { name: 'Form language' });
  await languages.getByRole('button', { name: 'English' }).click();
  const form = page.getByTestId('consent-form');
  await expect(form).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('consent-form-controller')).toContainText(companyName);
  await expect(page.getByTestId('consent-form-customer')).toHaveText(customer);
  await expect(page.getByTestId('consent-form-recipients')).toContainText(partnerName);
  await expect(form.getByRole('link', { name: policyUrl })).toHaveAttribute('href', policyUrl);
  await expect(page.getByTestId('consent-form-version')).toContainText(/Declaration version \d+ · [0-9a-f]{12}/);
  // The purposes are printed squares to tick with a pen, never pre-ticked form controls.
  await expect(form.getByRole('checkbox')).toHaveCount(0);
  await expect(form).toContainText('☐');

  // The form's language is its own: Swedish while the UI stays English.
  await languages.getByRole('button', { name: 'Svenska' }).click();
  await expect(form).toHaveAttribute('lang', 'sv');
  await expect(form).toContainText('Jag samtycker till');
  await expect(form).toContainText(companyName);
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

  // The same form as a PDF from the server, in the chosen language.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^consent-form-\d+-sv\.pdf$/);
  const bytes = await readFile(await file.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});
