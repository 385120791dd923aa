import { expect, test } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Tasks and blocks, as the administrator, in English: a block on a customer's Tasks tab (a block
// needs a start time), edited (the task stays the customer's: `updateTask` replaces every field,
// so the SPA sends the customer along), ticked done (gone from the open ones, back with "Show
// done"), and found on the planning board, where it is opened again.

test('a block on the customer card is edited, ticked done and reopened on the planning board', async ({ page }) => {
  const suffix = uniqueSuffix();
  const company = `E2E Planering ${suffix} AB`;
  const title = `Service visit ${suffix}`;
  const renamed = `Service visit with ladder ${suffix}`;

  await login(page);
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByText('No open tasks.')).toBeVisible();

  // A block without a start time is caught before it is sent.
  await page.getByRole('button', { name: 'New task' }).click();
  const dialog = page.getByRole('dialog', { name: 'New task' });
  await dialog.getByRole('radio', { name: 'Block' }).check();
  await dialog.getByLabel('Title', { exact: true }).fill(title);
  await dialog.getByRole('button', { name: 'Save task' }).click();
  await expect(dialog.getByTestId('field-error-startsAt')).toHaveText(/A block needs a start time\./);
  await dialog.getByLabel('Start', { exact: true }).fill('2030-05-07T09:00');
  await dialog.getByLabel('End', { exact: true }).fill('2030-05-07T11:30');
  await dialog.getByRole('button', { name: 'Save task' }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByTestId('tasks-table');
  const row = table.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('Block');
  await expect(row).toContainText('7 May 2030, 09:00–11:30');

  // Edit: still the customer's task afterwards.
  await row.getByRole('button', { name: `Edit the task ${title}` }).click();
  const edit = page.getByRole('dialog', { name: 'Edit task' });
  await expect(edit.getByLabel('Start', { exact: true })).toHaveValue('2030-05-07T09:00');
  await edit.getByLabel('Title', { exact: true }).fill(renamed);
  await edit.getByRole('button', { name: 'Save task' }).click();
  await expect(edit).toBeHidden();
  const renamedRow = table.getByRole('row').filter({ hasText: renamed });
  await expect(renamedRow).toContainText('7 May 2030, 09:00–11:30');

  // Done: gone from the open tasks, shown with "Show done".
  await renamedRow.getByRole('checkbox', { name: `Done: ${renamed}` }).check();
  await expect(page.getByText('No open tasks.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show done' }).check();
  await expect(table.getByRole('checkbox', { name: `Done: ${renamed}` })).toBeChecked();

  // The planning board has it too, with a link to the customer; opened again there.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Planning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Planning' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: renamed })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show done' }).check();
  const boardRow = page.getByTestId('tasks-table').getByRole('row').filter({ hasText: renamed });
  await expect(boardRow.getByRole('checkbox', { name: `Done: ${renamed}` })).toBeChecked();
  await boardRow.getByRole('checkbox', { name: `Done: ${renamed}` }).uncheck();
  await expect(boardRow.getByRole('checkbox', { name: `Done: ${renamed}` })).not.toBeChecked();
  // The board names the customer (number and name) and links to its card.
  await boardRow.getByRole('link', { name: company }).click();
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  await expect(page.getByTestId('tasks-table').getByRole('row').filter({ hasText: renamed })).toBeVisible();
});
