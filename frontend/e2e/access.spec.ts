import { expect, test, type Page } from '@playwright/test';
import { login, loginAs, MemoryAuthenticator, uniqueSuffix } from './helpers';

// Need-to-know through the real UI: access groups grant rights, and a customer restricted to
// groups is seen only by their members (and administrators). The e2e user is an administrator
// (enrolled by e2e/enrol.setup.ts); the staff user made here lives for this test only, its
// authenticator in memory (the state file stays the e2e user's).

/** Creates an access group on /admin/groups (the page must be open) with the given rights. */
async function createGroup(page: Page, name: string, rights: readonly string[]): Promise<void> {
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = page.getByRole('dialog', { name: 'New access group' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  for (const right of rights) await dialog.getByRole('checkbox', { name: right, exact: true }).check();
  await dialog.getByRole('button', { name: 'Save group' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('groups-notice')).toContainText(`The group ${name} was created.`);
  const row = page.getByTestId('groups-table').getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  for (const right of rights) {
    await expect(row.getByRole('list', { name: `Rights of ${name}` })).toContainText(right);
  }
}

/** Creates a business customer through the form and returns its id (from the card's URL). */
async function createCustomer(page: Page, company: string): Promise<string> {
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop() ?? '';
  expect(id).not.toBe('');
  return id;
}

/** On /customers: types `term` and waits until the search for it has answered. */
async function search(page: Page, term: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search customers' });
  await box.fill(term);
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(term);
}

test('a customer restricted to a group is hidden from staff outside it, its reads are logged, and the group cannot be deleted while it restricts', async ({
  page,
  browser,
  baseURL,
  locale,
}) => {
  const suffix = uniqueSuffix();
  const north = `Team North ${suffix}`;
  const south = `Team South ${suffix}`;
  const openCompany = `E2E Öppen ${suffix} AB`;
  const secretCompany = `E2E Hemlig ${suffix} AB`;
  const staff = {
    name: `E2E Staff ${suffix}`,
    email: `staff.${suffix}@example.se`,
    // Long, uncommon, and free of the name and e-mail (the server's password rules).
    password: 'Fjallvandring-under-norrskenet-83',
  };

  // 1. As the administrator: two groups, a staff user in the first, two customers, the second
  //    restricted to the group the user is not in.
  await login(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  await nav.getByRole('link', { name: 'Access groups' }).click();
  await expect(page).toHaveURL(/\/admin\/groups$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Access groups' })).toBeVisible();
  await createGroup(page, north, ['Read customers']);
  await createGroup(page, south, ['Read customers']);

  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByRole('button', { name: 'New user' }).click();
  const newUser = page.getByRole('dialog', { name: 'New user' });
  await newUser.getByLabel('Name', { exact: true }).fill(staff.name);
  await newUser.getByLabel('E-mail', { exact: true }).fill(staff.email);
  await newUser.getByLabel('Initial password', { exact: true }).fill(staff.password);
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await expect(newUser).toBeHidden();
  await expect(page.getByTestId('users-notice')).toContainText(`${staff.name} was added.`);
  const userRow = page.getByTestId('users-table').getByRole('row').filter({ hasText: staff.email });
  await expect(userRow).toHaveCount(1);
  // A new user is in no group, and so holds no rights at all.
  await expect(userRow).toContainText('No groups');

  await userRow.getByRole('button', { name: `Actions for ${staff.name}` }).click();
  await page.getByRole('menuitem', { name: 'Groups…' }).click();
  const groupsDialog = page.getByRole('dialog', { name: `Groups of ${staff.name}` });
  await expect(groupsDialog).toBeVisible();
  await groupsDialog.getByRole('checkbox', { name: north, exact: true }).check();
  await expect(groupsDialog.getByRole('checkbox', { name: south, exact: true })).not.toBeChecked();
  await groupsDialog.getByRole('button', { name: 'Save groups' }).click();
  await expect(groupsDialog).toBeHidden();
  await expect(page.getByTestId('users-notice')).toContainText(`The groups of ${staff.name} were saved.`);
  const staffGroups = userRow.getByRole('list', { name: `Groups of ${staff.name}` });
  await expect(staffGroups.getByRole('listitem')).toHaveText([north]);

  const openId = await createCustomer(page, openCompany);
  const secretId = await createCustomer(page, secretCompany);
  const secretUrl = page.url();

  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Access…' }).click();
  const accessDialog = page.getByRole('dialog', { name: `Access to ${secretCompany}` });
  await expect(accessDialog).toBeVisible();
  await expect(accessDialog).toContainText('All staff with access to customers will see the customer.');
  await accessDialog.getByRole('checkbox', { name: south, exact: true }).check();
  await expect(accessDialog.getByRole('checkbox', { name: north, exact: true })).not.toBeChecked();
  await expect(accessDialog).toContainText('Only members of the ticked groups (and administrators) will see the customer.');
  await accessDialog.getByRole('button', { name: 'Save access' }).click();
  await expect(accessDialog).toBeHidden();
  const access = page.getByTestId('customer-access');
  await expect(access).toContainText('Restricted to these groups');
  await expect(access.getByRole('listitem')).toHaveText([south]);

  // 2. The staff user, in a browser of their own: the first login is forced into enrolment,
  //    then the open customer is found and the restricted one is neither found nor opened.
  const other = await browser.newContext({ baseURL, locale });
  try {
    const page2 = await other.newPage();
    const app = new MemoryAuthenticator();
    await loginAs(page2, staff, app);
    expect(app.secret).not.toBe('');
    await expect(page2).toHaveURL(/\/customers$/);
    await expect(page2.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    // Read customers only: no administration in the navigation.
    const nav2 = page2.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav2.getByRole('link', { name: 'Customers' })).toBeVisible();
    await expect(nav2.getByRole('link', { name: 'Access groups' })).toHaveCount(0);
    await expect(nav2.getByRole('link', { name: 'Access log' })).toHaveCount(0);

    const results = page2.getByRole('table', { name: 'Search results' });
    await search(page2, openCompany);
    await expect(results.getByRole('link', { name: openCompany })).toBeVisible();

    await search(page2, secretCompany);
    await expect(page2.getByText(`No customers match “${secretCompany}”.`)).toBeVisible();
    await expect(page2.getByRole('link', { name: secretCompany })).toHaveCount(0);

    // Both names share the suffix: only the open customer comes back.
    await search(page2, suffix);
    await expect(results.getByRole('link', { name: openCompany })).toBeVisible();
    await expect(results.locator('tbody tr')).toHaveCount(1);

    // The open card opens; the restricted one by its address says "not found", without data.
    await page2.goto(`/customers/${openId}`);
    await expect(page2.getByRole('heading', { level: 1, name: openCompany })).toBeVisible();
    await page2.goto(`/customers/${secretId}`);
    await expect(page2.getByText('The customer does not exist, or you do not have access to it.')).toBeVisible();
    await expect(page2.getByRole('link', { name: 'Back to customers' })).toBeVisible();
    await expect(page2.getByTestId('customer-name')).toHaveCount(0);
    await expect(page2.getByText(secretCompany)).toHaveCount(0);
  } finally {
    await other.close();
  }

  // 3. The administrator's access log for the restricted customer lists its reads, and offers
  //    nothing to change or remove them.
  await page.goto(secretUrl);
  await expect(page.getByRole('heading', { level: 1, name: secretCompany })).toBeVisible();
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Access log for this customer' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/audit\\?(.*&)?customerId=${secretId}(&|$)`));
  await expect(page.getByRole('heading', { level: 1, name: 'Access log' })).toBeVisible();
  await expect(page.getByLabel('Customer id', { exact: true })).toHaveValue(secretId);
  const log = page.getByTestId('audit-table');
  const reads = log.locator('tbody tr').filter({ hasText: 'customer.read' });
  await expect(reads.first()).toBeVisible();
  await expect(reads.first().getByRole('link', { name: secretId })).toBeVisible();
  await expect(reads.first()).toContainText('Success');
  // Every event is about this customer.
  const rows = log.locator('tbody tr[data-event-id]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  await expect(log.locator('tbody tr[data-event-id]').filter({ has: page.getByRole('link', { name: secretId }) })).toHaveCount(
    count,
  );
  // Read-only: per row only "Details"; no edit, delete or row menu anywhere on the page.
  await expect(log.getByRole('button')).toHaveCount(count);
  await expect(log.getByRole('button', { name: /^Details of / })).toHaveCount(count);
  await expect(page.getByRole('button', { name: /edit|delete|remove/i })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Actions/ })).toHaveCount(0);
  await expect(log.getByRole('checkbox')).toHaveCount(0);
  await expect(log.getByRole('textbox')).toHaveCount(0);

  // 4. A group that still restricts a customer cannot be deleted.
  await nav.getByRole('link', { name: 'Access groups' }).click();
  await expect(page).toHaveURL(/\/admin\/groups$/);
  const southRow = page.getByTestId('groups-table').getByRole('row').filter({ hasText: south });
  await expect(southRow.getByRole('cell').nth(3)).toHaveText('1');
  await southRow.getByRole('button', { name: `Delete ${south}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete the group ${south}?` });
  await expect(confirm).toContainText('The group still restricts customers (1) and cannot be deleted');
  await confirm.getByRole('button', { name: 'Delete group' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('groups-error')).toContainText(
    `The group ${south} cannot be deleted because customers are still restricted to it.`,
  );
  await expect(southRow).toHaveCount(1);
  await expect(southRow.getByRole('list', { name: `Members of ${south}` })).toHaveCount(0);
});
