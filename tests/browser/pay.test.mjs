// Browser test: a parent pays a visit's copay through the stand-in
// payment processor (issue 13.7, 14.4), under the portal's real
// Content-Security-Policy (no bypass: the page's form must be allowed to
// post to the processor and its script must run from /static/): the
// "leaving the portal" page hands over by itself, the stand-in's card page
// takes 4111 1111 1111 1111, its page returns to the portal, which says
// the payment was received; the payments page lists it; on a phone,
// without the page's script (its button instead), a declined card says
// so. The portal's pages pass axe's WCAG 2.1 A/AA rules
// (axe is evaluated through the DevTools protocol, which the CSP does not
// govern). The visit is put in the database directly (the scheduling
// feed is portalctl's); the pre-check-in page's "Pay" button (helper D's,
// /visits/checkin/) is stood in for by the same form, posted from the
// page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, sql, shots, signUpAndIn, check, nav } from './lib.mjs';

let env, info, browser;
before(async () => {
  env = await start();
  ({ info, browser } = env);
});
after(async () => { await stop(env); });

let seq = 0;
function visitFor(child, cents) {
  seq += 1;
  const pid = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]);
  let clinic = sql(info, "SELECT id FROM clinics WHERE name = 'Cardiology'");
  if (!clinic) {
    clinic = sql(info, "INSERT INTO clinics (name, phone) VALUES ('Cardiology', "
      + "'617-555-0140') RETURNING id");
  }
  const type = sql(info, 'INSERT INTO visit_types (clinic_id, name, minutes, copay_cents) '
    + 'VALUES (?, ?, 30, ?) RETURNING id', [clinic, `Echo ${seq}`, cents]);
  const now = Math.floor(Date.now() / 1000);
  return sql(info, 'INSERT INTO visits (patient_id, clinic_id, visit_type_id, type_name, '
    + "provider, video, start_at, minutes, status, confidential, source, room, created, "
    + "updated) VALUES (?, ?, ?, ?, 'Dr Ada Park', 0, ?, 30, 'booked', 0, 'siu', ?, ?, ?) "
    + 'RETURNING id', [pid, clinic, type, `Echo ${seq}`, now + 3 * 86400,
    `room-${seq}-${now}`, now, now]);
}

// What the pre-check-in page's button sends: POST /pay/start.
async function payButton(page, visit) {
  await page.goto(new URL('/pay/', info.url).href);
  await page.evaluate((v) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = '/pay/start';
    const add = (n, val) => {
      const i = document.createElement('input');
      i.type = 'hidden'; i.name = n; i.value = val; f.appendChild(i);
    };
    add('csrf', document.querySelector('input[name=csrf]').value);
    add('purpose', 'copay');
    add('v', v);
    document.body.appendChild(f);
    f.submit();
  }, visit);
}

async function flow(width, height, child, email, card, suffix, noScript) {
  const page = await browser.newPage({ viewport: { width, height } });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  // Sign-in lands on the home page (issue 15.1); payments are under My account.
  await nav(page, 'My account');	// behind the Menu on a phone
  await page.getByRole('link', { name: 'Your payments' }).click();
  await page.getByRole('heading', { name: 'Payments' }).waitFor();
  assert.ok(await page.getByText('You have made no payments yet.').isVisible());
  await check(page, 'the empty payments page');

  const visit = visitFor(child, 2500);
  if (noScript) {
    // Without its script the hand-off page stays, with its button.
    await page.route('**/static/pay-go.js', (route) => route.abort());
    await payButton(page, visit);
    await page.getByRole('heading', { name: 'Leaving the portal to pay' }).waitFor();
    assert.ok(await page.getByText('You are leaving the portal to pay $25.00 at Stand-in Payments').isVisible());
    await check(page, 'the hand-off page');
    await page.screenshot({ path: join(shots, `pay-leaving-${suffix}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Continue to payment' }).click();
  } else {
    // With it, the page sends itself: straight to the processor's page.
    await payButton(page, visit);
  }
  await page.getByRole('heading', { name: 'Pay by card' }).waitFor();
  assert.equal(new URL(page.url()).origin, new URL(info.pay_url).origin);
  assert.ok(await page.getByText('Amount: $25.00 USD').isVisible());
  await page.getByLabel('Card number').fill(card);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  const ok = card.startsWith('4111');
  await page.getByRole('heading', { name: ok ? 'Payment received' : 'Payment not made' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/pay/return');
  assert.ok((await page.content()).includes('$25.00'));
  assert.ok(!(await page.content()).includes('4111'), 'no card number on the portal');
  assert.ok(await page.getByRole('link', { name: 'Back to pre-check-in' }).isVisible());
  assert.equal(await page.getByRole('link', { name: 'Back to pre-check-in' }).getAttribute('href'),
    `/visits/checkin/?v=${visit}`);
  await check(page, 'the return page');
  await page.screenshot({ path: join(shots, `pay-return-${suffix}.png`), fullPage: true });
  const step = sql(info, "SELECT count(*) FROM visit_checkins WHERE visit_id = ? AND step = 'copay'", [visit]);
  assert.equal(step, ok ? '1' : '0');

  await page.getByRole('link', { name: 'Your payments' }).click();
  const row = page.locator('#payments tbody tr').first();
  assert.match(await row.textContent(), ok ? /\$25\.00.*Paid/s : /\$25\.00.*Declined: not charged/s);
  await check(page, 'the payments page');
  assert.deepEqual(cspErrors, [], 'the CSP blocked nothing');
  await page.close();
}

test('a parent pays a copay on a desktop; a declined card on a phone', async () => {
  await flow(1280, 900, info.patients[0], 'maria.pay1@example.org', '4111 1111 1111 1111', 'd', false);
  await flow(390, 844, info.patients[1], 'maria.pay2@example.org', '4000 0000 0000 0002', 'p', true);
});
