// Browser test: a clinic's admin signs in, follows "Clinic set-up" from
// the staff header, adds a visit type (a wrong length first: the message
// names the field and what was typed stays), adds the document families
// sign, publishes a series of open slots; then the billing office follows
// its queue of insurance changes, opens one against the coverage on
// file and rejects it with a reason, with the keyboard. Each page passes
// axe's WCAG 2.1 A/AA rules, on a phone-sized screen, in Debian's
// headless Chromium, through nginx. Issue 13.2 and 14.2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, check, sql, portalctl, shots, nav } from './lib.mjs';

let env, info, browser;
const PW = 'Ledger5Walnut';

before(async () => {
  env = await start();
  ({ info, browser } = env);
  portalctl(info, ['clinic', 'add', 'Cardiology', '--phone', '617-555-0101']);
  portalctl(info, ['staff', 'add', '--username', 'adam', '--name', 'Adam Admin',
    '--role', 'admin'], PW + '\n');
  portalctl(info, ['clinic', 'staff', '--clinic', 'Cardiology', '--username', 'adam']);
  portalctl(info, ['staff', 'add', '--username', 'bill', '--name', 'Bill Billing',
    '--role', 'billing'], PW + '\n');
});

after(async () => { await stop(env); });

async function signIn(page, user) {
  await page.goto(new URL('/staff/login', info.url).href);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PW);
  await page.getByLabel('Password').press('Enter');
}

test('a clinic admin sets up a visit type, its document and slots', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signIn(page, 'adam');
  await nav(page, 'Clinic set-up');
  await page.getByRole('heading', { name: 'Clinic set-up' }).waitFor();
  await check(page, 'the set-up page');
  await page.getByRole('link', { name: 'Add a visit type to Cardiology' }).click();
  await page.getByLabel('Name').fill('Echo check');
  await page.getByLabel(/Length in minutes/).fill('3');
  await page.getByLabel(/Copay in dollars/).fill('25.50');
  await page.getByLabel('Video visit').check();
  await page.getByRole('button', { name: 'Save visit type' }).click();
  await page.getByText('Enter the length in minutes, 5 to 480.').first().waitFor();
  assert.equal(await page.getByLabel('Name').inputValue(), 'Echo check');
  assert.ok(await page.getByLabel('Video visit').isChecked());
  await check(page, 'the type form with an error');
  await page.getByLabel(/Length in minutes/).fill('30');
  await page.getByRole('button', { name: 'Save visit type' }).click();
  await page.getByRole('heading', { name: 'Visit type: Echo check' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill('Consent to echocardiogram');
  await page.getByLabel('Text to sign', { exact: true }).fill('I consent to the echocardiogram of my child.');
  await page.getByRole('button', { name: 'Add document' }).click();
  await page.getByRole('heading', { name: 'Consent to echocardiogram' }).waitFor();
  assert.ok(await page.getByText('I consent to the echocardiogram of my child.').first().isVisible());
  await check(page, 'the type page with a document');
  await page.screenshot({ path: join(shots, 'clinic-type.png'), fullPage: true });

  await page.getByRole('link', { name: 'Open slots' }).click();
  const year = new Date().getUTCFullYear() + 1;
  await page.getByLabel(/First start/).fill(`${year}-06-01 09:00`);
  await page.getByLabel(/How many slots/).fill('3');
  await page.getByLabel(/Provider/).fill('Dr Ada Park');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Published.').waitFor();
  assert.equal(await page.getByRole('button', { name: /Withdraw the slot/ }).count(), 3);
  await check(page, 'the slots page');
  await page.screenshot({ path: join(shots, 'clinic-slots.png'), fullPage: true });
  await page.close();
});

test('billing reviews an insurance change and rejects it with a reason', async () => {
  const [lily] = info.patients;
  const now = Math.floor(Date.now() / 1000);
  sql(info, "INSERT INTO accounts (email, pw_hash, given, family, created, pw_changed) "
    + "VALUES ('ins.parent@example.org', 'x', 'Ina', 'Parent', ?, ?)", [now, now]);
  sql(info, "INSERT INTO coverages (patient_id, payer, member_id, rank, source, updated) "
    + "SELECT id, 'Old Health', 'OLD1', 1, 'billing', ? FROM patients WHERE mrn = ?",
  [now, lily.mrn]);
  sql(info, 'INSERT INTO insurance_changes (patient_id, account_id, coverage_id, payer, '
    + "member_id, subscriber, relationship, created) SELECT p.id, a.id, c.id, 'Blue Plan', "
    + "'M123', 'Ina Parent', 'child', ? FROM patients p, accounts a, coverages c "
    + "WHERE p.mrn = ? AND a.email = 'ins.parent@example.org' AND c.patient_id = p.id",
  [now, lily.mrn]);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signIn(page, 'bill');
  await page.getByRole('heading', { name: 'Insurance changes' }).waitFor();
  await check(page, 'the review queue');
  await page.getByRole('row', { name: /Blue Plan/ }).getByRole('link').click();
  await page.getByRole('heading', { name: /Insurance change/ }).waitFor();
  assert.ok(await page.getByRole('cell', { name: 'Old Health' }).isVisible());
  await check(page, 'a change against the coverage on file');
  await page.screenshot({ path: join(shots, 'insurance-change.png'), fullPage: true });
  // The keyboard: no reason first, then one.
  await page.getByRole('button', { name: 'Reject' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Enter the reason: the family sees it.').first().waitFor();
  await check(page, 'the decision with an error');
  await page.getByLabel(/Reason for rejecting/).fill('The member ID does not match the card');
  await page.getByLabel(/Reason for rejecting/).press('Enter');
  await page.getByText('Rejected: nothing on file changed').waitFor();
  assert.ok(await page.getByText('No insurance changes are waiting.').isVisible());
  await check(page, 'the empty queue');
  await page.close();
});
