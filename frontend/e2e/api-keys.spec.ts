import { expect, test, type APIRequestContext } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// API keys through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts): a key for
// the webshop is created, its secret is read from the page (it is shown this once), and a
// separate HTTP client without cookies uses it as `Authorization: Bearer …` until the key is
// revoked in the UI; from then on the same request is refused with 401.

/** The webshop's smallest question: needs the CONSENT_READ scope. */
const TERMS_QUERY = '{ webshopConsentTerms { declarationVersion } }';

interface GraphQLBody {
  readonly data?: { readonly webshopConsentTerms?: { readonly declarationVersion?: unknown } } | null;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: unknown } }[];
}

/** POST /graphql with only the API key: no cookie, no CSRF header. */
async function askTerms(api: APIRequestContext, secret: string): Promise<{ status: number; body: GraphQLBody }> {
  const response = await api.post('/graphql', {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    data: JSON.stringify({ query: TERMS_QUERY }),
  });
  return { status: response.status(), body: (await response.json()) as GraphQLBody };
}

test('an API key created in the UI is shown once, works as a Bearer token, and is refused at once after it is revoked', async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `E2E Webshop ${uniqueSuffix()}`;

  await login(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/admin\/api-keys$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();

  // 1. "New API key": name and scope are asked for before anything is sent.
  await page.getByRole('button', { name: 'New API key' }).click();
  const form = page.getByRole('dialog', { name: 'New API key' });
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByTestId('field-error-name')).toContainText('Enter a name.');
  await expect(form.getByTestId('field-error-scopes')).toContainText('Choose at least one scope.');

  await form.getByLabel('Name', { exact: true }).fill(name);
  const consentRead = form.getByRole('checkbox', { name: 'Read consents', exact: true });
  await expect(consentRead).toHaveAccessibleDescription('The webshop looks up contacts’ consents.');
  await consentRead.check();
  await expect(form.getByLabel(/^Expires/)).toHaveAttribute('type', 'date');
  await form.getByRole('button', { name: 'Create key' }).click();

  // 2. The secret, this once: read-only, with a warning and the header to send it in.
  const shown = page.getByRole('dialog', { name: 'Copy your key now' });
  await expect(shown).toBeVisible();
  await expect(shown.getByTestId('api-key-warning')).toContainText('The key is shown only this once.');
  const secretField = shown.getByLabel('Your new API key', { exact: true });
  await expect(secretField).not.toBeEditable();
  const secret = await secretField.inputValue();
  const match = /^tillit_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(secret);
  expect(match, `the secret "${secret}" has the documented shape`).not.toBeNull();
  const prefix = match?.[1] ?? '';
  await expect(shown.getByTestId('api-key-usage')).toHaveText(`Authorization: Bearer tillit_${prefix}_…`);
  await expect(shown.getByRole('button', { name: 'Copy key' })).toBeVisible();

  // Escape does not throw the secret away, not even pressed again and again (Chrome stops
  // letting a page refuse Escape without a click in between); only Done closes.
  await page.keyboard.press('Escape');
  await expect(shown).toBeVisible();
  await expect(shown.getByTestId('api-key-use-done')).toContainText('Close with Done once you have copied the key.');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  await expect(shown).toBeVisible();
  await expect(shown.getByRole('button', { name: 'Done' })).toBeFocused();
  await expect(secretField).toHaveValue(secret);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(page.getByTestId('api-keys-notice')).toContainText(`The key ${name} was created.`);
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);

  // 3. The list, newest first: the key by its prefix only, its scope in words, Active.
  const table = page.getByTestId('api-keys-table');
  await expect(table.locator('tbody tr').first()).toContainText(name);
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`tillit_${prefix}_…`);
  await expect(row).not.toContainText(secret);
  await expect(row.getByRole('list', { name: `Scopes of ${name}` })).toHaveText('Read consents');
  await expect(row).toContainText('All unrestricted customers');
  await expect(row).toHaveAttribute('data-status', 'ACTIVE');
  const cells = row.getByRole('cell');
  await expect(cells.nth(3)).toHaveText('Active');
  await expect(cells.nth(5)).toHaveText('Never');
  await expect(cells.nth(6)).toHaveText('Never');

  // 4. A client of its own, without cookies, uses the key.
  const api = await playwright.request.newContext({ baseURL });
  try {
    const allowed = await askTerms(api, secret);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
    expect(typeof allowed.body.data?.webshopConsentTerms?.declarationVersion).toBe('number');

    // Its use shows in the list.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
    await expect(cells.nth(5)).not.toHaveText('Never');

    // 5. Revoked in the UI: named, and said to take effect at once.
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke the key ${name}?` });
    await expect(confirm).toContainText('Requests with this key are refused at once.');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('api-keys-notice')).toContainText(`The key ${name} was revoked.`);
    await expect(row).toHaveAttribute('data-status', 'REVOKED');
    await expect(cells.nth(3)).toContainText('Revoked');
    await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);

    // The same request is now refused.
    const refused = await askTerms(api, secret);
    expect(refused.status, JSON.stringify(refused.body)).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.body.data ?? null).toBeNull();
  } finally {
    await api.dispose();
  }

  // The list says so after a reload too.
  await page.reload();
  await expect(row).toHaveAttribute('data-status', 'REVOKED');
  await expect(cells.nth(3)).toContainText('Revoked');
  await expect(row).toContainText(`tillit_${prefix}_…`);
});
