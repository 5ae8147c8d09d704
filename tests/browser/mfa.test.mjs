// Browser test: the hospital requires two-step sign-in for the provider
// portal (provider_mfa_required). A provider IT added with portalctl signs
// in, is taken to the enrolment page (which passes axe's WCAG 2 A/AA
// rules), reads the secret as text as a password manager would, types
// the code computed here from it, sees the ten recovery codes and lands
// on /provider/ -- in Debian's headless Chromium, through nginx. Issue 11.6.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { start, stop, check, portalctl, shots } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start({ provider_mfa_required: 'yes' });
  ({ info, browser } = env);
});

after(async () => { await stop(env); });

// RFC 4648 base32 (spaces ignored) to bytes.
function base32(text) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, acc = 0;
  const out = [];
  for (const ch of text.replace(/\s+/g, '')) {
    acc = (acc << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// The RFC 6238 code (SHA-1, 6 digits, 30 s) at t milliseconds.
function totp(secret, t = Date.now()) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30000)));
  const mac = createHmac('sha1', base32(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 15;
  const v = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
  return String(v).padStart(6, '0');
}

// axe-core's WCAG 2.1 A and AA rules: the violations (none expected),
// after checking that axe did look (rules passed).

test('a provider is taken to enrolment at the first sign-in, then lands home', async () => {
  const email = 'dana.doctor@clinic.example.org';
  const password = 'Referral8Clinic';
  portalctl(info, ['provider', 'add', '--email', email,
    '--given', 'Dana', '--family', 'Doctor'], `${password}\n`);

  // The enrolment page's own pages carry a CSP; axe is injected by the test.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await page.goto(new URL('/provider/login', info.url).href);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/provider\/2fa\/setup$/);
  assert.ok(await page.getByText('requires two-step sign-in').isVisible());
  // The QR code: an image with a name, drawn by the server.
  const qr = page.getByRole('img', { name: /QR code/ });
  assert.ok(await qr.isVisible());
  assert.equal(await page.locator('.qr svg path').count(), 1);
  await check(page, 'the enrolment page');
  await page.screenshot({ path: join(shots, 'mfa-setup.png'), fullPage: true });

  const secret = (await page.locator('#secret').textContent()).trim();
  assert.match(secret, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  // A wrong code first: the message by the field, nothing else lost.
  const right = totp(secret);
  await page.getByLabel(/Enter the 6-digit code/).fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await page.getByRole('alert').first().waitFor();
  assert.equal(await page.getByLabel(/Enter the 6-digit code/).getAttribute('aria-invalid'), 'true');
  assert.equal((await page.locator('#secret').textContent()).trim(), secret);

  await page.getByLabel(/Enter the 6-digit code/).fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  const codes = await page.locator('#codes li code').allTextContents();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z0-9]{5}-[a-z0-9]{5}$/);
  await check(page, 'the recovery codes page');
  await page.screenshot({ path: join(shots, 'mfa-codes.png'), fullPage: true });

  await page.getByRole('link', { name: /I have saved my codes/ }).click();
  await page.waitForURL(/\/provider\/$/);
  assert.equal(new URL(page.url()).pathname, '/provider/');
  await page.close();
});
