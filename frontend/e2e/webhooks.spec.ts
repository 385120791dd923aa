import { createHmac } from 'node:crypto';
import * as crypto from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { login, uniqueSuffix } from './helpers';

// Webhooks through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts): a receiver
// started inside the test is registered on Admin → Webhooks, its signing secret read from the
// dialog (shown this once); a consent recorded on the consent screen reaches the receiver as a
// signed `consent.changed` POST that names the contact by id only; the page then shows the
// delivery as Delivered and nothing waiting, and the webhook is removed again. The server under
// test listens on loopback, so it lets webhooks reach 127.0.0.1.

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Receiver {
  readonly url: string;
  readonly received: Received[];
  readonly close: () => Promise<void>;
}

/** An HTTP server on 127.0.0.1 (a free port) that keeps every POST and answers 204. */
async function startReceiver(path: string): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === path) {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

interface ConsentChanged {
  readonly type?: unknown;
  readonly occurredAt?: unknown;
  readonly data?: Readonly<Record<string, unknown>>;
}

test('a webhook registered in the UI gets a signed consent.changed delivery, shown as Delivered with nothing waiting', async ({
  page,
}) => {
  // Up to 30 s for a TOTP step, ~20 s for the delivery, and the UI steps around them.
  test.setTimeout(150_000);
  const suffix = uniqueSuffix();
  const company = `E2E Webhook ${suffix} AB`;
  const contact = { name: `Wilma Webhook ${suffix}`, email: `wilma.${suffix}@example.se` };
  const evidence = `Webhook e2e ${suffix}`;
  const receiver = await startReceiver(`/hook-${suffix}`);

  try {
    await login(page);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();

    // 1. "New webhook": the address is checked before anything is sent; Consent changed is ticked.
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('dialog', { name: 'New webhook' });
    await expect(form).toBeVisible();
    const consentChanged = form.getByRole('checkbox', { name: 'Consent changed', exact: true });
    await expect(consentChanged).toBeChecked();
    const urlField = form.getByLabel('Address (URL)', { exact: true });
    await urlField.fill('not an address');
    await form.getByRole('button', { name: 'Create webhook' }).click();
    await expect(form.getByTestId('field-error-url')).toContainText('Enter a whole address, starting with https://.');
    await expect(urlField).toBeFocused();
    await urlField.fill(receiver.url);
    await form.getByRole('button', { name: 'Create webhook' }).click();

    // 2. The signing secret, this once, with how to verify a delivery.
    const shown = page.getByRole('dialog', { name: 'Copy the signing secret now' });
    await expect(shown).toBeVisible();
    await expect(shown.getByTestId('webhook-warning')).toContainText('The signing secret is shown only this once.');
    const secretField = shown.getByLabel('Signing secret', { exact: true });
    await expect(secretField).not.toBeEditable();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_\S{16,}$/);
    await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeVisible();
    await expect(shown.getByTestId('webhook-signature-format')).toHaveText(
      'tillit-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>',
    );
    const snippet = (await shown.getByTestId('webhook-verify-snippet').textContent()) ?? '';
    expect(snippet.split('\n')).toHaveLength(5);
    expect(snippet).toContain("crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')");

    // Escape does not throw the secret away; only Done closes.
    await page.keyboard.press('Escape');
    await expect(shown).toBeVisible();
    await expect(shown.getByTestId('webhook-use-done')).toContainText('Close with Done once you have copied the secret.');
    await expect(secretField).toHaveValue(secret);
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByTestId('webhooks-notice')).toContainText(`The webhook ${receiver.url} was created.`);
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0);

    // The list: the address, its event in words, nothing waiting, nothing delivered yet.
    const row = page.getByTestId('webhooks-table').locator('tbody tr[data-endpoint-id]').filter({ hasText: receiver.url });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('list', { name: `Events sent to ${receiver.url}` })).toHaveText('Consent changed');
    await expect(row.getByTestId('webhook-waiting')).toHaveText('0 waiting');
    await expect(row.getByTestId('webhook-last-delivered')).toHaveText('Never');
    expect(receiver.received).toHaveLength(0);

    // 3. A consent change recorded by staff: a customer with a contact, Marketing e-mail granted.
    await page.goto('/customers/new');
    await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();
    await page.getByRole('radio', { name: 'Business' }).check();
    await page.getByLabel('Company name', { exact: true }).fill(company);
    await page.getByRole('button', { name: 'Save customer' }).click();
    await expect(page).toHaveURL(/\/customers\/[^/]+$/);
    await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();

    await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contactDialog = page.getByRole('dialog', { name: 'New contact person' });
    await contactDialog.getByLabel('Name', { exact: true }).fill(contact.name);
    await contactDialog.getByLabel('E-mail', { exact: true }).fill(contact.email);
    await contactDialog.getByRole('button', { name: 'Save contact' }).click();
    await expect(contactDialog).toBeHidden();
    await expect(page.getByRole('cell', { name: contact.email })).toBeVisible();

    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Consents…' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Consents – ${company}` })).toBeVisible();
    const cell = page
      .getByTestId('consent-grid')
      .getByRole('cell')
      .filter({ has: page.getByRole('group', { name: `Marketing e-mail for ${contact.name}`, exact: true }) });
    await cell.getByRole('button', { name: 'Granted', exact: true }).click();
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Paper form' });
    await page.getByLabel('Evidence', { exact: true }).fill(evidence);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('consents-notice')).toContainText('1 consent change was recorded.');

    // 4. The receiver gets it (the dispatcher runs every 2 seconds).
    const isConsentChanged = (r: Received) => header(r.headers, 'tillit-event') === 'consent.changed';
    await expect
      .poll(() => receiver.received.filter(isConsentChanged).length, {
        timeout: 20_000,
        message: 'the receiver got a consent.changed delivery',
      })
      .toBeGreaterThan(0);
    const deliveries = receiver.received.filter(isConsentChanged);
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0];
    if (!delivery) throw new Error('no delivery');

    expect(header(delivery.headers, 'content-type')).toMatch(/^application\/json/);
    const deliveryId = header(delivery.headers, 'tillit-delivery');
    expect(deliveryId).not.toBe('');

    // The signature: HMAC-SHA256 with the secret over "<t>.<body>", and recent.
    const signature = header(delivery.headers, 'tillit-signature');
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
    expect(match, `"${signature}" has the documented shape`).not.toBeNull();
    const [, t = '', v1 = ''] = match ?? [];
    expect(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex')).toBe(v1);
    expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(120);
    // A wrong secret does not match.
    expect(createHmac('sha256', `${secret}x`).update(`${t}.${delivery.body}`).digest('hex')).not.toBe(v1);

    // The snippet shown in the dialog says the same.
    const runSnippet = (withSecret: string, body: string): unknown => {
      const fakeRequire = (name: string) => {
        if (name !== 'node:crypto') throw new Error(`the snippet requires ${name}`);
        return crypto;
      };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the text the page shows
      const verify = new Function('require', 'req', 'secret', 'body', `${snippet}\nreturn valid;`) as (
        ...args: unknown[]
      ) => unknown;
      return verify(fakeRequire, { headers: delivery.headers }, withSecret, body);
    };
    expect(runSnippet(secret, delivery.body)).toBe(true);
    expect(runSnippet(secret, `${delivery.body} `)).toBe(false);
    expect(runSnippet(`${secret}x`, delivery.body)).toBe(false);

    // The body: the event with ids, never the contact's name or address.
    const event = JSON.parse(delivery.body) as ConsentChanged;
    expect(event.type).toBe('consent.changed');
    expect(typeof event.occurredAt).toBe('string');
    const data = event.data ?? {};
    expect(typeof data['contactId']).toBe('string');
    expect(typeof data['customerId']).toBe('string');
    for (const key of ['eventId', 'purpose', 'decision', 'source', 'declarationVersion']) expect(data).toHaveProperty(key);
    for (const personal of [contact.name, 'Wilma', contact.email, company]) expect(delivery.body).not.toContain(personal);

    // 5. The Webhooks page: the delivery Delivered (HTTP 204), nothing waiting.
    await nav.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await row.getByRole('button', { name: `Deliveries to ${receiver.url}` }).click();
    await expect(row.getByRole('button', { name: `Deliveries to ${receiver.url}` })).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByTestId('webhook-deliveries');
    const deliveryRow = panel.locator(`tr[data-delivery-id="${deliveryId}"]`);
    // The receiver may have the POST a moment before the server has written down its answer.
    await expect(async () => {
      await panel.getByRole('button', { name: 'Refresh' }).click();
      await expect(deliveryRow).toHaveAttribute('data-status', 'DELIVERED', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const cells = deliveryRow.getByRole('cell');
    await expect(cells.nth(1)).toHaveText('Consent changed');
    await expect(cells.nth(2)).toContainText('Delivered');
    await expect(cells.nth(3)).toHaveText('1');
    await expect(cells.nth(4)).toHaveText('HTTP 204');
    await expect(row.getByTestId('webhook-waiting')).toHaveText('0 waiting');
    await expect(row).toHaveAttribute('data-pending', '0');
    await expect(row.getByTestId('webhook-last-delivered')).not.toHaveText('Never');

    // 6. Removed: the question says the queue goes with it.
    await row.getByRole('button', { name: `Remove the webhook ${receiver.url}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove the webhook?' });
    await expect(confirm).toContainText(`Tillit stops sending events to ${receiver.url}.`);
    await expect(confirm).toContainText('Deliveries still waiting in its queue are discarded');
    await confirm.getByRole('button', { name: 'Remove webhook' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('webhooks-notice')).toContainText(`The webhook ${receiver.url} was removed.`);
    await expect(row).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await expect(page.getByText(receiver.url)).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
