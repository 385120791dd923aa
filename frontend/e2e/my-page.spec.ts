import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// My page, end to end: the administrator (enrolled by e2e/enrol.setup.ts) creates a business
// customer with a contact person and invites them to My page from the Contacts tab; the link is
// read from the dialog. In a browser of their own (no staff cookies) the contact chooses a
// password, lands on /my, gives consent to text messages and withdraws it again (one click each,
// no confirmation), sees the history, downloads their data, signs out and in again, and asks for
// a sign-in link. Back in the staff browser, the customer card shows the SMS consent withdrawn
// with the source "My page", and Admin → Outbox holds the invitation (status Stored: the test
// server has no e-mail server) and the sign-in link.

/** The purpose of the "SMS" channel among the defaults of a new database (key `sms`). */
const SMS = 'Text messages';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** On My page: the row of one purpose, found by its name (a heading). */
function purposeRow(page: Page, purpose: string): Locator {
  return page
    .getByRole('list', { name: 'Your consents' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 3, name: purpose, exact: true }) });
}

/** The index of a column of `table` by its header text (the last row of headers). */
async function columnIndex(table: Locator, header: string): Promise<number> {
  const cells = table.locator('thead tr').last().getByRole('columnheader');
  const headers = (await cells.allTextContents()).map((h) => h.trim());
  const index = headers.indexOf(header);
  expect(index, `a column "${header}" among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** On /my/login: the password form (the page has a second form, for a sign-in link). */
async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in with your password' });
  await form.getByLabel('E-mail', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a contact invited from the customer card sets a password on My page, gives and withdraws SMS consent with one click each, and staff see it withdrawn with the source My page', async ({
  page,
  browser,
  baseURL,
  locale,
}) => {
  const suffix = uniqueSuffix();
  const company = `E2E Mina sidor ${suffix} AB`;
  const contact = { name: 'Petra Portell', email: `petra.${suffix}@example.se` };
  // Long, unique, and free of the contact's name and e-mail address (the server refuses those).
  const passphrase = `blåbärssylt ${suffix} paraply vinterkväll`;

  // 1. As the administrator: a business customer with one contact person who has an e-mail.
  await login(page);
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
  await page.getByRole('button', { name: 'Add contact' }).click();
  const contactDialog = page.getByRole('dialog', { name: 'New contact person' });
  await expect(contactDialog).toBeVisible();
  await contactDialog.getByLabel('Name', { exact: true }).fill(contact.name);
  await contactDialog.getByLabel('E-mail', { exact: true }).fill(contact.email);
  await contactDialog.getByRole('button', { name: 'Save contact' }).click();
  await expect(contactDialog).toBeHidden();
  await expect(page.getByRole('cell', { name: contact.email })).toBeVisible();
  const contactsTable = page.getByRole('table', { name: 'Contact persons' });
  const contactRow = contactsTable.locator('tbody tr').filter({ hasText: contact.email });
  await expect(contactRow).toHaveCount(1);

  // 2. "Invite to My page": the dialog shows the link, when it expires and what became of the e-mail.
  await contactRow.getByRole('button', { name: `Invite to My page: ${contact.name}` }).click();
  const inviteDialog = page.getByRole('dialog', { name: `Invite ${contact.name} to My page` });
  await expect(inviteDialog).toBeVisible();
  const linkField = inviteDialog.getByLabel('Link to My page', { exact: true });
  await expect(linkField).toBeVisible();
  await expect(linkField).not.toBeEditable();
  const link = await linkField.inputValue();
  expect(link).toMatch(/^https?:\/\/[^/]+\/my\/invitation#token=[^&\s]+$/);
  await expect(inviteDialog.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await expect(inviteDialog.getByTestId('invite-expires')).toContainText('The link expires');
  const emailNotice = inviteDialog.getByTestId('invite-email');
  await expect(emailNotice).toHaveAttribute('data-status', 'STORED');
  await expect(emailNotice).toContainText(
    'No e-mail server is configured: the message is kept in the outbox (Admin → Outbox). Give the link to the customer yourself.',
  );
  await inviteDialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(inviteDialog).toBeHidden();

  // The link as the server wrote it; opened on the server under test (its base URL may differ).
  const invitation = new URL(link);
  const invitationPath = `${invitation.pathname}${invitation.hash}`;

  // 3. The contact, in a browser of their own: no staff cookies at all.
  const customerBrowser = await browser.newContext({ baseURL, locale });
  try {
    const my = await customerBrowser.newPage();
    await my.goto(invitationPath);
    await expect(my.getByRole('heading', { level: 1, name: 'Choose a password' })).toBeVisible();
    // Not sent to the staff login; the token is gone from the address bar.
    await expect(my).toHaveURL(/\/my\/invitation$/);
    expect(new URL(my.url()).hash).toBe('');
    // A page of its own: nothing of the staff application.
    await expect(my.getByRole('navigation', { name: 'Main navigation' })).toHaveCount(0);
    await expect(my.getByRole('group', { name: 'Language' })).toBeVisible();

    // A too-short password is caught before anything is sent (and the link stays unused).
    const newPassword = my.getByLabel('New password', { exact: true });
    const confirmPassword = my.getByLabel('Confirm password', { exact: true });
    await newPassword.fill('kort');
    await confirmPassword.fill('kort');
    await my.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(my.getByTestId('field-error-password')).toContainText('at least 12 characters');
    await expect(my).toHaveURL(/\/my\/invitation$/);

    await newPassword.fill(passphrase);
    await expect(my.getByTestId('password-strength')).toBeVisible();
    await confirmPassword.fill(passphrase);
    await my.getByRole('button', { name: 'Save password and sign in' }).click();

    // 4. My page: who is signed in, the declaration in force, one row per purpose.
    await expect(my).toHaveURL(/\/my$/);
    await expect(my.getByRole('heading', { level: 1, name: `Hello, ${contact.name}` })).toBeVisible();
    await expect(my.getByTestId('my-page-viewer')).toContainText(contact.name);
    await expect(my.getByTestId('my-page-viewer')).toContainText(company);
    await expect(my.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(my.getByTestId('my-page-declaration-version')).toHaveText(/^Consent declaration, version \d+$/);
    await expect(my.getByRole('region', { name: /^Text of the consent declaration, version \d+$/ })).not.toBeEmpty();

    const sms = purposeRow(my, SMS);
    await expect(sms).toHaveCount(1);
    await expect(sms).toContainText('Offers and reminders by text message.');
    const smsStatus = sms.getByTestId('my-consent-status');
    await expect(smsStatus).toContainText('Not asked');
    // Exactly one button per purpose.
    await expect(sms.getByRole('button')).toHaveCount(1);

    // Give consent: one click.
    const notice = my.getByTestId('my-page-notice');
    await sms.getByRole('button', { name: `Give consent: ${SMS}`, exact: true }).click();
    await expect(notice).toHaveText(`✓ Thank you. You have given your consent to ${SMS}.`);
    await expect(sms).toHaveAttribute('data-status', 'GRANTED');
    await expect(smsStatus).toContainText('Granted');
    await expect(sms.getByRole('button')).toHaveCount(1);

    // Withdraw: one click too, no confirmation.
    await sms.getByRole('button', { name: `Withdraw consent: ${SMS}`, exact: true }).click();
    await expect(my.getByRole('dialog')).toHaveCount(0);
    await expect(notice).toHaveText(`✓ You have withdrawn your consent to ${SMS}.`);
    await expect(sms).toHaveAttribute('data-status', 'WITHDRAWN');
    await expect(smsStatus).toContainText('Withdrawn');
    await expect(sms.getByRole('button', { name: `Give consent: ${SMS}`, exact: true })).toBeVisible();
    await expect(sms.getByRole('button')).toHaveCount(1);

    // The server's state, after a reload.
    await my.reload();
    await expect(my.getByRole('heading', { level: 1, name: `Hello, ${contact.name}` })).toBeVisible();
    await expect(sms).toHaveAttribute('data-status', 'WITHDRAWN');
    await expect(smsStatus).toContainText('Withdrawn');

    // "Your history": both changes, newest first, in words.
    await expect(my.getByRole('heading', { level: 2, name: 'Your history' })).toBeVisible();
    const history = my.getByRole('table', { name: 'Your consent history, newest first' });
    const events = history.locator('tbody tr');
    await expect(events).toHaveCount(2);
    const col = {
      purpose: await columnIndex(history, 'Purpose'),
      decision: await columnIndex(history, 'Decision'),
      source: await columnIndex(history, 'Recorded via'),
    };
    for (const [i, decision] of ['Withdrawn', 'Granted'].entries()) {
      const cells = events.nth(i).getByRole('cell');
      await expect(cells.nth(col.purpose)).toHaveText(SMS);
      await expect(cells.nth(col.decision)).toHaveText(decision);
      await expect(cells.nth(col.source)).toHaveText('My page');
    }

    // "Download my data": a JSON file with the contact's own data.
    const downloading = my.waitForEvent('download');
    await my.getByRole('button', { name: 'Download my data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('my-data.json');
    const data = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      format?: unknown;
      scope?: unknown;
      contacts?: { name?: unknown; email?: unknown; consentHistory?: unknown[] }[];
    };
    expect(data.format).toBe('tillit.data-subject-export');
    expect(data.scope).toBe('contact');
    expect(data.contacts?.[0]?.name).toBe(contact.name);
    expect(data.contacts?.[0]?.email).toBe(contact.email);
    expect(data.contacts?.[0]?.consentHistory).toHaveLength(2);

    // 5. Sign out, then /my leads to the sign-in page of My page (never the staff login).
    await my.getByRole('button', { name: 'Sign out' }).click();
    await expect(my).toHaveURL(/\/my\/login$/);
    await expect(my.getByTestId('my-login-notice')).toHaveText(/You have signed out\./);
    await my.goto('/my');
    await expect(my).toHaveURL(/\/my\/login$/);
    await expect(my.getByRole('heading', { level: 1, name: 'Sign in to My page' })).toBeVisible();

    // The invitation link works once.
    await my.goto(invitationPath);
    await expect(my.getByRole('heading', { level: 1, name: 'Choose a password' })).toBeVisible();
    await my.getByLabel('New password', { exact: true }).fill(passphrase);
    await my.getByLabel('Confirm password', { exact: true }).fill(passphrase);
    await my.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(my.getByTestId('my-invitation-error')).toContainText('This invitation link has already been used or has expired.');
    await expect(my).toHaveURL(/\/my\/invitation$/);

    // A wrong password gets the generic answer; the right one signs in.
    await my.goto('/my/login');
    await signInWithPassword(my, contact.email, `${passphrase} fel`);
    await expect(my.getByTestId('my-login-error')).toHaveText(/Wrong e-mail or password\./);
    await signInWithPassword(my, contact.email, passphrase);
    await expect(my).toHaveURL(/\/my$/);
    await expect(purposeRow(my, SMS)).toHaveAttribute('data-status', 'WITHDRAWN');

    // The sign-in link form always says the same thing.
    await my.getByRole('button', { name: 'Sign out' }).click();
    await expect(my).toHaveURL(/\/my\/login$/);
    const linkForm = my.getByRole('form', { name: 'E-mail me a sign-in link' });
    await linkForm.getByLabel('E-mail', { exact: true }).fill(contact.email);
    await linkForm.getByRole('button', { name: 'E-mail me a link' }).click();
    await expect(linkForm.getByTestId('my-link-sent')).toHaveText(
      'If the address has an account, a link is on its way (valid 10 minutes).',
    );
  } finally {
    await customerBrowser.close();
  }

  // 6. Back in the staff browser: the Contacts tab shows the SMS consent withdrawn on My page.
  await page.goto(contactsUrl);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
  const smsBadge = contactRow.getByTitle(new RegExp(`^${escapeRegExp(SMS)}: withdrawn on .+, source: My page$`));
  await expect(smsBadge).toBeVisible();
  await expect(smsBadge).toContainText('Withdrawn');

  // … and so does the contact's consent history.
  await page.getByRole('link', { name: `Consent history of ${contact.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Consent history: ${contact.name}` })).toBeVisible();
  const staffHistory = page.getByRole('table', { name: `Consent history of ${contact.name}` });
  const staffEvents = staffHistory.locator('tbody tr');
  await expect(staffEvents).toHaveCount(2);
  const staffCol = {
    purpose: await columnIndex(staffHistory, 'Purpose'),
    decision: await columnIndex(staffHistory, 'Decision'),
    source: await columnIndex(staffHistory, 'Source'),
  };
  const newest = staffEvents.first().getByRole('cell');
  await expect(newest.nth(staffCol.purpose)).toHaveText(SMS);
  await expect(newest.nth(staffCol.decision)).toHaveText(/Withdrawn$/);
  await expect(newest.nth(staffCol.source)).toHaveText('My page');

  // 7. Admin → Outbox: the invitation to that address, stored (no e-mail server), with its link.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Outbox' }).click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  const outbox = page.getByTestId('outbox-table');
  const invite = outbox.locator('tbody tr[data-kind="portal_invite"]').filter({ hasText: contact.email });
  await expect(invite).toHaveCount(1);
  await expect(invite).toHaveAttribute('data-status', 'STORED');
  await expect(invite).toContainText('Invitation to My page');
  const outboxCol = { status: await columnIndex(outbox, 'Status'), to: await columnIndex(outbox, 'To') };
  await expect(invite.getByRole('cell').nth(outboxCol.status)).toHaveText('Stored');
  await expect(invite.getByRole('cell').nth(outboxCol.to)).toHaveText(contact.email);
  await invite.getByRole('button', { name: /^Show the message/ }).click();
  await expect(page.getByTestId('outbox-body')).toContainText(link);

  // The sign-in link the contact asked for is there too, stored as well.
  const signInLink = outbox.locator('tbody tr[data-kind="portal_login"]').filter({ hasText: contact.email });
  await expect(signInLink).toHaveCount(1);
  await expect(signInLink.getByRole('cell').nth(outboxCol.status)).toHaveText('Stored');
});
