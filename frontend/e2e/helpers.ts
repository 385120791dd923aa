import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { readState, statePath, writeState, type E2eState } from './state';
import { msUntilStep, timeStep, totpForStep } from './totp';

/** The staff account the orchestrator created for the tests. */
export function credentials(): { email: string; password: string } {
  const email = process.env.TILLIT_E2E_EMAIL;
  const password = process.env.TILLIT_E2E_PASSWORD;
  if (!email || !password) {
    throw new Error('Set TILLIT_E2E_EMAIL and TILLIT_E2E_PASSWORD to a staff account of the server under test.');
  }
  return { email, password };
}

/** A short suffix that makes names and e-mails of one run unique. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fills the login form (the page must be on /login) and submits it. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** The e2e user's saved TOTP secret and recovery codes; fails clearly when there are none. */
export function requireState(): E2eState {
  const { email } = credentials();
  const state = readState(email);
  if (!state) {
    throw new Error(
      `No TOTP secret for ${email} in ${statePath()}. The "setup" project (e2e/enrol.setup.ts) enrols the user at the ` +
        'first login of a run; run the whole suite, or point TILLIT_E2E_STATE at the state file of the run that enrolled it.',
    );
  }
  return state;
}

/** Reads, changes and saves the state in one go. */
export function updateState(change: (state: E2eState) => E2eState): E2eState {
  const next = change(requireState());
  writeState(next);
  return next;
}

/** Gives the running test `ms` more time (when it has a timeout at all). */
function extendTimeout(ms: number): void {
  const info = test.info();
  if (info.timeout > 0) info.setTimeout(info.timeout + ms);
}

/**
 * A code from the "app" for a time step the account has not used yet: the server accepts a
 * step at most once, so within the step of the last code this waits for the next one. The step
 * is saved before the code is used, so a failing test cannot make the next one reuse it.
 */
export async function freshTotpCode(): Promise<string> {
  let state = requireState();
  if (timeStep() <= state.lastTotpStep) {
    // A little past the boundary, so the server's clock is surely in the new step too.
    const wait = msUntilStep(state.lastTotpStep + 1) + 300;
    extendTimeout(wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const step = timeStep();
  state = updateState((s) => ({ ...s, lastTotpStep: step }));
  return totpForStep(state.secret, step);
}

/** Six digits that are not the code of this, the previous or the next two steps. */
export function wrongTotpCode(): string {
  const { secret } = requireState();
  const now = timeStep();
  const near = new Set([-1, 0, 1, 2].map((d) => totpForStep(secret, now + d)));
  for (let n = 0; ; n++) {
    const candidate = String((123_456 + n * 7_919) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** On /login/verify: types a fresh code from the app and submits it. */
export async function enterTotpCode(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/login\/verify(\?|$)/);
  const code = await freshTotpCode();
  await page.getByLabel('Code from the app', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/**
 * On /mfa/enroll, where the first login of a user without MFA lands: checks what the page
 * shows, scans the "QR code" (reads the secret), confirms with a code, saves the secret and the
 * recovery codes in the state file, and continues (which needs the "saved" checkbox).
 */
export async function enrol(page: Page): Promise<E2eState> {
  const { email } = credentials();
  await expect(page).toHaveURL(/\/mfa\/enroll(\?|$)/);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up two-step verification' })).toBeVisible();
  await expect(page.getByText('Microsoft Authenticator, Google Authenticator or 1Password')).toBeVisible();

  // The server's SVG is shown as an image from a data: URL (never inlined), and it draws.
  const qr = page.getByRole('img', { name: 'QR code that adds Tillit to your authenticator app' });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml;utf8,%3C/);
  // (`decode()` rejects for an image the browser cannot draw; no DOM types in this project.)
  expect(await qr.evaluate((img: unknown) => (img as { decode: () => Promise<void> }).decode().then(() => true))).toBe(true);

  // The secret as text for typing into an app: base32, at least 160 bits.
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32,}=*$/);
  const previous = readState(email);
  writeState({ email, secret, recoveryCodes: [], lastTotpStep: previous?.lastTotpStep ?? 0 });

  // A code of the wrong shape is caught before it reaches the server.
  const codeInput = page.getByLabel('Code from the app', { exact: true });
  await expect(codeInput).toHaveAttribute('inputmode', 'numeric');
  await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code');
  await codeInput.fill('12');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('field-error-code')).toBeVisible();

  await codeInput.fill(await freshTotpCode());
  await page.getByRole('button', { name: 'Turn on' }).click();

  // Ten recovery codes, shown once.
  await expect(page.getByRole('heading', { level: 1, name: 'Save your recovery codes' })).toBeVisible();
  const items = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((c) => c.trim());
  for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  expect(new Set(codes).size).toBe(10);
  const state = updateState((s) => ({ ...s, recoveryCodes: codes }));

  await saveRecoveryCodes(page, codes, 'Continue');
  return state;
}

/**
 * On the recovery-codes screen (enrolment or regeneration): the download holds every code, and
 * the button (`Continue` or `Done`) needs the "saved" checkbox first.
 */
export async function saveRecoveryCodes(page: Page, codes: readonly string[], button: string): Promise<void> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as text file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('tillit-recovery-codes.txt');
  const text = await readFile(await download.path(), 'utf8');
  for (const c of codes) expect(text).toContain(c);

  const url = page.url();
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByTestId('field-error-saved')).toBeVisible();
  expect(page.url()).toBe(url);
  await page.getByRole('checkbox', { name: 'I have saved my recovery codes somewhere safe' }).check();
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** After the password: the second step the server asks for (a code, or enrolment the first time). */
export async function completeSecondStep(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login/verify' || url.pathname === '/mfa/enroll');
  if (new URL(page.url()).pathname === '/mfa/enroll') await enrol(page);
  else await enterTotpCode(page);
}

/** Logs in with the test account (password, then a fresh TOTP code) and waits for the customer search. */
export async function login(page: Page): Promise<void> {
  const { email, password } = credentials();
  await page.goto('/login');
  await submitLogin(page, email, password);
  await completeSecondStep(page);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
}

/** Logs out through the user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}
