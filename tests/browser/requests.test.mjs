// Browser test: a provider asked to see Lily's record (the request row is
// made here, as the provider pages make it); her parent signs in, follows
// "Requests to see a record" from the home page (with its count), reads
// who asked (the provider directory loaded from the NPPES sample file),
// and approves with the keyboard -- on a phone-sized screen, in Debian's
// headless Chromium, through nginx; the page passes axe's WCAG 2.1 A/AA
// rules before and after. Issue 12.3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, sql, portalctl, root, shots, signUpAndIn } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });




test('a parent answers a provider\'s request from the home page', async () => {
  const [lily] = info.patients;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signUpAndIn(page, info, lily, 'maria.lopez@example.org', 'Harbor7Lantern');

  portalctl(info, ['providers', 'import', join(root, 'tests', 'import', 'nppes_sample.csv')]);
  portalctl(info, ['provider', 'add', '--email', 'linh.nguyen@clinic.example.org',
    '--given', 'Linh', '--family', 'Nguyen'], 'Referral8Clinic\n');
  sql(info, "UPDATE provider_accounts SET provider_id = (SELECT id FROM providers "
    + "WHERE npi = '1987654328') WHERE email = 'linh.nguyen@clinic.example.org'");
  sql(info, 'INSERT INTO access_requests (patient_id, account_id, provider_id, kind, created) '
    + 'SELECT p.id, a.id, a.provider_id, \'share\', ? FROM patients p, provider_accounts a '
    + 'WHERE p.mrn = ? AND a.email = \'linh.nguyen@clinic.example.org\'',
  [Math.floor(Date.now() / 1000), lily.mrn]);

  await page.goto(new URL('/account/', info.url).href);
  await page.getByText('1 request is waiting for your answer').waitFor();
  await page.getByRole('link', { name: 'Requests to see a record' }).click();
  const heading = page.getByRole('heading', { name: /Linh Nguyen, M.D. asks to see Lily Lopez/ });
  await heading.waitFor();
  assert.ok(await page.getByText('Pediatrics', { exact: true }).isVisible());
  assert.ok(await page.getByText('Boston, MA').isVisible());
  await check(page, 'the requests page');
  await page.screenshot({ path: join(shots, 'requests.png'), fullPage: true });

  // The keyboard: Approve is reachable and works with Enter.
  const approve = page.getByRole('button', { name: 'Approve' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await page.getByText('Approved: the provider can now see the record').waitFor();
  assert.ok(await page.getByText('No provider is waiting for an answer.').isVisible());
  await check(page, 'the page after the answer');
  await page.close();
});
