import { expect, test } from '@playwright/test';
import { login } from './helpers';

// The retention rule through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts),
// with the browser language pinned to English (playwright.config.ts).
//
// The server under test is seeded before it starts with
// `tillit seed --customers 20 --seed 7 --as-of 2023-01-15`: customers created on 2023-01-15 with
// orders and invoices only before that date, so at 12 months most of them are eligible and a few
// are kept for open orders or unpaid invoices. Every other spec creates its customers "now", so
// they are never past 12 months; the counts below are read from the dry run, never assumed.
//
// The run anonymizes the seeded customers for good: against a server where this spec has run
// before, the dry run finds nobody eligible and the spec fails at that check (start a fresh,
// freshly seeded server).

test('the retention rule previews, anonymizes the inactive customers in batches, and then finds none left', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Retention' }).click();
  await expect(page).toHaveURL(/\/admin\/retention$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Retention' })).toBeVisible();

  const months = page.getByLabel('Months without activity', { exact: true });
  const preview = page.getByRole('button', { name: 'Preview', exact: true });
  await expect(months).toBeVisible();

  // 1. Months the server would refuse are caught next to the field, and nothing is previewed.
  await months.fill('0');
  await preview.click();
  await expect(page.getByTestId('field-error-inactiveMonths')).toHaveText(/Enter at least 1 month\./);
  await expect(months).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('retention-summary')).toHaveCount(0);
  await months.fill('1201');
  await expect(page.getByTestId('field-error-inactiveMonths')).toHaveText(/Enter at most 1200 months\./);

  // 2. The dry run for 12 months (not saved): eligible customers and the table of them.
  await months.fill('12');
  await expect(page.getByTestId('field-error-inactiveMonths')).toHaveCount(0);
  await expect(page.getByTestId('retention-sentence')).toHaveText(
    'Anonymize private customers with no orders, invoices or consent activity for 12 months.',
  );
  await preview.click();
  const summary = page.getByTestId('retention-summary');
  await expect(summary).toBeVisible();
  await expect(page.getByText('For 12 months without activity.')).toBeVisible();
  const eligible = Number(await summary.getAttribute('data-eligible'));
  const blocked = Number(await summary.getAttribute('data-blocked'));
  expect(
    eligible,
    'the seeded customers (tillit seed --as-of 2023-01-15) must be eligible at 12 months; a server this spec already ran against has none left',
  ).toBeGreaterThan(0);
  await expect(summary).toContainText(eligible === 1 ? '1 customer would be anonymized' : `${String(eligible)} customers would be anonymized`);

  const table = page.getByTestId('retention-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(eligible + blocked, 200));
  const willGo = rows.filter({ hasText: 'Will be anonymized' });
  if (eligible + blocked <= 200) {
    await expect(willGo).toHaveCount(eligible);
    await expect(rows.filter({ hasText: /Open orders|Unpaid invoices/ })).toHaveCount(blocked);
  }
  // Numbers link to the customer cards.
  const firstNumber = Number(await willGo.first().getAttribute('data-customer-number'));
  expect(firstNumber).toBeGreaterThan(0);
  await expect(willGo.first().getByRole('link', { name: `Open customer ${String(firstNumber)}` })).toHaveAttribute(
    'href',
    /^\/customers\/[^/]+$/,
  );

  // 3. The run: a confirmation that needs the number of customers typed in.
  const runLabel = eligible === 1 ? 'Anonymize 1 customer…' : `Anonymize ${String(eligible)} customers…`;
  await page.getByRole('button', { name: runLabel }).click();
  const dialog = page.getByRole('dialog', { name: 'Anonymize customers' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('This cannot be undone');
  await expect(dialog).toContainText('no activity for 12 months');
  const confirm = dialog.getByRole('button', { name: 'Anonymize now' });
  const typed = dialog.getByLabel(`Type the number of customers, ${String(eligible)}, to confirm`);
  await expect(confirm).toBeDisabled();
  await typed.fill(String(eligible + 1));
  await expect(confirm).toBeDisabled();
  await typed.fill(String(eligible));
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden();

  // 4. Progress, then the result.
  const progress = page.getByRole('progressbar', { name: 'Anonymization progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('max', String(eligible));
  const outcome = page.getByTestId('retention-outcome');
  await expect(outcome).toContainText(eligible === 1 ? 'Anonymized 1 customer.' : `Anonymized ${String(eligible)} customers.`, {
    timeout: 120_000,
  });
  await expect(progress).toHaveAttribute('value', String(eligible));
  await expect(page.getByTestId('retention-progress-text')).toHaveText(`${String(eligible)} of ${String(eligible)} anonymized`);

  // 5. The dry run was loaded again: nobody left to anonymize; the kept ones are still kept.
  await expect(summary).toHaveAttribute('data-eligible', '0');
  await expect(summary).toContainText('0 customers would be anonymized');
  await expect(page.getByRole('button', { name: /^Anonymize \d+ customers?…$/ })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Will be anonymized' })).toHaveCount(0);
  // And again by hand.
  await preview.click();
  await expect(summary).toHaveAttribute('data-eligible', '0');
  await expect(rows.filter({ hasText: 'Will be anonymized' })).toHaveCount(0);

  // 6. Saving the rule (without automatic runs): never run automatically yet.
  await expect(page.getByRole('checkbox', { name: 'Run automatically every hour' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByTestId('retention-saved')).toHaveText(/The rule was saved\./);
  await expect(page.getByTestId('retention-last-run')).toBeVisible();

  // 7. The receipts: one for a customer the dry run listed.
  await outcome.getByRole('link', { name: 'See the receipts' }).click();
  await expect(page).toHaveURL(/\/admin\/anonymizations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Anonymizations' })).toBeVisible();
  await expect(page.getByTestId('receipts-table').locator(`tr[data-customer-number="${String(firstNumber)}"]`)).toBeVisible();
});
