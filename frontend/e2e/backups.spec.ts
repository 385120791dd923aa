import { expect, test, type Locator, type Page } from '@playwright/test';
import { login } from './helpers';

// Admin → Backups through the real UI, as the administrator (enrolled by e2e/enrol.setup.ts),
// with the browser language pinned to English (playwright.config.ts).
//
// The server under test runs with the default `[backup]` settings: the schedule on, and no
// destinations configured, so copies go to three local directories (`local-1` … `local-3`) and
// there is no off-site copy. The schedule takes a backup and runs a drill by itself within the
// first minute, so the spec never assumes it has the lists to itself: it remembers the rows that
// were there before it started something and looks for the new one it started (`A user`), and a
// start refused because a scheduled job holds the lease (CONFLICT) is tried again once that one
// has finished.

/** The `data-*` ids of the rows `rows` matches now. */
async function idsOf(rows: Locator, attribute: string): Promise<string[]> {
  return rows.evaluateAll(
    (elements: unknown[], name: string) =>
      elements.map((e) => (e as { getAttribute: (n: string) => string | null }).getAttribute(name) ?? ''),
    attribute,
  );
}

/** Rows matching `base` that started by a user and are not among `known`. */
function newRows(page: Page, base: string, attribute: string, known: readonly string[]): Locator {
  const not = known.map((id) => `:not([${attribute}="${id}"])`).join('');
  return page.locator(`${base}[data-trigger="user"]${not}`);
}

/**
 * Clicks `button` until the server takes it: after a click either `started` shows up or the
 * page shows `refused`; a refusal because something already runs waits for the button to be
 * usable again and clicks once more.
 */
async function startWhenFree(button: Locator, started: Locator, refused: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await expect(button).toBeEnabled({ timeout: 120_000 });
    await button.click();
    await expect(started.or(refused).first()).toBeVisible({ timeout: 120_000 });
    if (await started.count()) return;
    await expect(refused).toContainText('already running');
    expect(attempt, 'the server kept answering that a job is already running').toBeLessThan(5);
  }
}

test('backups: three local copies and a warning, a backup verified everywhere, and a lost-disk drill that passes', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await login(page);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Backups' }).click();
  await expect(page).toHaveURL(/\/admin\/backups$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();

  // 1. The summary, and the warning that every copy is in one place.
  const summary = page.getByTestId('backups-summary');
  await expect(summary).toContainText('On: hourly and daily');
  await expect(summary).toContainText('24 hourly and 14 daily backups');
  await expect(summary).toContainText('3 local, 0 off-site');
  await expect(page.getByTestId('backups-offsite-warning')).toContainText('No off-site copy: all copies are in one place.');

  // 2. Three local destinations.
  const destinations = page.getByTestId('backups-destinations').locator('tbody tr');
  await expect(destinations).toHaveCount(3);
  await expect(page.getByTestId('backups-destinations').locator('tbody tr[data-kind="local"]')).toHaveCount(3);
  for (const name of ['local-1', 'local-2', 'local-3']) {
    const row = page.getByTestId('backups-destinations').locator(`tr[data-destination="${name}"]`);
    await expect(row).toContainText('Local directory');
    await expect(row.locator('code')).toContainText(`copy-${name.slice(-1)}`);
  }

  // 3. "Back up now": a new backup by a user, complete, verified in all three destinations.
  const backupRows = page.locator('tr[data-backup-id]');
  const backupsBefore = await idsOf(backupRows, 'data-backup-id');
  const mine = newRows(page, 'tr[data-backup-id]', 'data-backup-id', backupsBefore);
  await startWhenFree(page.getByRole('button', { name: 'Back up now' }), mine, page.getByTestId('backups-error'));
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  await expect(mine).toHaveAttribute('data-verified', '3');
  await expect(mine.getByTestId('backup-copies-summary')).toHaveText('3 of 3 verified');
  await expect(mine.locator('li[data-status="verified"]')).toHaveCount(3);
  await expect(mine).toContainText('Complete');
  await expect(mine).toContainText('Manual');
  await expect(mine).toContainText('A user');
  // A size in decimal units and a row count.
  await expect(mine.locator('td.num').first()).toHaveText(/^\d+(\.\d)?\s(B|kB|MB|GB)$/);
  // Nothing runs any more: the button is back, and every destination's last copy is verified.
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled({ timeout: 120_000 });
  for (const name of ['local-1', 'local-2', 'local-3']) {
    const row = page.getByTestId('backups-destinations').locator(`tr[data-destination="${name}"]`);
    await expect(row).toHaveAttribute('data-last-copy', 'verified');
    await expect(row).toContainText('Verified');
  }

  // 4. A lost data centre needs the off-site copy there is none of: caught at the form.
  const drillForm = page.getByRole('form', { name: 'Restore drills' });
  const scenario = drillForm.getByLabel('Scenario', { exact: true });
  const runDrill = page.getByRole('button', { name: 'Run drill' });
  await scenario.selectOption({ label: 'Lost data centre' });
  await expect(runDrill).toBeEnabled({ timeout: 120_000 });
  await runDrill.click();
  await expect(page.getByTestId('field-error-destination')).toContainText('There is no off-site copy to restore from.');

  // 5. A lost-disk drill (the scenario picks another local copy): a new drill that passed.
  await scenario.selectOption({ label: 'Lost disk' });
  await expect(drillForm).toContainText('One local disk is gone: restore from another local copy.');
  const drillRows = page.locator('tr[data-drill-id]');
  const drillsBefore = await idsOf(drillRows, 'data-drill-id');
  const drill = newRows(page, 'tr[data-drill-id]', 'data-drill-id', drillsBefore);
  await startWhenFree(runDrill, drill, page.getByTestId('backups-drill-error'));
  await expect(drill).toHaveCount(1);
  await expect(drill).toHaveAttribute('data-passed', 'true');
  await expect(drill).toHaveAttribute('data-scenario', 'LOST_DISK');
  await expect(drill).toContainText('Lost disk');
  await expect(drill).toContainText('local-2');
  await expect(drill).toContainText('Passed');
  await expect(drill.locator('.mono')).not.toHaveText('');

  // 6. Its checks: every one passed, the audit hash chain among them.
  const checksButton = drill.getByRole('button', { name: /^Checks of the drill at / });
  await expect(checksButton).toHaveAttribute('aria-expanded', 'false');
  await checksButton.click();
  await expect(checksButton).toHaveAttribute('aria-expanded', 'true');
  const details = page.getByTestId('drill-details');
  await expect(details).toBeVisible();
  const checks = details.getByTestId('drill-check');
  expect(await checks.count()).toBeGreaterThanOrEqual(5);
  await expect(details.locator('[data-testid="drill-check"][data-passed="false"]')).toHaveCount(0);
  const chain = details.locator('[data-check="audit hash chain"]');
  await expect(chain).toHaveAttribute('data-passed', 'true');
  await expect(chain).toContainText('Audit hash chain');
  await expect(chain).toContainText('Passed');
  await expect(chain).toContainText('sealed events verify');
  await expect(details.locator('[data-check="row counts"]')).toContainText('Row counts');
  await expect(details.getByTestId('drill-error')).toHaveCount(0);
  // Closed again.
  await checksButton.click();
  await expect(details).toHaveCount(0);
});
