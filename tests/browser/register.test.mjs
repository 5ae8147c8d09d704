// Browser test: a clinician registers for the provider portal on a phone
// (a wrong NPI first: the message by the field, everything typed kept),
// provisioning staff approve the application, the clinician opens the
// e-mailed link, chooses a password and security questions, and signs in
// for the first time -- in Debian's headless Chromium, through nginx,
// each page checked with axe-core's WCAG 2.1 A/AA rules. Issue 11.1-11.3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, portalctl, shots, lastMailTo } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });


const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('register, be approved, choose a password, sign in', async () => {
  const email = 'rosa.lindqvist@clinic.example.org';
  const password = 'Referral8Clinic';
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await page.goto(new URL('/provider/register', info.url).href);
  await page.getByRole('heading', { name: 'Apply for a provider portal account' }).waitFor();
  await check(page, 'the registration form');

  await page.getByLabel('MD', { exact: true }).check();
  await page.getByLabel('First name').fill('Rosa');
  await page.getByLabel('Last name').fill('Lindqvist');
  await page.getByLabel(/National Provider Identifier/).fill('1234567890');
  await page.getByLabel('Specialty').fill('Pediatrics');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Phone', { exact: true }).fill('(617) 555-0199');
  await page.getByLabel('Practice', { exact: true }).selectOption('new');
  await page.getByLabel("Practice's name").fill('Riverside Kids Clinic');
  await page.getByLabel("Practice's address").fill('9 River Rd, Newton');
  await page.getByLabel("Practice's phone").fill('(617) 555-0123');
  await page.locator('input[name=agreement_how][value=upload]').check();
  await page.getByLabel('Certification & agreement file').setInputFiles(
    { name: 'agreement.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.locator('input[name=identity_how][value=fax]').check();
  await page.getByRole('button', { name: 'Send my application' }).click();

  // The check digit is wrong: said by the field; what was typed is kept.
  const npi = page.getByLabel(/National Provider Identifier/);
  await page.getByRole('alert').first().waitFor();
  assert.equal(await npi.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('First name').inputValue(), 'Rosa');
  assert.equal(await page.getByLabel("Practice's name").inputValue(), 'Riverside Kids Clinic');
  await check(page, 'the form with its messages');
  await page.screenshot({ path: join(shots, 'register-error.png'), fullPage: true });

  await npi.fill('1234567893');
  await page.getByLabel('Certification & agreement file').setInputFiles(
    { name: 'agreement.pdf', mimeType: 'application/pdf', buffer: PDF });
  if (!(await page.locator('input[name=agreement_how][value=upload]').isChecked()))
    await page.locator('input[name=agreement_how][value=upload]').check();
  await page.getByRole('button', { name: 'Send my application' }).click();
  await page.getByRole('heading', { name: 'Your application was sent' }).waitFor();
  assert.ok(await page.getByText('(617) 730-0000').first().isVisible(), 'the fax number');
  await check(page, 'the page after sending');

  // Provisioning staff: the queue, the fax received, the approval.
  portalctl(info, ['staff', 'add', '--username', 'pat',
    '--name', 'Pat Reyes', '--role', 'provisioning'], 'Ledger5Walnut\n');
  const staff = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await staff.goto(new URL('/staff/login', info.url).href);
  await staff.getByLabel('User name').fill('pat');
  await staff.getByLabel('Password').fill('Ledger5Walnut');
  await staff.getByLabel('Password').press('Enter');
  await staff.getByRole('heading', { name: 'Provider applications' }).waitFor();
  await staff.getByRole('heading', { name: /Rosa Lindqvist, MD/ }).waitFor();
  await check(staff, 'the provisioning queue');
  await staff.getByRole('button', { name: 'Received by fax' }).click();
  await staff.getByText('received by fax').first().waitFor();
  await staff.getByRole('button', { name: 'Approve' }).click();
  await staff.getByText(/approved/i).first().waitFor();
  await staff.close();

  // The e-mailed link: the code arrives in the fragment, filled in.
  const mail = lastMailTo(info, email);
  const link = mail.match(/https?:\/\/\S+\/provider\/setup#t=\S+/)[0];
  const code = link.split('#t=')[1];
  await page.goto(new URL('/provider/setup#t=' + code, info.url).href);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.locator('form[data-checked="1"]').waitFor();	// checked on arrival (15.4)
  await page.waitForFunction(() => document.getElementById('t').value.length > 0);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Type it again').fill(password);
  for (const [n, q, a] of [[1, 1, 'Rex'], [2, 3, 'Lincoln'], [3, 5, 'Volvo']]) {
    await page.getByLabel(`Question ${n}`).selectOption(String(q));
    await page.getByLabel(`Answer ${n}`).fill(a);
  }
  await check(page, 'the set-up page');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Your password is saved').waitFor();

  await page.getByRole('link', { name: /sign in to the provider portal/ }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.waitForURL(/\/provider\/$/);
  assert.ok(await page.getByText(/Rosa/).first().isVisible());
  await check(page, 'the provider home page');
  await page.screenshot({ path: join(shots, 'provider-home.png'), fullPage: true });
  await page.close();
});
