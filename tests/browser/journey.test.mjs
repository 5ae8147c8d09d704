// Browser test: a family's whole journey on a phone, through the real
// pages (issue 15.9 and the tests): a parent signs up with the
// token of the visit papers, confirms the address, signs in, asks for a
// second child by MRN and visit date (a staff member approves it in the
// verification queue), then reads the home page, the record's summary, a
// section and the lab results, writes to the care team (a code block and
// a long address in the message: they must wrap), reads the answer in the
// thread, and opens visits, bills, contact information, insurance and
// sharing; then signs out. Every page and state passes check(): axe-core
// at 375 and 1280 px (no serious or critical violation, nor any other),
// and no sideways scroll at 375 px. The focus ring stands out 3:1 from
// the page. Screenshots of the home page and of a record section, at
// both widths, are saved under var/screenshots/ for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  start, stop, check, nav, root, portalctl, lastMailTo, PHONE, DESKTOP,
} from './lib.mjs';

// The page a parent lands on after signing in. The account page until
// the home page of issue 15.1 exists: then '/home/'.
const HOME = '/home/';

const screens = join(root, 'var', 'screenshots');
const PW = 'Harbor7Lantern';
const STAFF_PW = 'Answer4Tests!';
let env, info, browser;

before(async () => {
  mkdirSync(screens, { recursive: true });
  env = await start();
  ({ info, browser } = env);
  portalctl(info, ['staff', 'add', '--username', 'nurse', '--name', 'Nora Nurse'],
    STAFF_PW + '\n');
  portalctl(info, ['clinic', 'staff', '--clinic', 'General Pediatrics', '--username', 'nurse']);
});

after(async () => { await stop(env); });

// Both widths of the page as it stands, full length, named name-375.png
// and name-1280.png.
async function screenshots(page, name) {
  const own = page.viewportSize();
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(screens, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(own);
}

// WCAG's relative luminance and contrast ratio of two CSS rgb() colours.
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// The focused element's outline colour against the page's background.
async function focusRing(page) {
  return page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineColor, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
      page: getComputedStyle(document.body).backgroundColor,
      text: document.activeElement.textContent.trim() };
  });
}

async function staffSignIn(page) {
  await page.goto(new URL('/staff/login', info.url).href);
  await page.getByLabel('User name').fill('nurse');
  await page.getByLabel('Password').fill(STAFF_PW);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: 'Verification queue' }).waitFor();
}

test('a parent on a phone: sign-up to sign-out, every page at 375 and 1280 px', async () => {
  const [lily, leo] = info.patients;
  const email = 'maria.journey@example.org';
  const page = await browser.newPage({ viewport: PHONE, bypassCSP: true });

  // The front page and the help, as a family finds them first.
  await page.goto(info.url);
  await check(page, 'the front page');
  await page.goto(new URL('/static/help.html', info.url).href);
  await check(page, 'the help page');

  // Sign up.
  await page.goto(new URL('/signup/', info.url).href);
  await check(page, 'the sign-up form');
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel('Your first name').fill('Maria');
  await page.getByLabel('Your last name').fill('Lopez');
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByLabel('Choose a password').fill(PW);
  await page.getByLabel('Type the password again').fill(PW);
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(lily.token);
  await page.getByLabel("Patient's date of birth").fill(lily.dob);
  // Once the token is chosen, the MRN's fields step aside: on a phone the
  // whole form is about three screens, not seven (2,587 px before).
  assert.ok(!(await page.getByLabel('Medical record number (MRN)').isVisible()));
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(tall < 2000, `the filled sign-up form is ${tall} px tall on a phone`);
  await check(page, 'the filled sign-up form');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await check(page, 'the page after signing up');

  // Verify the address.
  const link = lastMailTo(info, email).match(/https?:\/\/\S+\/signup\/verify#t=\S+/)[0];
  await page.goto(link);
  await check(page, 'the confirmation page');
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByText('your e-mail address is confirmed').waitFor();
  await check(page, 'the address confirmed');

  // Sign in: the keyboard reaches the skip link first, with a ring that
  // stands out from the page.
  // (The sign-in page is loaded before the Tab: pressed during the
  // navigation, it would land on the page being left.)
  await page.getByRole('link', { name: 'sign in', exact: true }).click();
  await page.getByLabel('E-mail address').waitFor();
  await page.keyboard.press('Tab');
  const ring = await focusRing(page);
  assert.equal(ring.text, 'Skip to main content');
  assert.ok(ring.style !== 'none' && ring.width >= 2, 'the skip link shows a focus ring');
  assert.ok(contrast(ring.outline, ring.page) >= 3,
    `focus ring ${ring.outline} on ${ring.page}: ${contrast(ring.outline, ring.page).toFixed(2)}:1`);
  await check(page, 'the sign-in form');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PW);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Welcome, Maria' }).waitFor();
  await check(page, 'the page after signing in');

  // On a phone the header's links sit behind "Menu", opened by keyboard.
  const menu = page.locator('header nav summary');
  assert.ok(await menu.isVisible(), 'a Menu button on a phone');
  assert.ok(!(await page.getByRole('link', { name: 'Messages', exact: true }).isVisible()));
  await menu.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Messages', exact: true }).waitFor();
  await check(page, 'the open menu');
  // The header on a phone: the brand and the Menu button on one row, the
  // hospital's name under them (issue 15.5), never the three-line wrap of
  // the links (issue 15.9).
  const brand = await page.locator('header .brand').boundingBox();
  const button = await menu.boundingBox();
  assert.ok(Math.abs((brand.y + brand.height / 2) - (button.y + button.height / 2)) < 12,
    `the brand and the Menu button share a row (${brand.y}, ${button.y})`);
  const header = await page.locator('header').boundingBox();
  assert.ok(header.height < 110, `the header is two short rows on a phone (${header.height} px)`);
  await page.keyboard.press('Enter');	// closes it again

  // Add the second child by MRN and visit date; a staff member approves.
  await page.goto(new URL('/account/add', info.url).href);
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel(/Medical record number and date of a past visit/).check();
  await page.getByLabel('Medical record number (MRN)').fill(leo.mrn);
  await page.getByLabel('Date of a past visit', { exact: true }).fill(leo.visit);
  assert.ok(!(await page.getByLabel('Activation token', { exact: true }).isVisible()));
  await check(page, 'the add-a-patient form');
  await page.getByRole('button', { name: 'Add the patient' }).click();
  await page.getByText('allow up to one business day').first().waitFor();
  await check(page, 'the account with a request being checked');

  const staff = await browser.newPage({ viewport: PHONE, bypassCSP: true });
  await staffSignIn(staff);
  await check(staff, 'the verification queue');
  const request = staff.locator('section.request').filter({ hasText: 'Maria Lopez' });
  await request.getByRole('button', { name: 'Approve' }).click();
  await staff.getByRole('heading', { name: 'Verification queue' }).waitFor();
  await check(staff, 'the queue after approving');

  // The home page: about one child, and a choice of both.
  await page.goto(new URL(HOME, info.url).href);
  await page.locator('p.about').waitFor();
  const shown = await page.getByLabel('Show').locator('option').allTextContents();
  assert.deepEqual(shown.sort(), ['Leo Lopez', 'Lily Lopez']);
  await check(page, 'the home page');
  await screenshots(page, 'home');

  // The record: summary, a section, the lab results; the current page
  // is marked in the header.
  await nav(page, 'Health record');
  await page.getByRole('navigation', { name: 'Record sections' }).waitFor();
  await check(page, 'the record summary');
  const here = page.locator('header [aria-current="page"]');
  assert.equal((await here.textContent()).trim(), 'Health record');
  assert.equal(await here.evaluate((a) => getComputedStyle(a).fontWeight), '700');
  // The sections stay on one row on a phone, scrolling inside themselves.
  const sections = page.getByRole('navigation', { name: 'Record sections' }).locator('ul');
  const row = await sections.evaluate((ul) => [...ul.children].map((li) => li.getBoundingClientRect().top));
  assert.equal(new Set(row.map(Math.round)).size, 1, 'the record sections are one row on a phone');
  await sections.getByRole('link', { name: 'Clinic notes' }).click();
  await page.getByText('is doing well.').first().waitFor();
  await check(page, 'the clinic notes');
  await screenshots(page, 'record-notes');
  await page.getByRole('navigation', { name: 'Record sections' })
    .getByRole('link', { name: 'Lab results' }).click();
  await page.waitForURL(/\/record\/labs/);
  await check(page, 'the lab results');

  // Messages: compose (a code block and a long address), the thread, the
  // care team's answer.
  await nav(page, 'Messages');
  await page.getByRole('link', { name: 'New message' }).click();
  await check(page, 'the compose form');
  await page.getByLabel('Kind of question').selectOption({ label: 'A medical question (not urgent)' });
  await page.getByLabel('Subject').fill('Inhaler schedule');
  const code = 'puffs_per_day = {"morning": 2, "evening": 2, "when_wheezing_at_night": "up to 4 more, then call"}';
  const url = 'https://example.org/a/very/long/address/that/never/breaks/by/itself/inhaler-technique-video-for-children';
  await page.getByLabel('Message', { exact: true }).fill(`The schedule we were given:\n\n    ${code}\n\nSee ${url} and \`${code}\`.`);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Your message was sent to the care team.').waitFor();
  assert.ok(await page.locator('.md pre').isVisible(), 'the code block is shown as code');
  await check(page, 'the thread with a code block');

  await staff.goto(new URL('/inbox/', info.url).href);
  await check(staff, 'the staff inbox');
  await staff.getByRole('link', { name: 'Inhaler schedule' }).click();
  await check(staff, 'the thread in the inbox');
  await staff.getByLabel('Answer').fill(`Yes:\n\n    ${code}\n\nSee ${url}.`);
  await staff.getByRole('button', { name: 'Send the answer' }).click();
  await staff.getByText('Your answer was sent').waitFor();
  await check(staff, 'the inbox after answering');
  await staff.close();

  await page.reload();
  await page.getByText('(care team)').first().waitFor();
  await check(page, 'the thread with the answer');
  await nav(page, 'Messages');
  await check(page, 'the messages list');

  // Visits, bills, contact information, insurance, sharing.
  await nav(page, 'Visits');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, 'the visits page');
  await nav(page, 'Bills');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, 'the bills page');
  await page.goto(new URL('/account/profile/', info.url).href);
  await check(page, 'the contact information');
  await nav(page, 'Insurance');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, 'the insurance summary');
  await nav(page, 'Share record');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, 'the share page');

  // Sign out.
  await nav(page, 'Sign out');
  await page.getByText('You are signed out.').waitFor();
  await check(page, 'the signed-out page');
  await page.close();
});
