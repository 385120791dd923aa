import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { freshTotpCode, login, loginAs, MemoryAuthenticator, uniqueSuffix, wrongTotpCode } from './helpers';

// Secrets on the customer card, as the administrator, in English: a secret is created for
// administrators only and listed masked (its value is nowhere in the page); a reveal needs a
// reason (a one-character one is refused at its field), shows the value with a countdown, copies
// it, hides it, and is listed under "Recent reveals"; an edit that meets someone else's change is
// refused as a conflict, then keeps the value; the value goes away by itself after 30 seconds;
// the secret is deleted. A second test turns on "a reveal needs an authenticator code" on the
// privacy settings page and reveals with a code (and turns it off again). A third one shows the
// card to a staff user who may reveal one secret and not the other: the other's details come back
// as FORBIDDEN field errors, which the tab shows as "not allowed", not as a failure.

const VALUE = 'Tr0ub4dor&3 with spaces';

/** POST /graphql as the SPA does: the context's session cookie and the CSRF header. */
async function graphql<T>(request: APIRequestContext, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'x-tillit-csrf': '1' },
    data: { query, variables },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  if (!body.data) throw new Error('no data in the GraphQL answer');
  return body.data;
}

/** Nothing on the page holds `value`: not its text, its markup or any input. */
async function expectNowhereInPage(page: Page, value: string): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(value);
  expect(html).not.toContain(value.replace(/&/g, '&amp;'));
  const inputs = await page
    .locator('input, textarea')
    .evaluateAll((elements: unknown[]) => elements.map((e) => (e as { value: string }).value));
  expect(inputs).not.toContain(value);
}

/** Sets "Revealing a secret requires a code from the authenticator app" on the privacy page. */
async function setRevealRule(page: Page, on: boolean): Promise<void> {
  await page.goto('/admin/privacy');
  const settings = page.getByRole('form', { name: 'Organization and data controller' });
  const box = settings.getByRole('checkbox', { name: 'Revealing a secret requires a code from the authenticator app' });
  await expect(box).toBeVisible();
  if ((await box.isChecked()) === on) return;
  // A fresh database may not have the company name the form needs yet.
  const company = settings.getByLabel('Company name', { exact: true });
  if ((await company.inputValue()).trim() === '') await company.fill('E2E Tillit AB');
  await box.setChecked(on);
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toContainText('The privacy settings were saved.');
  await expect(box).toBeChecked({ checked: on });
}

/** Creates a business customer through the UI and opens its Secrets tab. */
async function customerWithSecretsTab(page: Page, company: string): Promise<void> {
  await page.goto('/customers/new');
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  const address = page.getByRole('group', { name: 'Invoice address' });
  await address.getByLabel('Street address', { exact: true }).fill('Storgatan 1');
  await address.getByLabel('Postal code', { exact: true }).fill('11122');
  await address.getByLabel('City', { exact: true }).fill('Stockholm');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Secrets' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/secrets$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Secrets' })).toBeVisible();
  await expect(page.getByText('No secrets on this customer.')).toBeVisible();
}

/** The countdown's seconds. */
async function secondsShown(item: Locator): Promise<number> {
  const text = (await item.getByTestId('reveal-countdown').textContent()) ?? '';
  const match = /Hidden again in (\d+) s/.exec(text);
  if (!match) throw new Error(`no countdown in "${text}"`);
  return Number(match[1]);
}

test('a secret is listed masked, revealed with a reason for 30 seconds, copied, edited and deleted', async ({ page, context }) => {
  test.setTimeout(120_000);
  const company = `E2E Hemlis ${uniqueSuffix()} AB`;
  const reason = `Service visit, case ${uniqueSuffix()}`;
  // The page's clock, so the 30 seconds can be skipped (it runs normally until then).
  await page.clock.install();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await login(page);
  await setRevealRule(page, false);
  await customerWithSecretsTab(page, company);

  // New secret: a login for administrators only, the value typed masked.
  await page.getByRole('button', { name: 'New secret' }).click();
  const dialog = page.getByRole('dialog', { name: 'New secret' });
  await dialog.getByLabel('Title', { exact: true }).fill('Router admin');
  await dialog.getByLabel('Kind', { exact: true }).selectOption({ label: 'Login' });
  await dialog.getByLabel('User name', { exact: true }).fill('admin');
  await dialog.getByLabel('Address (URL)', { exact: true }).fill('https://router.example/login');
  const valueInput = dialog.getByLabel('Password', { exact: true });
  await expect(valueInput).toHaveAttribute('type', 'password');
  await valueInput.fill(VALUE);
  const show = dialog.getByRole('checkbox', { name: 'Show what I type' });
  await show.check();
  await expect(valueInput).toHaveAttribute('type', 'text');
  await expect(valueInput).toHaveValue(VALUE);
  await show.uncheck();
  await expect(valueInput).toHaveAttribute('type', 'password');
  for (const box of await dialog.locator('input[name="groupIds"]').all()) await box.uncheck();
  await expect(dialog.getByTestId('secret-groups-summary')).toHaveText(
    'No group chosen: only administrators will be able to reveal it.',
  );
  await dialog.getByRole('button', { name: 'Save secret' }).click();
  await expect(dialog).toBeHidden();

  // Listed with its kind, groups and details; the value masked and nowhere in the page.
  const item = page.getByTestId('secret').filter({ has: page.getByRole('heading', { name: 'Router admin', exact: true }) });
  await expect(item).toBeVisible();
  const secretId = (await item.getAttribute('data-secret-id')) ?? '';
  expect(secretId).not.toBe('');
  await expect(item).toContainText('Login');
  await expect(item.getByTestId('secret-groups')).toHaveText('Administrators only');
  await expect(item.getByTestId('secret-username')).toHaveText('admin');
  const link = item.getByTestId('secret-url');
  await expect(link).toHaveAttribute('href', 'https://router.example/login');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(item.getByTestId('secret-masked')).toHaveText('••••••••');
  await expect(item.getByText('Not revealed yet.')).toBeVisible();
  await expectNowhereInPage(page, VALUE);

  // A one-character reason is refused at its field, before anything is revealed…
  await item.getByRole('button', { name: 'Reveal Router admin' }).click();
  const reveal = page.getByRole('dialog', { name: 'Reveal “Router admin”' });
  await expect(reveal.getByLabel('Code from the app', { exact: true })).toHaveCount(0);
  await reveal.getByLabel('Reason', { exact: true }).fill('x');
  await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(reveal.getByTestId('field-error-reason')).toHaveText(/Say why, in at least 3 characters\./);
  await expect(reveal.getByLabel('Reason', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(reveal.getByLabel('Reason', { exact: true })).toBeFocused();
  // …and by the server too, at the field the form shows it at.
  const refused = await page.request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'x-tillit-csrf': '1' },
    data: {
      query: 'mutation($id: ID!) { revealSecret(id: $id, reason: "x") { value } }',
      variables: { id: secretId },
    },
  });
  const refusal = (await refused.json()) as { data: unknown; errors?: { extensions?: { code?: string; field?: string } }[] };
  expect(refusal.data).toBeNull();
  expect(refusal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  await expectNowhereInPage(page, VALUE);

  // A real reason: the value is shown, with a countdown that runs.
  await reveal.getByLabel('Reason', { exact: true }).fill(reason);
  await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(reveal).toBeHidden();
  const shown = item.getByTestId('secret-value');
  await expect(shown).toBeVisible();
  expect(await shown.textContent()).toBe(VALUE);
  await expect(item.getByTestId('secret-masked')).toHaveCount(0);
  await expect(item.getByTestId('reveal-countdown')).toHaveText(/^Hidden again in \d+ s$/);
  const first = await secondsShown(item);
  expect(first).toBeGreaterThan(20);
  expect(first).toBeLessThanOrEqual(30);
  await expect.poll(() => secondsShown(item), { timeout: 5_000 }).toBeLessThan(first);

  // Copy puts exactly the value on the clipboard.
  await item.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(item.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(VALUE);

  // Hide masks it again at once; the reveal is in the list with its reason.
  await item.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(shown).toHaveCount(0);
  await expect(item.getByTestId('secret-masked')).toHaveText('••••••••');
  await expectNowhereInPage(page, VALUE);
  const reveals = item.getByTestId('secret-reveals');
  await expect(reveals).toContainText(reason);
  await expect(reveals.locator('tbody tr')).toHaveCount(1);

  // Edit the title. Meanwhile someone else changes the secret: the save is refused as a
  // conflict with a Reload button; after reloading the edit goes through.
  await item.getByRole('button', { name: 'Edit Router admin' }).click();
  let edit = page.getByRole('dialog', { name: 'Edit secret' });
  await expect(edit.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(edit.getByText('Leave empty to keep the current value.')).toBeVisible();
  const current = await graphql<{ customer: { secrets: { id: string; version: number }[] } }>(
    page.request,
    'query($id: ID!) { customer(id: $id) { secrets { id version } } }',
    { id: new URL(page.url()).pathname.split('/')[2] },
  );
  const version = current.customer.secrets.find((s) => s.id === secretId)?.version ?? 0;
  await graphql(
    page.request,
    'mutation($id: ID!, $v: Int!) { updateSecret(id: $id, expectedVersion: $v, input: { title: "Router admin", kind: CREDENTIAL, username: "root", url: "https://router.example/login" }) { version } }',
    { id: secretId, v: version },
  );
  await edit.getByLabel('Title', { exact: true }).fill('Router admin (office)');
  await edit.getByRole('button', { name: 'Save secret' }).click();
  await expect(edit.getByTestId('conflict')).toContainText('This secret was changed by someone else.');
  await edit.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click();
  await expect(edit).toBeHidden();
  await expect(item.getByTestId('secret-username')).toHaveText('root');
  await item.getByRole('button', { name: 'Edit Router admin' }).click();
  edit = page.getByRole('dialog', { name: 'Edit secret' });
  await expect(edit.getByLabel('User name', { exact: true })).toHaveValue('root');
  await edit.getByLabel('Title', { exact: true }).fill('Router admin (office)');
  await edit.getByRole('button', { name: 'Save secret' }).click();
  await expect(edit).toBeHidden();

  // The value was kept: revealed again, the same; and masked by itself after 30 seconds.
  const renamed = page.getByTestId('secret').filter({ has: page.getByRole('heading', { name: 'Router admin (office)', exact: true }) });
  await expect(renamed).toBeVisible();
  await expect(renamed.getByTestId('secret-groups')).toHaveText('Administrators only');
  await renamed.getByRole('button', { name: 'Reveal Router admin (office)' }).click();
  const again = page.getByRole('dialog', { name: 'Reveal “Router admin (office)”' });
  await again.getByLabel('Reason', { exact: true }).fill('Checking the value after the rename');
  await again.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(again).toBeHidden();
  await expect(renamed.getByTestId('secret-value')).toBeVisible();
  expect(await renamed.getByTestId('secret-value').textContent()).toBe(VALUE);
  await expect(renamed.getByTestId('secret-reveals').locator('tbody tr')).toHaveCount(2);
  await page.clock.fastForward(31_000);
  await expect(renamed.getByTestId('secret-value')).toHaveCount(0);
  await expect(renamed.getByTestId('secret-masked')).toHaveText('••••••••');
  await expectNowhereInPage(page, VALUE);

  // Delete, after confirming.
  await renamed.getByRole('button', { name: 'Delete Router admin (office)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete secret' });
  await expect(confirm).toContainText('“Router admin (office)” and its reveal log are deleted for good.');
  await confirm.getByRole('button', { name: 'Delete secret' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('secret')).toHaveCount(0);
  await expect(page.getByText('No secrets on this customer.')).toBeVisible();
});

test('with the authenticator rule on, a reveal needs a current code', async ({ page }) => {
  test.setTimeout(150_000);
  const company = `E2E Larmkod ${uniqueSuffix()} AB`;
  const code = '4711 #';

  await login(page);
  await setRevealRule(page, true);
  try {
    await customerWithSecretsTab(page, company);
    await page.getByRole('button', { name: 'New secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'New secret' });
    await dialog.getByLabel('Title', { exact: true }).fill('Alarm');
    await dialog.getByLabel('Kind', { exact: true }).selectOption({ label: 'Code' });
    await dialog.getByLabel('Code', { exact: true }).fill(code);
    await dialog.getByRole('button', { name: 'Save secret' }).click();
    await expect(dialog).toBeHidden();

    const item = page.getByTestId('secret').filter({ has: page.getByRole('heading', { name: 'Alarm', exact: true }) });
    await item.getByRole('button', { name: 'Reveal Alarm' }).click();
    const reveal = page.getByRole('dialog', { name: 'Reveal “Alarm”' });
    const codeInput = reveal.getByLabel('Code from the app', { exact: true });
    await expect(codeInput).toBeVisible();
    await reveal.getByLabel('Reason', { exact: true }).fill('Alarm test with the customer');

    // No code: caught at the field. A wrong one: the server refuses it at the field.
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(reveal.getByTestId('field-error-totpCode')).toHaveText(/Enter the code from your authenticator app\./);
    await codeInput.fill(wrongTotpCode());
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(reveal.getByTestId('field-error-totpCode')).toBeVisible();
    await expect(reveal.getByTestId('field-error-totpCode')).not.toHaveText(/Enter the code from your authenticator app\./);
    await expect(codeInput).toHaveValue('');
    await expectNowhereInPage(page, code);

    // A current code: revealed.
    await codeInput.fill(await freshTotpCode());
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(reveal).toBeHidden();
    expect(await item.getByTestId('secret-value').textContent()).toBe(code);
    await expect(item.getByTestId('secret-reveals')).toContainText('Alarm test with the customer');
    await item.getByRole('button', { name: 'Hide', exact: true }).click();
    await expect(item.getByTestId('secret-value')).toHaveCount(0);
  } finally {
    await setRevealRule(page, false);
  }
});

test('staff see the details of the secrets of their groups, and only the titles of the others', async ({
  page,
  browser,
  baseURL,
  locale,
}) => {
  test.setTimeout(150_000);
  const suffix = uniqueSuffix();
  const group = `Technicians ${suffix}`;
  const company = `E2E Behörighet ${suffix} AB`;
  const staff = {
    name: `E2E Tekniker ${suffix}`,
    email: `tech.${suffix}@example.se`,
    password: 'Fjallvandring-under-norrskenet-83',
  };

  // As the administrator: a group that may read customers and reveal secrets, a staff user in it,
  // and a customer with a secret for the group and one for administrators only.
  await login(page);
  await setRevealRule(page, false);
  await page.goto('/admin/groups');
  await page.getByRole('button', { name: 'New group' }).click();
  const groupDialog = page.getByRole('dialog', { name: 'New access group' });
  await groupDialog.getByLabel('Name', { exact: true }).fill(group);
  await groupDialog.getByRole('checkbox', { name: 'Read customers', exact: true }).check();
  await groupDialog.getByRole('checkbox', { name: 'Reveal secrets', exact: true }).check();
  await groupDialog.getByRole('button', { name: 'Save group' }).click();
  await expect(groupDialog).toBeHidden();

  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const newUser = page.getByRole('dialog', { name: 'New user' });
  await newUser.getByLabel('Name', { exact: true }).fill(staff.name);
  await newUser.getByLabel('E-mail', { exact: true }).fill(staff.email);
  await newUser.getByLabel('Initial password', { exact: true }).fill(staff.password);
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await expect(newUser).toBeHidden();
  const userRow = page.getByTestId('users-table').getByRole('row').filter({ hasText: staff.email });
  await userRow.getByRole('button', { name: `Actions for ${staff.name}` }).click();
  await page.getByRole('menuitem', { name: 'Groups…' }).click();
  const groupsDialog = page.getByRole('dialog', { name: `Groups of ${staff.name}` });
  await groupsDialog.getByRole('checkbox', { name: group, exact: true }).check();
  await groupsDialog.getByRole('button', { name: 'Save groups' }).click();
  await expect(groupsDialog).toBeHidden();

  await customerWithSecretsTab(page, company);
  const cardUrl = page.url();
  await page.getByRole('button', { name: 'New secret' }).click();
  let dialog = page.getByRole('dialog', { name: 'New secret' });
  await dialog.getByLabel('Title', { exact: true }).fill('Door code');
  await dialog.getByLabel('Kind', { exact: true }).selectOption({ label: 'Code' });
  await dialog.getByLabel('Notes', { exact: true }).fill('Back entrance');
  await dialog.getByLabel('Code', { exact: true }).fill('2580');
  await dialog.getByRole('checkbox', { name: group, exact: true }).check();
  await dialog.getByRole('button', { name: 'Save secret' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'New secret' }).click();
  dialog = page.getByRole('dialog', { name: 'New secret' });
  await dialog.getByLabel('Title', { exact: true }).fill('Server root');
  await dialog.getByLabel('User name', { exact: true }).fill('root');
  await dialog.getByLabel('Password', { exact: true }).fill('only-for-admins');
  for (const box of await dialog.locator('input[name="groupIds"]').all()) await box.uncheck();
  await dialog.getByRole('button', { name: 'Save secret' }).click();
  await expect(dialog).toBeHidden();
  const door = page.getByTestId('secret').filter({ has: page.getByRole('heading', { name: 'Door code', exact: true }) });
  await expect(door.getByTestId('secret-groups')).toHaveText(group);

  // The staff user, in a browser of their own.
  const other = await browser.newContext({ baseURL, locale });
  try {
    const page2 = await other.newPage();
    await loginAs(page2, staff, new MemoryAuthenticator());
    await page2.goto(cardUrl);
    const listed = page2.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('query CustomerSecrets'),
    );
    await page2.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Secrets' }).click();
    // The server did answer the other secret's details with FORBIDDEN field errors…
    const body = (await (await listed).json()) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data).not.toBeNull();
    expect(body.errors?.length ?? 0).toBeGreaterThan(0);
    expect(body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);

    // …which the tab shows as "not allowed", with no error banner.
    const door2 = page2.getByTestId('secret').filter({ has: page2.getByRole('heading', { name: 'Door code', exact: true }) });
    const root2 = page2.getByTestId('secret').filter({ has: page2.getByRole('heading', { name: 'Server root', exact: true }) });
    await expect(door2).toBeVisible();
    await expect(root2).toBeVisible();
    await expect(page2.getByTestId('secrets-list-error')).toHaveCount(0);
    await expect(page2.getByRole('alert')).toHaveCount(0);
    await expect(root2.getByTestId('secret-not-allowed')).toHaveText('You are not in a group allowed to reveal this.');
    await expect(root2.getByTestId('secret-groups')).toHaveText('Administrators only');
    await expect(root2.getByTestId('secret-masked')).toHaveText('••••••••');
    await expect(root2.getByRole('button', { name: 'Reveal Server root' })).toHaveCount(0);
    await expect(root2.getByTestId('secret-username')).toHaveCount(0);
    await expect(door2.getByText('Back entrance')).toBeVisible();
    await expect(door2.getByTestId('secret-not-allowed')).toHaveCount(0);
    // Revealing needs no MANAGE_SECRETS; changing does.
    await expect(page2.getByRole('button', { name: 'New secret' })).toHaveCount(0);
    await expect(page2.getByRole('button', { name: /^(Edit|Delete) / })).toHaveCount(0);

    await door2.getByRole('button', { name: 'Reveal Door code' }).click();
    const reveal = page2.getByRole('dialog', { name: 'Reveal “Door code”' });
    await reveal.getByLabel('Reason', { exact: true }).fill('Letting the plumber in');
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(reveal).toBeHidden();
    expect(await door2.getByTestId('secret-value').textContent()).toBe('2580');
    await expect(door2.getByTestId('secret-reveals')).toContainText(staff.name);
    await expectNowhereInPage(page2, 'only-for-admins');
  } finally {
    await other.close();
  }
});
