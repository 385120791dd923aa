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
 * Waits, when needed, until a time step after `lastStep` has begun (the server accepts a step at
 * most once per user), and returns the step to use now.
 */
async function unusedStep(lastStep: number): Promise<number> {
  if (timeStep() <= lastStep) {
    // A little past the boundary, so the server's clock is surely in the new step too.
    const wait = msUntilStep(lastStep + 1) + 300;
    extendTimeout(wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return timeStep();
}

/**
 * A code from the "app" for a time step the account has not used yet: the server accepts a
 * step at most once, so within the step of the last code this waits for the next one. The step
 * is saved before the code is used, so a failing test cannot make the next one reuse it.
 */
export async function freshTotpCode(): Promise<string> {
  const step = await unusedStep(requireState().lastTotpStep);
  const state = updateState((s) => ({ ...s, lastTotpStep: step }));
  return totpForStep(state.secret, step);
}

/**
 * Someone's authenticator app as the tests hold it: what enrolment shows is remembered, and
 * codes come from time steps that account has not used yet.
 */
export interface Authenticator {
  /** Remembers the secret read from the enrolment page (any earlier one is forgotten). */
  readonly rememberSecret: (secret: string) => void;
  /** A code for a time step the account has not used yet (waits for the next step if needed). */
  readonly freshCode: () => Promise<string>;
  /** Remembers the recovery codes shown once at enrolment. */
  readonly rememberRecoveryCodes: (codes: readonly string[]) => void;
}

/** The e2e user's app: everything lives in the state file (state.ts), shared by all specs. */
export function e2eAuthenticator(): Authenticator {
  return {
    rememberSecret: (secret) => {
      const { email } = credentials();
      const previous = readState(email);
      writeState({ email, secret, recoveryCodes: [], lastTotpStep: previous?.lastTotpStep ?? 0 });
    },
    freshCode: freshTotpCode,
    rememberRecoveryCodes: (codes) => {
      updateState((s) => ({ ...s, recoveryCodes: [...codes] }));
    },
  };
}

/**
 * The app of a user a test created itself (not the e2e user): the secret, recovery codes and
 * last used time step are kept in memory, for that test only; the state file is left alone.
 */
export class MemoryAuthenticator implements Authenticator {
  secret = '';
  recoveryCodes: readonly string[] = [];
  lastTotpStep = 0;

  readonly rememberSecret = (secret: string): void => {
    this.secret = secret;
    this.recoveryCodes = [];
  };

  readonly freshCode = async (): Promise<string> => {
    if (!this.secret) throw new Error('This user has not enrolled an authenticator yet.');
    const step = await unusedStep(this.lastTotpStep);
    this.lastTotpStep = step;
    return totpForStep(this.secret, step);
  };

  readonly rememberRecoveryCodes = (codes: readonly string[]): void => {
    this.recoveryCodes = [...codes];
  };
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

/** On /login/verify: types a fresh code from the app (by default the e2e user's) and submits it. */
export async function enterTotpCode(page: Page, app: Authenticator = e2eAuthenticator()): Promise<void> {
  await expect(page).toHaveURL(/\/login\/verify(\?|$)/);
  const code = await app.freshCode();
  await page.getByLabel('Code from the app', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/**
 * On /mfa/enroll, where the first login of the e2e user lands: `enrolWith` the e2e user's app,
 * so the secret and the recovery codes go to the state file.
 */
export async function enrol(page: Page): Promise<E2eState> {
  await enrolWith(page, e2eAuthenticator());
  return requireState();
}

/**
 * On /mfa/enroll, where the first login of a user without MFA lands: checks what the page
 * shows, scans the "QR code" (gives the secret to `app`), confirms with a code, hands the
 * recovery codes to `app`, and continues (which needs the "saved" checkbox).
 */
export async function enrolWith(page: Page, app: Authenticator): Promise<void> {
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
  app.rememberSecret(secret);

  // A code of the wrong shape is caught before it reaches the server.
  const codeInput = page.getByLabel('Code from the app', { exact: true });
  await expect(codeInput).toHaveAttribute('inputmode', 'numeric');
  await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code');
  await codeInput.fill('12');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('field-error-code')).toBeVisible();

  await codeInput.fill(await app.freshCode());
  await page.getByRole('button', { name: 'Turn on' }).click();

  // Ten recovery codes, shown once.
  await expect(page.getByRole('heading', { level: 1, name: 'Save your recovery codes' })).toBeVisible();
  const items = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((c) => c.trim());
  for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  expect(new Set(codes).size).toBe(10);
  app.rememberRecoveryCodes(codes);

  await saveRecoveryCodes(page, codes, 'Continue');
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

/**
 * After the password: the second step the server asks for (a code, or enrolment the first time),
 * with `app` (by default the e2e user's).
 */
export async function completeSecondStep(page: Page, app: Authenticator = e2eAuthenticator()): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login/verify' || url.pathname === '/mfa/enroll');
  if (new URL(page.url()).pathname === '/mfa/enroll') await enrolWith(page, app);
  else await enterTotpCode(page, app);
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

/**
 * Logs in as a user a test created (password, then enrolment at the first login or a fresh code
 * from `app`) and waits for the page the login leads to.
 */
export async function loginAs(page: Page, user: { email: string; password: string }, app: Authenticator): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, user.email, user.password);
  await completeSecondStep(page, app);
  await page.waitForURL((url) => !url.pathname.startsWith('/login') && !url.pathname.startsWith('/mfa'));
}

/** Logs out through the user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}
