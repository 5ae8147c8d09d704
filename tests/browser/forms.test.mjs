// Browser test (issue 15.3, 15.5, 15.9): at phone width (375 px), under
// the portal's own CSP, a failed form brings back everything typed (a
// message's line breaks exact), says what is wrong in sentences, wires
// each error to its field (aria-invalid, aria-describedby) and moves the
// focus to the error summary with no script (autofocus on it); a form
// sent with a stale token (a second tab) comes back on a page with the
// text to send again. axe-core passes on each of these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { start, stop, signUpAndIn, axe, nav, shots } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await stop(env); });

const PHONE = { width: 375, height: 812 };
const BODY = 'First line of my message.\n\nThird line, after a blank one.\n  Indented & <last> line.';

async function focused(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.id);
}

test('an empty sign-up: sentences, wired fields, focus on the summary', async () => {
  const { info, browser } = env;
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(new URL('/signup/', info.url).href);
  await page.getByLabel('Your first name').fill('Maria');
  await page.getByLabel('Your e-mail address').fill('maria.forms@example.org');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.locator('#errors').waitFor();
  assert.equal(await focused(page), 'errors', 'focus is on the error summary');
  const summary = await page.locator('#errors').innerText();
  assert.match(summary, /Choose who you are/);
  assert.doesNotMatch(summary, /Enter the who|Enter the way/);
  // Typed text back.
  assert.equal(await page.getByLabel('Your first name').inputValue(), 'Maria');
  assert.equal(await page.getByLabel('Your e-mail address').inputValue(),
    'maria.forms@example.org');
  // Each invalid control says so and points at its message.
  for (const id of ['who-guardian', 'who-self', 'family']) {
    const el = page.locator(`#${id}`);
    assert.equal(await el.getAttribute('aria-invalid'), 'true', id);
    const described = await el.getAttribute('aria-describedby');
    assert.ok(described, `${id} has aria-describedby`);
    assert.ok(await page.locator(`#${described.split(' ').pop()}`).count(), `${id}'s message exists`);
  }
  // A link of the summary takes the person to the field.
  await page.locator('#errors a[href="#family"]').click();
  assert.equal(new URL(page.url()).hash, '#family');
  await page.screenshot({ path: join(shots, 'forms-signup-errors.png'), fullPage: true });
  await axe(page, 'sign-up with errors at 375 px');
  await page.close();
});

test('compose: a refused attachment keeps every line; a stale token too', async () => {
  const { info, browser } = env;
  const page = await browser.newPage({ viewport: PHONE });
  await signUpAndIn(page, info, info.patients[0], 'maria.keep@example.org', 'Harbor7Lantern');
  await nav(page, 'Messages');	// behind the Menu on a phone
  await page.getByRole('link', { name: 'New message' }).click();
  await page.getByLabel('Subject').fill('About the rash');
  await page.getByLabel('Message').fill(BODY);
  const bad = join(tmpdir(), `virus-${process.pid}.png`);
  writeFileSync(bad, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
  await page.getByLabel('Attachments (optional)').setInputFiles(bad);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('virus').first().waitFor();
  assert.ok(['errors', 'problem', 'refusal'].includes(await focused(page)),
    'focus is on what went wrong');
  assert.equal(await page.getByLabel('Subject').inputValue(), 'About the rash');
  assert.equal((await page.getByLabel('Message').inputValue()).replace(/\r\n/g, '\n'), BODY,
    'the message comes back with its line breaks');
  await page.screenshot({ path: join(shots, 'forms-compose-refused.png'), fullPage: true });
  await axe(page, 'compose with a refused attachment at 375 px');

  // A second tab signed out and in again: this page's token is stale.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('input[name=csrf]')) el.value = 'x'.repeat(43);
  });
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('heading', { name: 'Your form was not sent' }).waitFor();
  assert.equal(await focused(page), 'problem', 'focus is on the sentence');
  assert.equal((await page.getByLabel('Message').inputValue()).replace(/\r\n/g, '\n'), BODY);
  assert.equal(await page.getByLabel('Subject').inputValue(), 'About the rash');
  await axe(page, 'the kept page at 375 px');
  // Sent again by the person's own click, it goes through.
  await page.getByRole('button', { name: 'Send again' }).click();
  await page.getByRole('heading', { name: 'About the rash' }).waitFor();
  assert.ok(await page.getByText('Third line, after a blank one.').isVisible());
  await page.close();
});
