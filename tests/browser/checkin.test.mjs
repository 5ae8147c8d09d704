// Browser test: a parent pre-checks-in a visit (issue 13.7) and keeps the
// contact information current (issue 14.1): confirms the contact
// information, signs the visit type's document by typing a name and
// ticking the statement, opens the signed document to print it, and
// saves an address on the profile page (a wrong ZIP first: the message
// and what was typed come back). Every page passes axe's WCAG 2.1 A/AA
// rules, on a phone and at desktop width. The clinic, visit type,
// document and visit are put in the database directly (the scheduling
// system's messages are portalctl's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, sql, shots, signUpAndIn, nav } from './lib.mjs';

let env, info, browser;
before(async () => {
  env = await start();
  ({ info, browser } = env);
});
after(async () => { await stop(env); });

const BODY = 'I consent to the examination and treatment of my child.\n\n'
  + 'I understand that the clinic may share results with my child\'s primary care provider.';

function visit(child, suffix) {
  const now = Math.floor(Date.now() / 1000);
  const clinic = sql(info, 'INSERT INTO clinics (name, phone) VALUES (?, ?) RETURNING id',
    [`Cardiology ${suffix}`, '617-555-0140']);
  const type = sql(info, 'INSERT INTO visit_types (clinic_id, name, minutes, copay_cents) '
    + "VALUES (?, 'Follow-up', 30, 2500) RETURNING id", [clinic]);
  sql(info, 'INSERT INTO visit_documents (visit_type_id, title, body, created) '
    + "VALUES (?, 'Consent to treatment', ?, ?) RETURNING id", [type, BODY, now]);
  const patient = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]);
  return sql(info, 'INSERT INTO visits (patient_id, clinic_id, visit_type_id, type_name, '
    + "provider, start_at, minutes, status, source, room, created, updated) VALUES (?, ?, ?, "
    + "'Follow-up', 'Dr Ada Park', ?, 30, 'booked', 'portal', ?, ?, ?) RETURNING id",
  [patient, clinic, type, now + 5 * 86400, `room-${suffix}-${now}`, now, now]);
}

async function flow(width, height, suffix, child, email) {
  const v = visit(child, suffix);
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP: true });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  await page.goto(new URL(`/visits/checkin/?v=${v}`, info.url).href);
  await page.getByRole('heading', { name: 'Pre-check-in', level: 1 }).waitFor();
  const steps = page.locator('ul.steps');
  assert.match(await steps.textContent(), /Contact information: To do/);
  assert.match(await steps.textContent(), /Copay: To do/);
  assert.ok(await page.getByRole('button', { name: 'Pay $25.00' }).isVisible());
  assert.ok(await page.getByText('may share results with my child').isVisible(),
    'the document in full');
  await check(page, 'the pre-check-in page');

  await page.locator('#contact').getByRole('button', { name: 'This is correct' }).click();
  await page.getByText('Saved: this step is done.').waitFor();
  assert.match(await steps.textContent(), /Contact information: Done/);

  // Signing needs the statement ticked: the page says so and keeps the name.
  const doc = page.locator('article.document');
  await doc.getByLabel('Type your full name to sign').fill('Maria Lopez');
  await doc.getByRole('button', { name: 'Sign Consent to treatment' }).click();
  await page.getByText('Tick "I have read this document').first().waitFor();
  assert.equal(await page.locator('article.document')
    .getByLabel('Type your full name to sign').inputValue(), 'Maria Lopez');
  await check(page, 'the page with a signing error');
  await page.locator('article.document')
    .getByLabel('I have read this document and sign it electronically').check();
  await page.locator('article.document')
    .getByRole('button', { name: 'Sign Consent to treatment' }).click();
  await page.getByText('The document was signed.').waitFor();
  assert.match(await steps.textContent(), /Documents to sign: Done/);
  assert.ok(await page.getByText(/Signed by Maria Lopez/).isVisible());
  await check(page, 'the page after signing');
  await page.screenshot({ path: join(shots, `checkin-${suffix}.png`), fullPage: true });

  await page.getByRole('link', { name: 'Print the signed document' }).click();
  await page.getByRole('heading', { name: 'Consent to treatment', level: 1 }).waitFor();
  assert.match(await page.locator('.hash').textContent(), /^[0-9a-f]{64}$/);
  assert.ok(await page.getByText('Maria Lopez').isVisible());
  await check(page, 'the signed document');

  // The profile, from My account.
  await nav(page, 'My account');
  await page.getByRole('link', { name: 'Contact information' }).click();
  await page.getByRole('heading', { name: 'Contact information', level: 1 }).waitFor();
  assert.ok(await page.getByText("To update your PCP, contact your PCP's office").isVisible());
  await check(page, 'the profile page');
  await page.getByLabel('Street address').fill('12 Elm Street');
  await page.getByLabel('City or town').fill('Boston');
  await page.getByLabel('State').fill('MA');
  await page.getByLabel('ZIP code').fill('0211');
  await page.getByRole('button', { name: 'Save contact information' }).click();
  await page.getByRole('heading', { name: 'Please correct the following' }).waitFor();
  assert.equal(await page.getByLabel('Street address').inputValue(), '12 Elm Street');
  await check(page, 'the profile with an error');
  await page.getByLabel('ZIP code').fill('02115');
  await page.getByRole('button', { name: 'Save contact information' }).click();
  await page.getByText('Your contact information was saved.').waitFor();
  assert.equal(await page.getByLabel('ZIP code').inputValue(), '02115');
  await page.screenshot({ path: join(shots, `profile-${suffix}.png`), fullPage: true });
  await page.close();
}

test('a parent pre-checks-in a visit and updates the profile, on a phone and a desktop', async () => {
  for (const [w, h, suffix, child, email] of [
    [390, 844, 'p', info.patients[0], 'maria.checkin1@example.org'],
    [1280, 900, 'd', info.patients[1], 'maria.checkin2@example.org']]) {
    await flow(w, h, suffix, child, email);
  }
});
