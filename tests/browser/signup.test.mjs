// Browser test: a parent signs up with the activation token from the visit
// papers, confirms the address from the e-mail, signs in, adds a second
// child and signs out -- in Debian's headless Chromium, through nginx.
// F-SIGNUP 2, 3, 7; F-LOGIN; H-1 (labels, keyboard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, stop, lastMailTo as mailTo, shots, nav, check } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });

function lastMailTo(address) {
  return mailTo(info, address);
}

test('a parent signs up, confirms, signs in and adds a child', async () => {
  const [lily, leo] = info.patients;
  const email = 'maria.lopez@example.org';
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(new URL('/signup/', info.url).href);
  assert.match(await page.title(), /Sign up/);
  await check(page, 'the sign-up form');

  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel('Your first name').fill('Maria');
  await page.getByLabel('Your last name').fill('Lopez');
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByLabel('Choose a password').fill('Harbor7Lantern');
  await page.getByLabel('Type the password again').fill('Harbor7Lantern');
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(lily.token);
  await page.getByLabel("Patient's date of birth").fill(lily.dob);
  await page.screenshot({ path: join(shots, 'signup-form.png'), fullPage: true });
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await check(page, 'the page after signing up');

  const link = lastMailTo(email).match(/https?:\/\/\S+\/signup\/verify#t=\S+/)[0];
  // The code is in the link's fragment, which never reaches the server:
  // the page's script copies it into the field and clears the address bar.
  await page.goto(link);
  // The script checks the link on arrival (issue 15.4): the page that
  // comes back has the form again, marked as checked.
  await page.locator('form[data-checked="1"]').waitFor();
  const code = link.split('#t=')[1];
  assert.equal(await page.getByLabel('Code from your e-mail').inputValue(), code);
  assert.equal(new URL(page.url()).hash, '');
  await page.screenshot({ path: join(shots, 'verify.png'), fullPage: true });
  await check(page, 'the confirmation page');
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByText('your e-mail address is confirmed').waitFor();
  await check(page, 'the address confirmed');

  await page.getByRole('link', { name: 'sign in', exact: true }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('Harbor7Lantern');
  await page.getByLabel('Password', { exact: true }).press('Enter');	// the keyboard, not a click
  await page.getByRole('heading', { name: 'Welcome, Maria' }).waitFor();
  assert.ok(await page.getByText('Lily Lopez').isVisible());
  await check(page, 'the account page');

  await page.getByRole('link', { name: 'Add a patient' }).click();
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(leo.token);
  await page.getByLabel("Patient's date of birth").fill(leo.dob);
  await check(page, 'the add-a-patient form');
  await page.getByRole('button', { name: 'Add the patient' }).click();
  await page.getByText('The patient was added to your account.').waitFor();
  await check(page, 'the account with the patient added');
  assert.ok(await page.getByText('Leo Lopez').isVisible());
  await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });

  // The health record: switch between the two children, then download.
  await nav(page, 'Health record');
  await page.getByLabel('Show the record of').selectOption({ label: 'Lily Lopez' });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('heading', { name: 'Lily Lopez', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Record sections' })
    .getByRole('link', { name: 'Clinic notes' }).click();
  await page.getByText('Lily is doing well.').waitFor();
  await check(page, 'the clinic notes');
  await page.getByLabel('Show the record of').selectOption({ label: 'Leo Lopez' });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('heading', { name: 'Leo Lopez', level: 1 }).waitFor();
  assert.equal(await page.getByText('Lily is doing well.').count(), 0);
  await page.screenshot({ path: join(shots, 'record.png'), fullPage: true });
  await check(page, 'the other child\'s record');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download (C-CDA)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^health-record-Leo-Lopez-\d{4}-\d\d-\d\d\.xml$/);
  const xml = readFileSync(await download.path(), 'utf8');
  assert.match(xml, /<ClinicalDocument xmlns="urn:hl7-org:v3">/);
  assert.match(xml, /<given>Leo<\/given>/);
  assert.match(xml, /Leo is doing well\./);
  assert.doesNotMatch(xml, /Lily/);

  await nav(page, 'Sign out');
  await page.getByText('You are signed out.').waitFor();
  await check(page, 'the signed-out page');
  await page.goto(new URL('/account/', info.url).href);
  assert.match(page.url(), /\/login\/$/);
  await page.close();
});

test('a wrong date of birth is shown next to the field and the typing is kept', async () => {
  const [lily] = info.patients;
  const page = await browser.newPage();
  await page.goto(new URL('/signup/', info.url).href);
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel('Your first name').fill('Maria');
  await page.getByLabel('Your last name').fill('Lopez');
  await page.getByLabel('Your e-mail address').fill('other.maria@example.org');
  await page.getByLabel('Choose a password').fill('Harbor7Lantern');
  await page.getByLabel('Type the password again').fill('Harbor7Lantern');
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(lily.token);
  await page.getByLabel("Patient's date of birth").fill('2001-02-03');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('alert').first().waitFor();
  assert.ok(await page.getByText('do not match our records').first().isVisible());
  assert.equal(await page.getByLabel('Your e-mail address').inputValue(), 'other.maria@example.org');
  assert.equal(await page.getByLabel('Activation token', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(shots, 'signup-error.png'), fullPage: true });
  await check(page, 'the sign-up form with its error');
  await page.close();
});
