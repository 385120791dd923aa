import { expect, type Page } from '@playwright/test';

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

/** Logs in with the test account and waits for the customer search. */
export async function login(page: Page): Promise<void> {
  const { email, password } = credentials();
  await page.goto('/login');
  await submitLogin(page, email, password);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
}
