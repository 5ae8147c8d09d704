// Browser test: the privacy office (issue 16.1) signs in and lands on the
// audit log, types a filter with a date that does not exist (the message
// stands next to the field, what was typed stays), searches one child's
// record by MRN, and opens the child's accounting of disclosures from the
// page's link, with the keyboard for the last form. Each page passes axe's
// WCAG 2.1 A/AA rules at 375 and 1280 px (check), through nginx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, portalctl, shots } from './lib.mjs';

let env, info, browser;
const PW = 'Ledger5Walnut';

before(async () => {
  env = await start();
  ({ info, browser } = env);
  portalctl(info, ['staff', 'add', '--username', 'pria', '--name', 'Pria Privacy',
    '--role', 'privacy'], PW + '\n');
  // A row of the child's: portalctl's own search is audited.
  portalctl(info, ['audit', 'search', '--mrn', info.patients[0].mrn]);
});

after(async () => { await stop(env); });

test('a privacy officer searches the log by MRN and sees the disclosures', async () => {
  const [lily] = info.patients;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await page.goto(new URL('/staff/login', info.url).href);
  await page.getByLabel('User name').fill('pria');
  await page.getByLabel('Password').fill(PW);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  await check(page, 'the empty audit log form');

  await page.getByLabel("Patient's MRN").fill(lily.mrn);
  await page.getByLabel(/^Action/).fill('audit.*');
  await page.getByLabel(/^From/).fill('2026-02-30');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('That date or time does not exist').first().waitFor();
  assert.equal(await page.getByLabel("Patient's MRN").inputValue(), lily.mrn);
  assert.equal(await page.getByLabel(/^From/).inputValue(), '2026-02-30');
  assert.equal(await page.getByLabel(/^From/).getAttribute('aria-invalid'), 'true');
  await check(page, 'the filter with a wrong date');

  await page.getByLabel(/^From/).fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: /Results/ }).waitFor();
  const rows = page.locator('#audit-rows tbody tr');
  assert.ok(await rows.count() >= 1);
  assert.ok(await page.getByRole('cell', { name: /audit\.search/ }).first().isVisible());
  assert.ok(await page.getByRole('link', { name: 'CSV (spreadsheet)' }).isVisible());
  await check(page, 'the results of one MRN');
  await page.screenshot({ path: join(shots, 'audit-log.png'), fullPage: true });

  await page.getByRole('link', { name: 'Accounting of disclosures of one patient' }).click();
  await page.getByRole('heading', { name: 'Accounting of disclosures', level: 1 }).waitFor();
  await page.getByLabel("Patient's MRN").fill(lily.mrn);
  await page.getByLabel("Patient's MRN").press('Enter');
  await page.getByRole('heading', { name: /Disclosures/ }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'JSON lines' }).isVisible());
  await check(page, 'a patient\'s disclosures');
  await page.close();
});
