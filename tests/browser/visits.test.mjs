// Browser test: the family's Visits pages (issue 13.3, 13.5, 13.8): a
// parent opens "Visits" from the navigation, self-schedules an open slot
// in a clinic the child was seen in, and sees the booked visit; then the
// "Begin video visit" button of a video visit 16 minutes away is disabled
// with the time it opens, and once the test moves the visit to 14 minutes
// away (the clock cannot be moved under a running portal, the data can)
// a reload shows it enabled, and the button leads to the local video
// stand-in (tests/standin/video.py), which admits the signed token (the
// page's CSP lets its form lead there). Every page passes axe's WCAG 2.1 A/AA rules,
// on a phone and at desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { start, stop, check, sql, shots, signUpAndIn, root, nav } from './lib.mjs';

let env, info, browser, video;
const secret = 'browser-video-secret';
const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
before(async () => {
  const port = await freePort();
  video = spawn('python3', [join(root, 'tests', 'standin', 'video.py'), '--port', String(port),
    '--secret', secret], { stdio: 'inherit' });
  env = await start({ video_url: `http://127.0.0.1:${port}/join/{room}?t={token}`,
    video_secret: secret });
  ({ info, browser } = env);
});
after(async () => {
  video.kill();
  await stop(env);
});

const now = () => Math.floor(Date.now() / 1000);

function setup(child, suffix) {
  const pid = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]);
  const clinic = sql(info, "INSERT INTO clinics (name, phone, location) VALUES (?, '617-555-0140', "
    + "'Main campus, floor 3') RETURNING id", [`Allergy ${suffix}`]);
  const type = sql(info, 'INSERT INTO visit_types (clinic_id, name, minutes, self_schedule) '
    + "VALUES (?, 'New concern', 30, 1) RETURNING id", [clinic]);
  sql(info, 'INSERT INTO visits (patient_id, clinic_id, visit_type_id, type_name, start_at, minutes, '
    + "status, source, room, created, updated) VALUES (?, ?, ?, 'New concern', ?, 30, "
    + "'completed', 'siu', ?, 1, 1) RETURNING id", [pid, clinic, type, now() - 40 * 86400,
    `past-room-${suffix}`]);
  sql(info, 'INSERT INTO slots (clinic_id, visit_type_id, provider, start_at, minutes, created) '
    + "VALUES (?, ?, 'Dr Ada Park', ?, 30, 1) RETURNING id", [clinic, type, now() + 3 * 86400]);
  return { pid, clinic, type };
}

async function flow(width, height, suffix, child, email) {
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP: true });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  const { pid, clinic } = setup(child, suffix);

  await nav(page, 'Visits');
  await page.getByRole('heading', { name: /^Visits: / }).waitFor();
  assert.ok(await page.getByText('No upcoming visits.').isVisible());
  await check(page, 'the visits page');

  await page.getByRole('link', { name: 'schedule a visit online' }).click();
  await page.getByRole('heading', { name: /^Schedule a visit: / }).waitFor();
  await page.getByRole('link', { name: `New concern, Allergy ${suffix}` }).click();
  const book = page.getByRole('button', { name: /^Book .* with Dr Ada Park$/ });
  await book.waitFor();
  await check(page, 'the open times');
  await page.screenshot({ path: join(shots, `visits-slots-${suffix}.png`), fullPage: true });
  await book.click();
  await page.getByText('The visit is booked.').waitFor();
  assert.ok(await page.getByText('Allergy ' + suffix).first().isVisible());
  await check(page, 'the booked visit');
  assert.equal(sql(info, "SELECT count(*) FROM visits WHERE patient_id = ? AND source = 'portal' "
    + "AND status = 'booked'", [pid]), '1');

  // A video visit 16 minutes away, pre-check-in done.
  const acct = sql(info, 'SELECT id FROM accounts WHERE email = ?', [email]);
  const v = sql(info, 'INSERT INTO visits (patient_id, clinic_id, type_name, video, start_at, minutes, '
    + "status, source, room, created, updated) VALUES (?, ?, 'Video follow-up', 1, ?, 30, 'booked', "
    + "'siu', ?, 1, 1) RETURNING id", [pid, clinic, now() + 16 * 60, `video-room-${suffix}-${now()}`]);
  for (const step of ['contact', 'insurance']) {
    sql(info, 'INSERT INTO visit_checkins (visit_id, step, account_id, done) VALUES (?, ?, ?, ?)',
      [v, step, acct, now()]);
  }
  await page.goto(new URL(`/visits/visit?v=${v}`, info.url).href);
  const button = page.getByRole('button', { name: 'Begin video visit' });
  await button.waitFor();
  assert.ok(await button.isDisabled(), 'disabled 16 minutes before');
  assert.match(await page.locator('#join-why').textContent(), /opens at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d/);
  await check(page, 'the video visit before it opens');
  sql(info, 'UPDATE visits SET start_at = ? WHERE id = ?', [now() + 14 * 60, v]);
  await page.reload();
  await button.waitFor();
  assert.ok(await button.isEnabled(), 'enabled 14 minutes before');
  await check(page, 'the video visit open');
  await page.screenshot({ path: join(shots, `visits-video-${suffix}.png`), fullPage: true });
  await button.click();
  await page.getByText('You are in the video room for this visit.').waitFor();
  await page.close();
}

test('a parent self-schedules a visit and sees the video button open on time', async () => {
  for (const [w, h, suffix, child, email] of [
    [390, 844, 'p', info.patients[0], 'maria.visits1@example.org'],
    [1280, 900, 'd', info.patients[1], 'maria.visits2@example.org']]) {
    await flow(w, h, suffix, child, email);
  }
});
