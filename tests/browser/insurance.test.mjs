// Browser test: a parent keeps a child's insurance current (issue 14.2):
// from the navigation to the insurance summary (the coverage the billing
// system sent), "Report a change" for that patient, a card that is not a
// photo first (the message and what was typed come back), then both card
// photos: the change shows as waiting for the billing team, the coverage
// on file unchanged. Every page passes axe's WCAG 2.1 A/AA rules, on a
// phone and at desktop width. The coverage is put in the database
// directly (the billing system's CSV is portalctl's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { start, stop, check, sql, shots, signUpAndIn, nav } from './lib.mjs';

let env, info, browser;
before(async () => {
  env = await start();
  ({ info, browser } = env);
});
after(async () => { await stop(env); });

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function png() {
  const chunk = (kind, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(kind), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0))]);
}

function coverage(child) {
  const now = Math.floor(Date.now() / 1000);
  const patient = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]);
  sql(info, 'INSERT INTO coverages (patient_id, payer, plan, member_id, group_no, '
    + "subscriber, relationship, rank, source, updated) VALUES (?, 'Harbor Health', "
    + "'Gold', 'HH-100', 'G-7', 'Maria Lopez', 'parent', 1, 'billing', ?) RETURNING id",
  [patient, now]);
}

async function flow(width, height, suffix, child, email) {
  coverage(child);
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP: true });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  await nav(page, 'Insurance');
  await page.getByRole('heading', { name: 'Insurance summary', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Primary insurance: Harbor Health' }).waitFor();
  assert.ok(await page.getByText('HH-100').isVisible());
  assert.ok(await page.getByText(/our billing system/).isVisible());
  await check(page, 'the insurance summary');

  await page.getByRole('link', { name: /Report a change of insurance for/ }).click();
  await page.getByRole('heading', { name: 'Report a change', level: 2 }).waitFor();
  await check(page, 'the report form');
  await page.getByLabel('What changed').selectOption({ label: 'Replaces Harbor Health' });
  await page.getByLabel('Insurance company').fill('Bay Blue');
  await page.getByLabel('Member ID').fill('BB-200');
  await page.getByLabel("Subscriber's name").fill('Maria Lopez');
  await page.getByLabel("Patient's relationship to the subscriber")
    .selectOption('parent');
  await page.getByLabel("Photo of the card's front").setInputFiles({
    name: 'card.png', mimeType: 'image/png',
    buffer: Buffer.from('<html><body>not a card</body></html>') });
  await page.getByLabel("Photo of the card's back").setInputFiles({
    name: 'back.png', mimeType: 'image/png', buffer: png() });
  await page.getByRole('button', { name: 'Submit the change for review' }).click();
  await page.getByRole('heading', { name: 'Please correct the following' }).waitFor();
  assert.equal(await page.getByLabel('Member ID').inputValue(), 'BB-200');
  assert.equal(await page.getByLabel('Insurance company').inputValue(), 'Bay Blue');
  await check(page, 'the report form with an error');

  await page.getByLabel("Photo of the card's front").setInputFiles({
    name: 'card.png', mimeType: 'image/png', buffer: png() });
  await page.getByLabel("Photo of the card's back").setInputFiles({
    name: 'back.png', mimeType: 'image/png', buffer: png() });
  await page.getByRole('button', { name: 'Submit the change for review' }).click();
  await page.getByText('Change submitted for review.').waitFor();
  assert.ok(await page.getByText(/waiting for our billing team/).first().isVisible());
  assert.ok(await page.getByText('HH-100').first().isVisible(), 'not applied');
  await check(page, 'the summary after reporting');
  await page.screenshot({ path: join(shots, `insurance-${suffix}.png`), fullPage: true });
  await page.close();
}

test('a parent reports a change of insurance, on a phone and a desktop', async () => {
  for (const [w, h, suffix, child, email] of [
    [390, 844, 'p', info.patients[0], 'maria.ins1@example.org'],
    [1280, 900, 'd', info.patients[1], 'maria.ins2@example.org']]) {
    await flow(w, h, suffix, child, email);
  }
});
