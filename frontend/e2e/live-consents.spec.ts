import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Live consent changes on the customer card: the administrator (enrolled by e2e/enrol.setup.ts)
// has a customer's Contacts tab open, which follows `subscription { consentChanged }` over the
// WebSocket at /graphql/ws. Without that page being reloaded, a consent is granted from a second
// tab of the same signed-in user (the consent screen), then withdrawn through the API
// (`recordConsents` with the session cookie and the CSRF header, as the SPA sends it). Each time
// the first page shows the new status in the table and a notice saying what changed.

/** The purpose of the "SMS" channel among the defaults of a new database (key `sms`). */
const SMS = 'Text messages';
const STATUS_WORDS = ['Granted', 'Withdrawn', 'Denied', 'Not asked', 'Outdated', 'Expired'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The index of the column headed `header` in the last header row (the last one, if repeated). */
async function columnIndex(table: Locator, header: string): Promise<number> {
  await expect(table.getByRole('columnheader', { name: header, exact: true }).last()).toBeVisible();
  const cells = table.locator('thead tr').last().getByRole('columnheader');
  const headers = (await cells.allTextContents()).map((h) => h.trim());
  const index = headers.lastIndexOf(header);
  expect(index, `a column "${header}" among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** On the Contacts tab: `contact`'s badge for `purpose` says `word` (and no other status word). */
async function expectContactStatus(table: Locator, contact: string, purpose: string, word: string, sentence: RegExp) {
  const index = await columnIndex(table, purpose);
  const cell = table.locator('tbody tr').filter({ hasText: contact }).getByRole('cell').nth(index);
  const badge = cell.getByTitle(new RegExp(`^${escapeRegExp(purpose)}: `));
  await expect(badge).toContainText(word);
  for (const other of STATUS_WORDS.filter((w) => w !== word)) await expect(badge).not.toContainText(other);
  await expect(badge).toHaveAttribute('title', sentence);
}

/**
 * Resolves once `page` has sent the `consentChanged` subscription over the WebSocket at
 * /graphql/ws (set up before the page opens the card, so the frame cannot be missed).
 */
function consentSubscriptionSent(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname !== '/graphql/ws') return;
      ws.on('framesent', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (text.includes('"subscribe"') && text.includes('consentChanged')) resolve();
      });
    });
  });
}

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

interface CustomerContacts {
  customer: {
    contacts: {
      id: string;
      name: string;
      consents: { purpose: { id: string; nameEn: string } }[];
    }[];
  };
}

test('the customer card shows consent changes recorded elsewhere live, without a reload', async ({ page, context }) => {
  const suffix = uniqueSuffix();
  const company = `E2E Live ${suffix} AB`;
  const anna = { name: 'Anna Live', email: `anna.live.${suffix}@example.se` };
  const bjorn = { name: 'Björn Live', email: `bjorn.live.${suffix}@example.se` };
  const subscribed = consentSubscriptionSent(page);

  // 1. A customer with two contact persons; its card (Contacts tab) stays open from here on.
  await login(page);
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const customerId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
  expect(customerId).not.toBe('');

  await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  for (const contact of [anna, bjorn]) {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact person' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Name', { exact: true }).fill(contact.name);
    await dialog.getByLabel('E-mail', { exact: true }).fill(contact.email);
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('cell', { name: contact.email })).toBeVisible();
  }
  const table = page.getByRole('table', { name: 'Contact persons' });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expectContactStatus(table, anna.name, SMS, 'Not asked', /^.+: not asked yet$/);
  await expectContactStatus(table, bjorn.name, SMS, 'Not asked', /^.+: not asked yet$/);
  const notice = page.getByTestId('live-consent-notice');
  await expect(notice).toBeHidden();

  // The card follows the customer's consent changes over the WebSocket.
  await subscribed;
  // A reload would lose this marker (and the open WebSocket with it).
  await page.evaluate(() => {
    (globalThis as unknown as Record<string, unknown>).e2eNotReloaded = true;
  });

  // 2. In a second tab of the same user: the consent screen, SMS granted for Anna (paper form).
  const other = await context.newPage();
  await other.goto(`/customers/${encodeURIComponent(customerId)}/consents`);
  await expect(other.getByRole('heading', { level: 1, name: `Consents – ${company}` })).toBeVisible();
  const cell = other
    .getByTestId('consent-grid')
    .getByRole('cell')
    .filter({ has: other.getByRole('group', { name: `${SMS} for ${anna.name}`, exact: true }) });
  await cell.getByRole('button', { name: 'Granted', exact: true }).click();
  await expect(cell).toContainText('Will be recorded: Granted');
  await other.getByLabel('Source', { exact: true }).selectOption({ label: 'Paper form' });
  await other.getByLabel('Evidence', { exact: true }).fill(`Signed paper form ${suffix}`);
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(other.getByTestId('consents-notice')).toContainText('1 consent change was recorded.');
  await other.close();

  // The first page, untouched: the new status, and a notice saying what happened.
  await expect(notice).toContainText('Consent updated: Text messages – granted (Paper form), just now');
  await expect(page.getByRole('status').filter({ has: notice })).toBeVisible();
  await expectContactStatus(table, anna.name, SMS, 'Granted', /: granted under declaration v\d+ on .+, source: Paper form$/);
  await expectContactStatus(table, bjorn.name, SMS, 'Not asked', /^.+: not asked yet$/);

  // 3. Through the API with the same session (cookie + CSRF header): Anna withdraws it by phone.
  const { customer } = await graphql<CustomerContacts>(
    page.request,
    'query ($id: ID!) { customer(id: $id) { contacts { id name consents { purpose { id nameEn } } } } }',
    { id: customerId },
  );
  const annaContact = customer.contacts.find((c) => c.name === anna.name);
  const smsPurpose = annaContact?.consents.find((c) => c.purpose.nameEn === SMS)?.purpose;
  if (!annaContact || !smsPurpose) throw new Error(`no ${SMS} consent for ${anna.name}`);
  await graphql(
    page.request,
    `mutation ($customerId: ID!, $input: RecordConsentsInput!) {
       recordConsents(customerId: $customerId, input: $input) { events { id } }
     }`,
    {
      customerId,
      input: {
        changes: [{ contactId: annaContact.id, purposeId: smsPurpose.id, decision: 'WITHDRAWN' }],
        source: 'PHONE',
        evidence: `Phoned in ${suffix}: no more text messages`,
      },
    },
  );

  await expect(notice).toContainText('Consent updated: Text messages – withdrawn (Phone), just now');
  await expectContactStatus(table, anna.name, SMS, 'Withdrawn', /: withdrawn on .+, source: Phone$/);
  await expectContactStatus(table, bjorn.name, SMS, 'Not asked', /^.+: not asked yet$/);

  // The notice can be put away; the statuses stay.
  await notice.getByRole('button', { name: 'Hide this notice' }).click();
  await expect(notice).toBeHidden();
  await expectContactStatus(table, anna.name, SMS, 'Withdrawn', /: withdrawn on .+, source: Phone$/);

  // All of it without a reload of the first page.
  expect(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>).e2eNotReloaded)).toBe(true);
});
