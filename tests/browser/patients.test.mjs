// Browser test: a provider finds patients and keeps a saved list (issue 12
// items 4 and 7) -- on a phone, by name with the date of birth (the PCP's
// patient: a link to the record) and by MRN (not authorized: "Request
// access"), both saved; then on a desktop the saved list, where the patient
// whose PCP changed reads "Access ended" with no link. Debian's headless
// Chromium through nginx, each page checked with axe-core's WCAG 2.1 A/AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, sql, portalctl, shots, nav } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });



async function signIn(page, email, password) {
  await page.goto(new URL('/provider/login', info.url).href);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Provider portal' }).waitFor();
}

test('search by name and by MRN, save both, see which can still be opened', async () => {
  const email = 'paula.primary@clinic.example.org';
  const password = 'Referral8Clinic';
  const [lily, leo] = info.patients;
  portalctl(info, ['provider', 'add', '--email', email,
    '--given', 'Paula', '--family', 'Primary'], `${password}\n`);
  const entry = sql(info, "INSERT INTO providers (npi, given, family, family_key) VALUES "
    + "('1999999992', 'Paula', 'Primary', 'primary') RETURNING id;");
  sql(info, `UPDATE provider_accounts SET provider_id = ${entry} WHERE email = '${email}';`);
  sql(info, `UPDATE patients SET pcp_id = ${entry} WHERE mrn = '${lily.mrn}';`);
  const lilyId = sql(info, `SELECT id FROM patients WHERE mrn = '${lily.mrn}';`);
  const leoId = sql(info, `SELECT id FROM patients WHERE mrn = '${leo.mrn}';`);

  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signIn(page, email, password);
  await page.getByRole('link', { name: 'Your patients' }).click();
  await page.getByRole('heading', { name: 'Find a patient' }).waitFor();
  await check(page, 'the patients page');

  // One letter is too little: said by the field, what was typed kept.
  await page.getByLabel('Last name (or its first letters)').fill('L');
  await page.getByLabel('Date of birth (YYYY-MM-DD)').fill(lily.dob);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('alert').first().waitFor();
  const fam = page.getByLabel('Last name (or its first letters)');
  assert.equal(await fam.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Date of birth (YYYY-MM-DD)').inputValue(), lily.dob);
  await check(page, 'the search with its message');

  await fam.fill('lo');
  await fam.press('Enter');                         // the keyboard's way
  await page.getByRole('heading', { name: 'Results' }).waitFor();
  const row = page.locator(`#results #patient-${lilyId}`);
  assert.ok(await row.getByText('You are the PCP on file').isVisible());
  assert.equal(await row.getByRole('link', { name: 'Lily Lopez' }).getAttribute('href'),
    `/provider/record/?p=${lilyId}`);
  assert.equal(await page.locator('#results li.patient').count(), 1, 'only Lily was born that day');
  await check(page, 'the results');
  await page.screenshot({ path: join(shots, 'patients-search.png'), fullPage: true });
  await row.getByRole('button', { name: 'Save Lily Lopez to my list' }).click();
  await page.getByRole('heading', { name: 'Saved patients' }).waitFor();

  await nav(page, 'Patients');
  await page.getByLabel('MRN').fill(leo.mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  const other = page.locator(`#results #patient-${leoId}`);
  await other.waitFor();
  assert.ok(await other.getByText('Not authorized').isVisible());
  assert.equal(await other.getByRole('link', { name: 'Leo Lopez', exact: true }).count(), 0);
  assert.ok(await other.getByRole('link', { name: 'Request access to Leo Lopez' }).isVisible());
  await other.getByRole('button', { name: 'Save Leo Lopez to my list' }).click();
  await page.getByRole('heading', { name: 'Saved patients' }).waitFor();
  await page.close();

  // The PCP changes; on a desktop the saved list says so at once.
  sql(info, `UPDATE patients SET pcp_id = NULL WHERE mrn = '${lily.mrn}';`);
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await signIn(desk, email, password);
  await desk.getByRole('link', { name: 'Saved patients' }).click();
  await desk.getByRole('heading', { name: 'Saved patients' }).waitFor();
  for (const id of [lilyId, leoId]) {
    const li = desk.locator(`#saved #patient-${id}`);
    assert.ok(await li.getByText('Access ended').isVisible());
    assert.equal(await li.locator('a[href^="/provider/record/"]').count(), 0);
  }
  await check(desk, 'the saved list');
  await desk.screenshot({ path: join(shots, 'patients-saved.png'), fullPage: true });
  await desk.locator(`#saved #patient-${leoId}`).getByRole('button', { name: 'Remove Leo Lopez from my list' }).click();
  await desk.getByText('The patient was taken off your list.').waitFor();
  assert.equal(await desk.locator('#saved li.patient').count(), 1);
  await desk.close();
});
