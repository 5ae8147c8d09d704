// Browser test: a provider the parent shared Lily's record with opens it
// in the provider portal (summary, then the notes), on a phone and on a
// desktop; the parent finds the view under "Who has seen the record",
// removes the provider's access there, and the provider's next page is
// refused. Every page passes axe-core's WCAG 2.1 A/AA rules. Issue 12.6,
// 12.8, in Debian's headless Chromium, through nginx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, sql, portalctl, shots, signUpAndIn, nav } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });



test('a provider views a shared record; the parent sees it and removes access', async () => {
  const lily = info.patients[0];
  const parentEmail = 'maria.seen@example.org';
  const email = 'ann.sharer@clinic.example.org';
  const password = 'Referral8Clinic';
  const parent = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signUpAndIn(parent, info, lily, parentEmail, 'Harbor7Lantern');

  // IT adds the provider; the directory entry and the parent's share are
  // set up in the database (the sharing pages are another part of issue 12).
  portalctl(info, ['provider', 'add', '--email', email,
    '--given', 'Ann', '--family', 'Sharer', '--credential', 'MD'], `${password}\n`);
  const pid = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [lily.mrn]);
  const entry = sql(info, "INSERT INTO providers (given, family, credential, family_key, "
    + "organization) VALUES ('Ann', 'Sharer', 'MD', 'sharer', 'Riverside Pediatrics') "
    + 'RETURNING id');
  sql(info, 'UPDATE provider_accounts SET provider_id = ? WHERE email = ?',
    [Number(entry), email]);
  sql(info, "INSERT INTO patient_shares (patient_id, provider_id, how, scope, by_account, "
    + "created) SELECT ?, ?, 'share', 'clinical', id, 1700000000 FROM accounts WHERE email = ?",
  [Number(pid), Number(entry), parentEmail]);

  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const page = await browser.newPage({ viewport, bypassCSP: true });
    await page.goto(new URL('/provider/login', info.url).href);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.waitForURL(/\/provider\/$/);
    await page.goto(new URL(`/provider/record/?p=${pid}`, info.url).href);
    await page.getByRole('heading', { name: 'Lily Lopez', level: 1 }).waitFor();
    assert.match(await page.locator('#ground').textContent(),
      /because the family shared the record with you\. Some sensitive records/);
    await check(page, `the summary (${viewport.width})`);
    await page.screenshot({ path: join(shots, `precord-summary-${viewport.width}.png`), fullPage: true });
    await page.getByRole('navigation', { name: 'Record sections' })
      .getByRole('link', { name: 'Notes', exact: true }).click();
    await page.getByRole('heading', { name: 'Notes', level: 2 }).waitFor();
    assert.ok(await page.getByText('Lily is doing well').isVisible());
    assert.equal(await page.locator('main form').count(), 0, 'read-only: no forms');
    await check(page, `the notes page (${viewport.width})`);
    await page.screenshot({ path: join(shots, `precord-notes-${viewport.width}.png`), fullPage: true });
    if (viewport.width > 400) env.provider = page; else await page.close();
  }

  // The parent: account page -> who has seen.
  await nav(parent, 'My account');
  await parent.getByRole('link', { name: 'Who has seen the record' }).click();
  await parent.getByRole('heading', { name: /Who has seen Lily Lopez/ }).waitFor();
  const views = await parent.locator('#views').textContent();
  assert.match(views, /Ann Sharer, MD \(Riverside Pediatrics\)\. Notes/);
  assert.match(views, /Summary/);
  await check(parent, 'who has seen (phone)');
  await parent.screenshot({ path: join(shots, 'viewers.png'), fullPage: true });
  await parent.getByRole('button', { name: 'Remove access: Ann Sharer, MD, Riverside Pediatrics' }).click();
  await parent.locator('#removed').waitFor();
  assert.equal(await parent.getByRole('button', { name: /Remove access/ }).count(), 0);
  await check(parent, 'the page after removing');

  // The provider's next page is refused.
  await env.provider.reload();
  await env.provider.getByRole('heading', { name: 'Record not available' }).waitFor();
  assert.equal(await env.provider.getByText('Lily').count(), 0);
  await check(env.provider, 'the refusal');
});
