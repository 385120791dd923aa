import { expect, test, type Locator, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Consents through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts): a paper
// form recorded for two contact persons on the consent screen, one of them changed by phone, the
// contact's history, and a new consent declaration that makes a consent granted under the old one
// "Outdated" until it is granted again. The declaration version is global to the server, so the
// test reads the version in force instead of assuming 1 (a rerun against the same server starts
// from the version the last run published).

/** The purposes the test records; both are among the defaults of a new database. */
const MARKETING = 'Marketing e-mail';
const POST = 'Post';
const DEFAULT_PURPOSES = ['Marketing e-mail', 'Text messages', 'Newsletter', 'Phone', 'Post'];
const STATUS_WORDS = ['Granted', 'Withdrawn', 'Denied', 'Not asked', 'Outdated', 'Expired'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The status badge of one purpose in a cell: found by its tooltip, the full sentence
 * ("Marketing e-mail: granted under declaration v1 on …, source: Paper form") that screen
 * readers read too.
 */
function statusBadge(cell: Locator, purpose: string): Locator {
  return cell.getByTitle(new RegExp(`^${escapeRegExp(purpose)}: `));
}

/**
 * The badge of `purpose` in `cell` says `word` in text (never colour alone) and no other status
 * word, and its sentence matches `sentence`.
 */
async function expectStatus(cell: Locator, purpose: string, word: string, sentence: RegExp): Promise<void> {
  const badge = statusBadge(cell, purpose);
  await expect(badge).toBeVisible();
  await expect(badge).toContainText(word);
  for (const other of STATUS_WORDS.filter((w) => w !== word)) await expect(badge).not.toContainText(other);
  await expect(badge).toHaveAttribute('title', sentence);
}

/** The index of the column headed `header` in the last header row (the last one, if repeated). */
async function columnIndex(table: Locator, header: string): Promise<number> {
  // Read the headers once the table (and the column) is there.
  await expect(table.getByRole('columnheader', { name: header, exact: true }).last()).toBeVisible();
  const cells = table.locator('thead tr').last().getByRole('columnheader');
  const headers = (await cells.allTextContents()).map((h) => h.trim());
  // "Phone" is both a contact column and a consent purpose; the consent columns come last.
  const index = headers.lastIndexOf(header);
  expect(index, `a column "${header}" among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** On the Contacts tab: the cell of `contact` in the consent column of `purpose`. */
async function contactsCell(table: Locator, contact: string, purpose: string): Promise<Locator> {
  const index = await columnIndex(table, purpose);
  return table.locator('tbody tr').filter({ hasText: contact }).getByRole('cell').nth(index);
}

/** On the Contacts tab: `contact`'s status for `purpose` reads `word` and `sentence` (see `expectStatus`). */
async function expectContactStatus(
  table: Locator,
  contact: string,
  purpose: string,
  word: string,
  sentence: RegExp,
): Promise<void> {
  await expectStatus(await contactsCell(table, contact, purpose), purpose, word, sentence);
}

/** On the consent screen: the cell of `contact` and `purpose` (its badge and decision buttons). */
function gridCell(page: Page, contact: string, purpose: string): Locator {
  return page
    .getByTestId('consent-grid')
    .getByRole('cell')
    .filter({ has: page.getByRole('group', { name: `${purpose} for ${contact}`, exact: true }) });
}

/** On the consent screen: one click on a decision ("Granted", "Withdrawn", "Denied") in a cell. */
async function choose(page: Page, contact: string, purpose: string, decision: string): Promise<void> {
  const cell = gridCell(page, contact, purpose);
  await cell.getByRole('button', { name: decision, exact: true }).click();
  await expect(cell.getByRole('button', { name: decision, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(cell).toContainText(`Will be recorded: ${decision}`);
}

/** From the customer card: the menu's "Consents…", and the version of the declaration in force. */
async function openConsents(page: Page, company: string): Promise<number> {
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Consents…' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/consents$/);
  await expect(page.getByRole('heading', { level: 1, name: `Consents – ${company}` })).toBeVisible();
  const inForce = page.getByText(/Changes are recorded under consent declaration v\d+/);
  await expect(inForce).toBeVisible();
  const version = Number(/v(\d+)/.exec((await inForce.textContent()) ?? '')?.[1]);
  expect(version).toBeGreaterThanOrEqual(1);
  return version;
}

test('consents from a paper form are recorded for two contacts, changed by phone, shown in the history, and outdated by a new declaration', async ({
  page,
}) => {
  const suffix = uniqueSuffix();
  const company = `E2E Samtycke ${suffix} AB`;
  const anna = { name: 'Anna Andersson', email: `anna.${suffix}@example.se` };
  const bjorn = { name: 'Björn Berg', email: `bjorn.${suffix}@example.se` };
  const paperEvidence = `Paper form ${suffix}`;
  const phoneEvidence = `Phoned in ${suffix}`;
  const regrantEvidence = `Paper form, new declaration ${suffix}`;
  const withdrawnByPhone = /: withdrawn on .+, source: Phone$/;

  await login(page);
  // Who records the consents: the name in the user menu ("E2E Admin").
  const userMenu = page.getByRole('button', { name: /^User menu for / });
  const admin = ((await userMenu.getAttribute('aria-label')) ?? '').replace(/^User menu for /, '');
  expect(admin).not.toBe('');

  // 1. A customer with two contact persons, none of whom has been asked anything yet.
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
  await page.getByRole('radio', { name: 'Business' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const contactsUrl = `${page.url()}/contacts`;

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
  const contactsTable = page.getByRole('table', { name: 'Contact persons' });
  await expect(contactsTable.locator('tbody tr')).toHaveCount(2);
  // One "Communication consent" column per active purpose, each telling its status in words.
  await expect(contactsTable.getByRole('columnheader', { name: 'Communication consent' })).toBeVisible();
  for (const purpose of DEFAULT_PURPOSES) {
    await expect(contactsTable.getByRole('columnheader', { name: purpose, exact: true }).last()).toBeVisible();
  }
  for (const contact of [anna, bjorn]) {
    for (const purpose of [MARKETING, POST]) {
      await expectContactStatus(contactsTable, contact.name, purpose, 'Not asked', /^.+: not asked yet$/);
    }
  }

  // 2. The paper form: Marketing e-mail granted by both, Post by Anna.
  const version = await openConsents(page, company);
  const save = page.getByRole('button', { name: 'Save', exact: true });
  const status = page.getByTestId('consents-status');
  await expect(save).toBeDisabled();
  await expect(status).toHaveText('No changes yet. Click Granted, Withdrawn or Denied in a cell.');
  await expectStatus(gridCell(page, anna.name, MARKETING), MARKETING, 'Not asked', /not asked yet$/);

  await choose(page, anna.name, MARKETING, 'Granted');
  await choose(page, bjorn.name, MARKETING, 'Granted');
  await choose(page, anna.name, POST, 'Granted');
  // Changes alone are not enough: the source and the evidence are required.
  await expect(save).toBeDisabled();
  await expect(status).toHaveText('Fill in the source and the evidence below to save.');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Paper form' });
  await expect(save).toBeDisabled();
  const evidence = page.getByLabel('Evidence', { exact: true });
  await evidence.fill(paperEvidence);
  await expect(status).toHaveText('3 changes will be recorded.');
  await expect(save).toBeEnabled();
  await save.click();

  await expect(page.getByTestId('consents-notice')).toContainText(
    '3 consent changes were recorded. The statuses below are up to date.',
  );
  const grantedV1 = new RegExp(`: granted under declaration v${version} on .+, source: Paper form$`);
  await expectStatus(gridCell(page, anna.name, MARKETING), MARKETING, 'Granted', grantedV1);
  await expectStatus(gridCell(page, bjorn.name, MARKETING), MARKETING, 'Granted', grantedV1);
  await expectStatus(gridCell(page, anna.name, POST), POST, 'Granted', grantedV1);
  await expectStatus(gridCell(page, bjorn.name, POST), POST, 'Not asked', /not asked yet$/);
  // The form starts over: nothing to save, no evidence left behind.
  await expect(save).toBeDisabled();
  await expect(evidence).toHaveValue('');
  await expect(page.getByLabel('Source', { exact: true })).toHaveValue('');

  // The Contacts tab shows the new statuses.
  await page.getByRole('link', { name: 'Close' }).click();
  await expect(page).toHaveURL(contactsUrl);
  await expectContactStatus(contactsTable, anna.name, MARKETING, 'Granted', grantedV1);
  await expectContactStatus(contactsTable, bjorn.name, MARKETING, 'Granted', grantedV1);
  await expectContactStatus(contactsTable, anna.name, POST, 'Granted', grantedV1);
  await expectContactStatus(contactsTable, bjorn.name, POST, 'Not asked', /not asked yet$/);

  // 3. Anna phones in: no more marketing e-mail. One click, like granting.
  await openConsents(page, company);
  await choose(page, anna.name, MARKETING, 'Withdrawn');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Phone' });
  await expect(save).toBeDisabled();
  await evidence.fill(phoneEvidence);
  await expect(status).toHaveText('1 change will be recorded.');
  await save.click();
  await expect(page.getByTestId('consents-notice')).toContainText(
    '1 consent change was recorded. The statuses below are up to date.',
  );
  await expectStatus(gridCell(page, anna.name, MARKETING), MARKETING, 'Withdrawn', withdrawnByPhone);

  await page.getByRole('link', { name: 'Close' }).click();
  await expect(page).toHaveURL(contactsUrl);
  await expectContactStatus(contactsTable, anna.name, MARKETING, 'Withdrawn', withdrawnByPhone);
  await expectContactStatus(contactsTable, anna.name, POST, 'Granted', grantedV1);
  await expectContactStatus(contactsTable, bjorn.name, MARKETING, 'Granted', grantedV1);

  // 4. Anna's history: both Marketing e-mail events, newest first, with source, actor and version.
  await page.getByRole('link', { name: `Consent history of ${anna.name}` }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/contacts\/[^/]+\/consent-history$/);
  await expect(page.getByRole('heading', { level: 1, name: `Consent history: ${anna.name}` })).toBeVisible();
  const history = page.getByRole('table', { name: `Consent history of ${anna.name}` });
  await expect(history.locator('tbody tr')).toHaveCount(3);
  const col = {
    purpose: await columnIndex(history, 'Purpose'),
    decision: await columnIndex(history, 'Decision'),
    source: await columnIndex(history, 'Source'),
    actor: await columnIndex(history, 'Recorded by'),
    declaration: await columnIndex(history, 'Declaration'),
    evidence: await columnIndex(history, 'Evidence'),
  };
  const marketingEvents = history.locator('tbody tr').filter({
    has: page.getByRole('cell', { name: MARKETING, exact: true }),
  });
  await expect(marketingEvents).toHaveCount(2);
  const expected = [
    { decision: 'Withdrawn', source: 'Phone', evidence: phoneEvidence },
    { decision: 'Granted', source: 'Paper form', evidence: paperEvidence },
  ];
  for (const [i, event] of expected.entries()) {
    const cells = marketingEvents.nth(i).getByRole('cell');
    await expect(cells.nth(col.purpose)).toHaveText(MARKETING);
    await expect(cells.nth(col.decision)).toHaveText(new RegExp(`${event.decision}$`));
    await expect(cells.nth(col.source)).toHaveText(event.source);
    await expect(cells.nth(col.actor)).toHaveText(admin);
    await expect(cells.nth(col.declaration)).toHaveText(`v${version}`);
    await expect(cells.nth(col.evidence)).toHaveText(event.evidence);
  }
  const postEvents = history.locator('tbody tr').filter({ has: page.getByRole('cell', { name: POST, exact: true }) });
  await expect(postEvents).toHaveCount(1);
  await expect(postEvents.getByRole('cell').nth(col.decision)).toHaveText(/Granted$/);
  await expect(postEvents.getByRole('cell').nth(col.source)).toHaveText('Paper form');

  // 5. A new version of the declaration: consents granted under the old one are outdated.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Consent settings' }).click();
  await expect(page).toHaveURL(/\/admin\/consents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Consent settings' })).toBeVisible();
  await expect(page.getByTestId('declaration-current')).toContainText(`Version ${version}`);
  const text = page.getByLabel('Text of the next version', { exact: true });
  const current = await text.inputValue();
  expect(current.trim()).not.toBe('');
  await text.fill(`${current.replace(/\s*E2E revision \S+\.$/, '')}\n\nE2E revision ${suffix}.`);
  await page.getByRole('button', { name: `Publish version ${version + 1}…`, exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Publish version ${version + 1} of the consent declaration?` });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('Consents granted under earlier versions will be shown as “Outdated”');
  await confirm.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('declaration-notice')).toContainText(`Version ${version + 1} was published.`);
  await expect(page.getByTestId('declaration-current')).toContainText(`Version ${version + 1}`);
  await expect(page.getByTestId('declaration-current')).toContainText(`E2E revision ${suffix}.`);

  // Back on the card: Björn's Marketing e-mail (and Anna's Post) granted under the old version.
  await page.goto(contactsUrl);
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const outdatedV1 = new RegExp(
    `: granted under declaration v${version} on .+, an earlier declaration than the one in force, source: Paper form$`,
  );
  await expectContactStatus(contactsTable, bjorn.name, MARKETING, 'Outdated', outdatedV1);
  await expectContactStatus(contactsTable, anna.name, POST, 'Outdated', outdatedV1);
  await expectContactStatus(contactsTable, anna.name, MARKETING, 'Withdrawn', withdrawnByPhone);

  // Björn grants it again, under the new text.
  expect(await openConsents(page, company)).toBe(version + 1);
  const bjornMarketing = gridCell(page, bjorn.name, MARKETING);
  await expectStatus(bjornMarketing, MARKETING, 'Outdated', outdatedV1);
  // Outdated needs a new answer: no decision is shown as chosen.
  for (const decision of ['Granted', 'Withdrawn', 'Denied']) {
    const button = bjornMarketing.getByRole('button', { name: decision, exact: true });
    await expect(button).toHaveAttribute('aria-pressed', 'false');
  }
  await choose(page, bjorn.name, MARKETING, 'Granted');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Paper form' });
  await expect(save).toBeDisabled();
  await evidence.fill(regrantEvidence);
  await save.click();
  await expect(page.getByTestId('consents-notice')).toContainText(
    '1 consent change was recorded. The statuses below are up to date.',
  );
  const grantedV2 = new RegExp(`: granted under declaration v${version + 1} on .+, source: Paper form$`);
  await expectStatus(bjornMarketing, MARKETING, 'Granted', grantedV2);

  await page.getByRole('link', { name: 'Close' }).click();
  await expect(page).toHaveURL(contactsUrl);
  await expectContactStatus(contactsTable, bjorn.name, MARKETING, 'Granted', grantedV2);
  await expectContactStatus(contactsTable, anna.name, POST, 'Outdated', outdatedV1);
});
