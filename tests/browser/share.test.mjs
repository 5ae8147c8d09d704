// Browser test: a parent shares a child's record (issue 12.2, F-SHARE 1-2,
// P-TOKEN): opens "Share record" from the navigation, searches the
// provider directory, gives access to a cardiologist who uses the
// provider portal, issues a printable invitation token to one who does
// not, and removes the cardiologist's access; every page passes axe's
// WCAG 2.1 A/AA rules, on a phone and at desktop width. The directory
// entries are put in the database directly (the NPPES import is
// portalctl's).
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



function directory(npi, given, family, specialty) {
  sql(info, "INSERT INTO providers (npi, given, family, credential, specialty, organization, "
    + "city, state, family_key, source) VALUES (?, ?, ?, 'MD', ?, 'Valley Clinic', "
    + "'Hartford', 'CT', ?, 'nppes')", [npi, given, family, specialty, family.toLowerCase()]);
}

async function flow(width, height, suffix, child, email) {
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP: true });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  await nav(page, 'Share record');
  await page.getByRole('heading', { name: /^Share record: / }).waitFor();
  assert.ok(await page.getByText('No provider outside the hospital has access').isVisible());
  await check(page, 'the share page');

  await page.getByLabel('Last name').fill(`Alv${suffix}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: 'Search results' }).waitFor();
  assert.ok(await page.getByText('Uses the provider portal.').isVisible());
  await check(page, 'the results');
  await page.screenshot({ path: join(shots, `share-results-${suffix}.png`), fullPage: true });
  await page.getByRole('button', { name: `Give Robin Alv${suffix}ez access` }).click();
  await page.getByText('Access was given.').waitFor();
  const grant = page.locator('.grant').filter({ hasText: `Robin Alv${suffix}ez` });
  assert.ok(await grant.isVisible());
  assert.match(await grant.textContent(), /shared from this page, by you/);

  await page.getByLabel('Last name').fill(`Alb${suffix}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: `Invite Sam Alb${suffix}right with a token` }).click();
  await page.getByRole('heading', { name: 'Invitation to see a health record' }).waitFor();
  const token = (await page.locator('#token').textContent()).trim();
  assert.match(token, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal((await page.locator('#mrn').textContent()).trim(), child.mrn);
  assert.ok(await page.getByText('cannot be shown again').isVisible());
  await check(page, 'the printable invitation');
  await page.screenshot({ path: join(shots, `share-token-${suffix}.png`), fullPage: true });

  await page.getByRole('link', { name: 'Back to sharing' }).click();
  const waiting = page.locator('.invite').filter({ hasText: `Sam Alb${suffix}right` });
  assert.ok(await waiting.isVisible());
  assert.ok(!(await page.content()).includes(token), 'the token is not shown again');
  await page.getByRole('button', { name: `Remove access for Robin Alv${suffix}ez` }).click();
  await page.getByText('Access was removed.').waitFor();
  assert.equal(await page.locator('.grant').count(), 0);
  await page.getByRole('button', { name: `Cancel the invitation of Sam Alb${suffix}right` }).click();
  await page.getByText('The invitation was cancelled').waitFor();
  assert.ok(await page.getByText('No invitation is waiting.').isVisible());
  await check(page, 'the page after the changes');
  await page.close();
}

test('a parent shares, issues a token and removes access, on a phone and a desktop', async () => {
  let n = 0;
  for (const [w, h, suffix, child, email] of [
    [390, 844, 'p', info.patients[0], 'maria.share1@example.org'],
    [1280, 900, 'd', info.patients[1], 'maria.share2@example.org']]) {
    n += 1;
    directory(`12345678${n}3`, 'Robin', `Alv${suffix}ez`, 'Pediatric Cardiology');
    directory(`12345679${n}3`, 'Sam', `Alb${suffix}right`, 'Child Psychology');
    const acct = `robin.${suffix}@heart.example.org`;
    portalctl(info, ['provider', 'add', '--email', acct,
      '--given', 'Robin', '--family', `Alv${suffix}ez`], 'Referral8Clinic\n');
    sql(info, 'UPDATE provider_accounts SET provider_id = (SELECT id FROM providers WHERE npi = ?) '
      + 'WHERE email = ?', [`12345678${n}3`, acct]);
    await flow(w, h, suffix, child, email);
  }
});
