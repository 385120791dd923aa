import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Anonymizing a customer through the real UI, as the administrator (enrolled by
// e2e/enrol.setup.ts), with the browser language pinned to English (playwright.config.ts): a
// private customer gets an order (Orders tab) and a task whose text names them (Tasks tab). The
// anonymize page finds that mention in the task, "Redact" replaces it, and typing the customer
// number anonymizes the customer. The card then shows "Anonymized customer <number>" with the
// order still listed, and the task's text reads "[redacted]"; the receipt is listed under
// Admin → Anonymizations.
//
// Names are made unique per run: the mention scan reads every record on the server, and a task
// of an earlier (failed) run naming the same person would be a mention too.

/** Lower-case letters only (a name may not hold digits), unique per run. */
function uniqueLetters(): string {
  return uniqueSuffix().replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)));
}

/** On a customer card: the customer number from the header ("Customer no. 10234"). */
async function customerNumber(page: Page): Promise<number> {
  const meta = page.getByText(/^Customer no\. \d+$/);
  await expect(meta).toBeVisible();
  const number = Number(/\d+/.exec((await meta.textContent()) ?? '')?.[0]);
  expect(number).toBeGreaterThan(0);
  return number;
}

async function openTab(page: Page, name: 'Details' | 'Contacts' | 'Orders' | 'Invoices' | 'Tasks'): Promise<void> {
  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name, exact: true }).click();
}

test('a private customer with an order and a task that names them is anonymized after the mention is redacted', async ({
  page,
}) => {
  const lastName = `Öberg ${uniqueLetters()}`;
  const name = `Åsa ${lastName}`;
  const email = `asa.${uniqueSuffix()}@example.se`;
  const taskBody = `Ring ${name} om offerten`;

  await login(page);

  // 1. A private customer with e-mail and phone.
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Private person' }).check();
  await page.getByLabel('First name', { exact: true }).fill('Åsa');
  await page.getByLabel('Last name', { exact: true }).fill(lastName);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Phone', { exact: true }).fill('070-123 45 67');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const cardUrl = page.url();
  const number = await customerNumber(page);

  // 2. An order, on the Orders tab.
  await openTab(page, 'Orders');
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByText('The customer has no orders.')).toBeVisible();
  await page.getByRole('button', { name: 'New order' }).click();
  const orderDialog = page.getByRole('dialog', { name: 'New order' });
  await expect(orderDialog).toBeVisible();
  await orderDialog.getByLabel('Description, line 1', { exact: true }).fill('Altan, offert');
  await orderDialog.getByLabel('Quantity, line 1', { exact: true }).fill('2');
  await orderDialog.getByLabel('Unit price, line 1', { exact: true }).fill('1 499,50');
  // 2 × 1,499.50 = 2,999.00 + 25 % VAT = 3,748.75, worked out while typing.
  await expect(orderDialog.getByTestId('total-total')).toHaveText('SEK 3,748.75');
  await orderDialog.getByRole('button', { name: 'Create order' }).click();
  await expect(orderDialog).toBeHidden();
  await expect(page.getByTestId('orders-notice')).toContainText(/Order \d+ was saved\./);
  const orderNumber = Number(/Order (\d+)/.exec((await page.getByTestId('orders-notice').textContent()) ?? '')?.[1]);
  const orderRow = page.getByTestId('orders-table').locator(`tr[data-order-number="${String(orderNumber)}"]`);
  await expect(orderRow).toContainText('SEK 3,748.75');
  await expect(orderRow).toContainText('Open');

  // 3. A task whose text names the customer, on the Tasks tab.
  await openTab(page, 'Tasks');
  await expect(page).toHaveURL(/\/tasks$/);
  await page.getByRole('button', { name: 'New task' }).click();
  const taskDialog = page.getByRole('dialog', { name: 'New task' });
  await taskDialog.getByLabel('Title', { exact: true }).fill('Offert altan');
  await taskDialog.getByLabel('Text', { exact: true }).fill(taskBody);
  await taskDialog.getByRole('button', { name: 'Save task' }).click();
  await expect(taskDialog).toBeHidden();
  const tasks = page.getByTestId('tasks-table');
  await expect(tasks.getByTestId('task-body')).toHaveText(taskBody);

  // The customer's own copy of their data first (Art. 15): one JSON document with the order.
  await page.getByRole('button', { name: 'Actions' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export customer data (JSON)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-\d+-export\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    format?: unknown;
    orders?: unknown[];
    tasks?: { body?: unknown }[];
  };
  expect(exported.format).toBe('tillit.data-subject-export');
  expect(exported.orders).toHaveLength(1);
  expect(exported.tasks?.[0]?.body).toBe(taskBody);

  // 4. Anonymize…: what goes, what stays, and the mention in the task.
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Anonymize…' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/anonymize$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Anonymize customer' })).toBeVisible();
  await expect(page.getByTestId('anonymize-customer')).toHaveText(`${name} · Customer no. ${String(number)}`);
  const removes = page.getByTestId('anonymize-removes');
  for (const category of ['Name', 'E-mail', 'Phone']) {
    await expect(removes.getByRole('listitem').filter({ hasText: category }).first()).toBeVisible();
  }
  const keeps = page.getByTestId('anonymize-keeps');
  await expect(keeps.getByRole('listitem').filter({ hasText: 'Orders' })).toHaveText(/Orders\s*1/);
  await expect(keeps.getByRole('listitem').filter({ hasText: 'Tasks' })).toHaveText(/Tasks\s*1/);

  const mention = page.getByTestId('mention').filter({ hasText: taskBody });
  await expect(mention).toHaveCount(1);
  await expect(mention).toHaveAttribute('data-source', 'TASK');
  await expect(mention).toContainText('Task');
  await expect(mention).toContainText('· Text');
  await expect(mention.getByText('Name', { exact: true })).toBeVisible();
  await expect(mention.getByRole('link', { name: 'Customer card' })).toHaveAttribute('href', new URL(cardUrl).pathname);

  // 5. Redact: the preview is loaded again and the mention is gone.
  await mention.getByRole('button', { name: 'Redact the mention in Task, Text' }).click();
  await expect(page.getByTestId('redacted-notice')).toContainText('1 mention in Task was replaced with [redacted].');
  await expect(page.getByTestId('mention').filter({ hasText: taskBody })).toHaveCount(0);

  // 6. The confirmation names the customer and needs its number typed.
  const confirm = page.getByRole('region', { name: 'Confirm the anonymization' });
  await expect(confirm).toContainText(`You are anonymizing ${name} (customer no. ${String(number)}).`);
  await expect(confirm).toContainText('This cannot be undone');
  const anonymize = confirm.getByRole('button', { name: 'Anonymize customer' });
  const typed = confirm.getByLabel(`Type the customer number ${String(number)} to confirm`);
  await expect(anonymize).toBeDisabled();
  await typed.fill(String(number + 1));
  await expect(anonymize).toBeDisabled();
  await typed.fill(String(number));
  await expect(anonymize).toBeEnabled();
  await anonymize.click();

  // 7. Back on the card: the anonymized customer, with its order still listed.
  await expect(page).toHaveURL(cardUrl);
  await expect(page.getByRole('heading', { level: 1, name: `Anonymized customer ${String(number)}` })).toBeVisible();
  await expect(page.getByTestId('anonymized-notice')).toContainText('This customer was anonymized on ');
  await expect(page.getByText(email)).toHaveCount(0);
  await page.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Anonymize…' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await openTab(page, 'Orders');
  await expect(page.getByTestId('orders-table').locator(`tr[data-order-number="${String(orderNumber)}"]`)).toContainText(
    'SEK 3,748.75',
  );
  // An anonymized customer takes no new orders.
  await expect(page.getByRole('button', { name: 'New order' })).toHaveCount(0);

  await openTab(page, 'Tasks');
  await expect(page.getByTestId('tasks-table').getByTestId('task-body')).toHaveText('Ring [redacted] om offerten');
  await expect(page.getByRole('button', { name: 'New task' })).toHaveCount(0);

  // 8. The receipt, under Admin → Anonymizations: masked name, what was removed, no mention left.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Anonymizations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anonymizations' })).toBeVisible();
  const receipt = page.getByTestId('receipts-table').locator(`tr[data-customer-number="${String(number)}"]`);
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText('Name, E-mail, Phone');
  await expect(receipt.getByTestId('mentions-left')).toHaveText('0');
  await expect(receipt).not.toContainText('Öberg');
  await receipt.getByRole('link', { name: `Open customer ${String(number)}` }).click();
  await expect(page).toHaveURL(cardUrl);
  await expect(page.getByRole('heading', { level: 1, name: `Anonymized customer ${String(number)}` })).toBeVisible();
});
