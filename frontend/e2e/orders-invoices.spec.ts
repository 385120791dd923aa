import { expect, test, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Orders and invoices on the customer card, as the administrator, in English: a new order with
// two lines whose totals are worked out while typing (rounded per line like the server), a
// problem caught in the browser and one the server finds, each shown at its line; an edit that
// meets someone else's change (CONFLICT, then Reload); then an invoice created from the order
// (dated today, due in 30 days), marked paid and unpaid again.

/** YYYY-MM-DD of the browser's today plus `days`, as the page computes it. */
async function localDate(page: Page, days: number): Promise<string> {
  return page.evaluate((d) => {
    const now = new Date();
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + d);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, days);
}

test('an order with live totals and field errors per line becomes an invoice that is marked paid', async ({ page, context }) => {
  const company = `E2E Fakturering ${uniqueSuffix()} AB`;

  await login(page);
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  const address = page.getByRole('group', { name: 'Invoice address' });
  await address.getByLabel('Street address', { exact: true }).fill('Storgatan 1');
  await address.getByLabel('Postal code', { exact: true }).fill('11122');
  await address.getByLabel('City', { exact: true }).fill('Stockholm');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();

  // The order: two lines, the second a discount at 12 % VAT.
  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('button', { name: 'New order' }).click();
  const dialog = page.getByRole('dialog', { name: 'New order' });
  await dialog.getByLabel('Description, line 1', { exact: true }).fill('Service visit');
  await dialog.getByLabel('Quantity, line 1', { exact: true }).fill('1,5');
  await dialog.getByLabel('Unit price, line 1', { exact: true }).fill('99.95');
  // 1.5 × 99.95 = 149.925 → 149.93; 25 % VAT of it = 37.4825 → 37.48.
  await expect(dialog.getByTestId('line-net').first()).toHaveText('SEK 149.93');
  await expect(dialog.getByTestId('total-vat')).toHaveText('SEK 37.48');
  await dialog.getByRole('button', { name: 'Add line' }).click();
  await dialog.getByLabel('Description, line 2', { exact: true }).fill('x'.repeat(501));
  await dialog.getByLabel('Quantity, line 2', { exact: true }).fill('1');
  await dialog.getByLabel('Unit price, line 2', { exact: true }).fill('-10,055');
  await dialog.getByLabel('VAT, line 2', { exact: true }).selectOption({ label: '12%' });

  // Three decimals in a price are caught before sending, at line 2.
  await dialog.getByRole('button', { name: 'Create order' }).click();
  await expect(dialog.getByTestId('field-error-lines[1].unitPrice')).toHaveText(/At most two decimals/);
  await expect(dialog.getByLabel('Unit price, line 2', { exact: true })).toBeFocused();
  await dialog.getByLabel('Unit price, line 2', { exact: true }).fill('-10,05');
  await expect(dialog.getByTestId('field-error-lines[1].unitPrice')).toHaveCount(0);
  // -10.05 net, 12 % VAT = -1.206 → -1.21: totals 139.88 + 36.27 VAT = 176.15.
  await expect(dialog.getByTestId('total-net')).toHaveText('SEK 139.88');
  await expect(dialog.getByTestId('total-vat')).toHaveText('SEK 36.27');
  await expect(dialog.getByTestId('total-total')).toHaveText('SEK 176.15');

  // The description is too long for the server, which names `lines[1].description`: shown at line 2.
  await dialog.getByRole('button', { name: 'Create order' }).click();
  await expect(dialog.getByTestId('field-error-lines[1].description')).toBeVisible();
  await expect(dialog.getByTestId('field-error-lines[0].description')).toHaveCount(0);
  await dialog.getByLabel('Description, line 2', { exact: true }).fill('Discount');
  await dialog.getByRole('button', { name: 'Create order' }).click();
  await expect(dialog).toBeHidden();
  const notice = page.getByTestId('orders-notice');
  await expect(notice).toContainText(/Order \d+ was saved\./);
  const orderNumber = /Order (\d+)/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
  const orderRow = page.getByTestId('orders-table').locator(`tr[data-order-number="${orderNumber}"]`);
  // The server's total is the one shown while typing.
  await expect(orderRow.getByTestId('order-total')).toHaveText('SEK 176.15');
  await orderRow.getByRole('button', { name: `Show the lines of order ${orderNumber}` }).click();
  await expect(page.getByRole('table', { name: `Lines of order ${orderNumber}` })).toContainText('Discount');

  // Edit: mark the order completed. Meanwhile someone else changes it in another tab, so the
  // first save is refused as a conflict; after Reload the change goes through.
  await orderRow.getByRole('button', { name: `Edit order ${orderNumber}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit order ${orderNumber}` });
  await expect(edit.getByLabel('Unit price, line 1', { exact: true })).toHaveValue('99.95');
  await edit.getByLabel('Status', { exact: true }).selectOption({ label: 'Completed' });

  const other = await context.newPage();
  await other.goto(page.url());
  await other
    .getByTestId('orders-table')
    .locator(`tr[data-order-number="${orderNumber}"]`)
    .getByRole('button', { name: `Edit order ${orderNumber}` })
    .click();
  const otherEdit = other.getByRole('dialog', { name: `Edit order ${orderNumber}` });
  await otherEdit.getByLabel('Description', { exact: true }).fill('Changed in another tab');
  await otherEdit.getByRole('button', { name: 'Save order' }).click();
  await expect(otherEdit).toBeHidden();
  await other.close();

  await edit.getByRole('button', { name: 'Save order' }).click();
  await expect(edit.getByTestId('conflict')).toContainText('This order was changed by someone else');
  await edit.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click();
  await expect(edit).toBeHidden();
  await expect(orderRow).toContainText('Changed in another tab');
  await orderRow.getByRole('button', { name: `Edit order ${orderNumber}` }).click();
  await edit.getByLabel('Status', { exact: true }).selectOption({ label: 'Completed' });
  await edit.getByRole('button', { name: 'Save order' }).click();
  await expect(edit).toBeHidden();
  await expect(orderRow).toContainText('Completed');

  // The invoice: dated today, due in 30 days.
  await orderRow.getByRole('button', { name: `Create an invoice from order ${orderNumber}` }).click();
  const invoiceDialog = page.getByRole('dialog', { name: `Create invoice from order ${orderNumber}` });
  await expect(invoiceDialog.getByLabel('Invoice date', { exact: true })).toHaveValue(await localDate(page, 0));
  await expect(invoiceDialog.getByLabel('Due date', { exact: true })).toHaveValue(await localDate(page, 30));
  await invoiceDialog.getByRole('button', { name: 'Create invoice' }).click();
  await expect(invoiceDialog).toBeHidden();
  await expect(notice).toContainText(/Invoice \d+ was created\./);
  const invoiceNumber = /Invoice (\d+)/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
  await notice.getByRole('link', { name: 'Show the invoices' }).click();
  await expect(page).toHaveURL(/\/invoices$/);

  const invoiceRow = page.getByTestId('invoices-table').locator(`tr[data-invoice-number="${invoiceNumber}"]`);
  await expect(invoiceRow.getByTestId('invoice-total')).toHaveText('SEK 176.15');
  await expect(invoiceRow.getByTestId('invoice-buyer')).toHaveText(company);
  await expect(invoiceRow).toContainText('Unpaid');
  await invoiceRow.getByRole('button', { name: `Mark invoice ${invoiceNumber} paid` }).click();
  await expect(invoiceRow).toContainText('Paid');
  await expect(invoiceRow).not.toContainText('Unpaid');
  await invoiceRow.getByRole('button', { name: `Mark invoice ${invoiceNumber} unpaid` }).click();
  await expect(invoiceRow).toContainText('Unpaid');
});
